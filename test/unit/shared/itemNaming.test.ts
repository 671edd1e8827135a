import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INodeType } from 'n8n-workflow';

import { namingItem, type OperationMap } from '../../../nodes/shared/description/router';
import { runNode } from '../../../dev/harness/n8nContext';
import { routedNode } from '../../helpers/routedNode';

/** A node whose one batch operation fails items 0 and 2 with one shared error, as a failed batch request does. */
function fanOutNode(shared: () => Error): INodeType {
	const operations: OperationMap = {
		doc: {
			submit: {
				description: [],
				async executeBatch(this: IExecuteFunctions, itemIndexes: number[]) {
					const error = shared();
					return itemIndexes.map((itemIndex) => (itemIndex === 1 ? { itemIndex, outputs: [{ json: { ok: true } }] } : { itemIndex, error }));
				},
			},
			get: {
				description: [],
				async execute(this: IExecuteFunctions, itemIndex: number) {
					throw new NodeOperationError(this.getNode(), 'Document ID is empty', { itemIndex });
				},
			},
		},
	};
	return routedNode(operations, [
		{ displayName: 'Resource', name: 'resource', type: 'options', options: [{ name: 'Doc', value: 'doc' }], default: 'doc' },
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			options: [
				{ name: 'Submit', value: 'submit' },
				{ name: 'Get', value: 'get' },
			],
			default: 'submit',
		},
	]);
}

const input = [{ json: {} }, { json: {} }, { json: {} }];

describe('the router names the failed item once', () => {
	it('adds " [item N]" to an error an operation threw without it', async () => {
		const result = await runNode({ nodeType: fanOutNode(() => new Error('unused')), parameters: { resource: 'doc', operation: 'get' }, credentials: {}, input });
		expect(result.error?.message).toBe('Document ID is empty [item 0]');
	});

	it('names each item of a fanned-out error under Continue On Fail, and leaves the shared error as it was', async () => {
		let shared: Error | undefined;
		const nodeType = fanOutNode(() => (shared = new Error('PerfectParser is unavailable (HTTP 503)')));
		const result = await runNode({ nodeType, parameters: { resource: 'doc', operation: 'submit' }, credentials: {}, input, continueOnFail: true });
		expect(result.items.map((item) => item.json.error ?? item.json.ok)).toEqual([
			'PerfectParser is unavailable (HTTP 503) [item 0]',
			true,
			'PerfectParser is unavailable (HTTP 503) [item 2]',
		]);
		expect(shared?.message).toBe('PerfectParser is unavailable (HTTP 503)');
	});

	it('names the item it places an error on, not the item in the error\'s context, and only once', () => {
		const node = { id: '1', name: 'n', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const error = new NodeApiError(node, { message: 'x' }, { message: 'Too many requests', httpCode: '429', itemIndex: 0 });
		const named = namingItem(error, 3);
		expect(named.message).toBe('Too many requests [item 3]');
		expect(named).toBeInstanceOf(NodeApiError);
		expect((named as NodeApiError).httpCode).toBe('429');
		expect((named as NodeApiError).context.itemIndex).toBe(3);
		expect(error.message).toBe('Too many requests');
		expect(namingItem(named, 3)).toBe(named);
	});
});

it('leaves a message that starts by naming its item as it is', () => {
	const error = new Error('Item 2 has no binary field "data"');
	expect(namingItem(error, 2).message).toBe('Item 2 has no binary field "data"');
	expect(namingItem(new Error('Item 12: the file is empty'), 1).message).toBe('Item 12: the file is empty [item 1]');
});
