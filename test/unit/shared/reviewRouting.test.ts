import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeType } from 'n8n-workflow';

import { markRunOutcome } from '../../../nodes/shared/review/rules';
import { reviewOutputs, reviewProperties } from '../../../nodes/shared/review/description';
import type { OperationMap } from '../../../nodes/shared/description/router';
import { runNode } from '../../../dev/harness/n8nContext';
import { routedNode } from '../../helpers/routedNode';

/** A node with one operation that echoes its input item, or fails the way the item says. */
function echoNode(reviewed = true): INodeType {
	const operations: OperationMap = {
		doc: {
			extract: {
				description: [],
				async execute(this: IExecuteFunctions, itemIndex: number) {
					const json = this.getInputData()[itemIndex].json;
					if (json.fails === 'timeout') throw markRunOutcome(new NodeOperationError(this.getNode(), `Job ${itemIndex} did not finish within the max wait [item ${itemIndex}]`), 'timedOut', 'RUNNING');
					if (json.fails === 'auth') throw new NodeOperationError(this.getNode(), 'Forbidden', { itemIndex });
					return [{ json: { ...json } }];
				},
				...(reviewed
					? {
							review: {
								async subject(json: IDataObject) {
									return { outcome: 'completed' as const, data: json.data, required: ['total'], knownFields: ['total', 'vendor'], fields: {} };
								},
							},
						}
					: {}),
			},
		},
	};
	return routedNode(
		operations,
		[
			{ displayName: 'Resource', name: 'resource', type: 'options', options: [{ name: 'Doc', value: 'doc' }], default: 'doc' },
			{ displayName: 'Operation', name: 'operation', type: 'options', options: [{ name: 'Extract', value: 'extract' }], default: 'extract' },
			...reviewProperties('doc', ['extract'], 'field'),
		],
		reviewOutputs as never,
	);
}

const input = [
	{ json: { data: { total: 10, vendor: 'Acme' } } },
	{ json: { data: { total: null, vendor: 'Acme' } } },
	{ json: { data: { total: 5 } } },
];

describe('review routing in the shared router', () => {
	it('is exactly as today when the option is off: one output, the same items', async () => {
		const result = await runNode({ nodeType: echoNode(), parameters: { resource: 'doc', operation: 'extract' }, credentials: {}, input });
		expect(result.outputs).toHaveLength(1);
		expect(result.items).toEqual(input.map((item, index) => ({ json: item.json, pairedItem: { item: index } })));
	});

	it('places items on Extracted or Needs Review with review reasons, pairedItem kept', async () => {
		const result = await runNode({ nodeType: echoNode(), parameters: { resource: 'doc', operation: 'extract', routeResultsNeedingReview: true }, credentials: {}, input });
		const [extracted, needsReview] = result.outputs!;
		expect(extracted.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(extracted[0].json.review).toEqual({ needed: false, reasons: [] });
		expect(needsReview).toEqual([{ json: { data: { total: null, vendor: 'Acme' }, review: { needed: true, reasons: ['total is empty'] } }, pairedItem: { item: 1 } }]);
	});

	it('sends a timed-out wait to Needs Review instead of an error, but not other errors', async () => {
		const parameters = { resource: 'doc', operation: 'extract', routeResultsNeedingReview: true };
		const routed = await runNode({ nodeType: echoNode(), parameters, credentials: {}, input: [{ json: { fails: 'timeout' } }, input[0]] });
		expect(routed.error).toBeUndefined();
		expect(routed.outputs![1]).toEqual([
			{
				json: {
					error: 'Job 0 did not finish within the max wait [item 0]',
					review: { needed: true, reasons: ['the extraction did not finish within the max wait (last status "RUNNING")'] },
				},
				pairedItem: { item: 0 },
			},
		]);
		const kept = await runNode({ nodeType: echoNode(), parameters: { ...parameters, reviewRules: { routeFailures: false } }, credentials: {}, input: [{ json: { fails: 'timeout' } }] });
		expect(kept.error?.message).toMatch(/did not finish/);
		const other = await runNode({ nodeType: echoNode(), parameters, credentials: {}, input: [{ json: { fails: 'auth' } }] });
		expect(other.error?.message).toBe('Forbidden [item 0]');
	});

	it('refuses a bad rule for its item before the operation runs, losing nothing else', async () => {
		const parameters = { resource: 'doc', operation: 'extract', routeResultsNeedingReview: true, reviewRules: { minConfidence: '={{ $json.threshold }}' } };
		const result = await runNode({
			nodeType: echoNode(),
			parameters,
			credentials: {},
			continueOnFail: true,
			input: [{ json: { threshold: 2, data: { total: 1 } } }, { json: { threshold: 0.5, data: { total: 1 } } }],
		});
		const [extracted] = result.outputs!;
		expect(extracted).toEqual([
			expect.objectContaining({ json: expect.objectContaining({ error: 'Minimum Confidence must be between 0 and 1, not 2 [item 0]' }), pairedItem: { item: 0 } }),
			expect.objectContaining({ json: { data: { total: 1 }, threshold: 0.5, review: { needed: false, reasons: [] } }, pairedItem: { item: 1 } }),
		]);
	});

	it('leaves operations without results alone even with the parameter set', async () => {
		const result = await runNode({ nodeType: echoNode(false), parameters: { resource: 'doc', operation: 'extract', routeResultsNeedingReview: true }, credentials: {}, input });
		expect(result.outputs).toHaveLength(1);
	});
});
