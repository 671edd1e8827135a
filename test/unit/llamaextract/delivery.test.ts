/**
 * The LlamaExtract Trigger offers both deliveries in one node (n8n's panel groups one trigger per
 * app): Polling by default (LlamaExtract Trigger nodes saved before the choice polled, and n8n does
 * not store a parameter left at its default), or Webhook, as the hidden LlamaExtract Webhook
 * Trigger that older workflows hold does (webhookTrigger.test.ts runs its tests on both nodes).
 */
import nock from 'nock';
import { NodeHelpers, resolveWebhookDescriptionField, Workflow, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { LlamaExtractTrigger } from '../../../nodes/LlamaExtract/LlamaExtractTrigger.node';
import { LlamaExtractWebhookTrigger } from '../../../nodes/LlamaExtract/LlamaExtractWebhookTrigger.node';
import { runPoll } from '../../../dev/harness/n8nContext';
import { LLAMA_URL, fastTiming, llamaCredentials, pollLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastTiming());

/** A webhook description field as n8n's webhook service evaluates it for a saved node. */
function webhookField(parameters: INode['parameters'], field: 'httpMethod' | 'ndvHideUrl', fill = true): unknown {
	const nodeType: INodeType = new LlamaExtractTrigger();
	const node: INode = { id: 'n', name: 'LlamaExtract Trigger', type: 'le.trigger', typeVersion: 2, position: [0, 0], parameters };
	if (fill) node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? {};
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes });
	const description = nodeType.description.webhooks![0];
	return workflow.expression.getSimpleParameterValue(node, description[field] as string, 'internal', {});
}

test('the webhook exists for Webhook delivery only; Polling is the default, as saved LlamaExtract Trigger nodes poll', () => {
	// n8n registers no webhook whose method is empty: none with LlamaCloud, none for test events.
	expect(webhookField({}, 'httpMethod')).toBe('');
	expect(webhookField({}, 'httpMethod', false)).toBe('');
	expect(webhookField({ delivery: 'polling' }, 'httpMethod')).toBe('');
	expect(webhookField({ delivery: 'webhook' }, 'httpMethod')).toBe('POST');
	expect(webhookField({}, 'ndvHideUrl')).toBe(true);
	expect(webhookField({ delivery: 'webhook' }, 'ndvHideUrl')).toBe(false);
	const delivery = new LlamaExtractTrigger().description.properties.find((p) => p.name === 'delivery');
	expect(delivery?.default).toBe('polling');
});

test('n8n 2.41 resolves the webhook method without its expression engine, to what the engine gives', () => {
	// As for the PerfectParser Trigger: activation then needs no engine for a Webhook-delivery node.
	for (const parameters of [{ delivery: 'webhook' }, { delivery: 'webhook', events: ['extract.success'] }]) {
		const nodeType: INodeType = new LlamaExtractTrigger();
		const node: INode = { id: 'n', name: 'LlamaExtract Trigger', type: 'le.trigger', typeVersion: 2, position: [0, 0], parameters };
		node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? {};
		for (const field of ['httpMethod', 'ndvHideUrl'] as const) {
			const native = resolveWebhookDescriptionField(node, nodeType.description.webhooks![0], field);
			expect({ field, ...native }).toEqual({ field, resolved: true, value: webhookField(parameters, field) });
		}
	}
});

test('with Webhook delivery a poll returns nothing and makes no request', async () => {
	// No interceptor: any request would fail the poll.
	for (const mode of ['trigger', 'manual'] as const) {
		const out = await runPoll({ nodeType: new LlamaExtractTrigger(), parameters: { delivery: 'webhook', event: 'extractJobCompleted' }, credentials: llamaCredentials(), staticData: {}, mode });
		expect(out).toEqual({ items: null });
	}
});

test('a node saved before the choice (no delivery stored) polls and gives the same items as with Delivery "Polling"', async () => {
	const job = { id: 'ext-1', file_input: 'dfl-1', project_id: 'p', status: 'COMPLETED', extract_result: { total: 3 }, created_at: new Date(Date.now() - 60_000).toISOString(), updated_at: new Date().toISOString() };
	const scope = nock(LLAMA_URL).get('/api/v2/extract').query(true).times(2).reply(200, { items: [job], next_page_token: null });
	const saved = await pollLlama({ event: 'extractJobCompleted' }, { data: {} }, { mode: 'manual' });
	const chosen = await pollLlama({ delivery: 'polling', event: 'extractJobCompleted' }, { data: {} }, { mode: 'manual' });
	expect(saved.error).toBeUndefined();
	expect(saved.items?.map((item) => item.json.job_id)).toEqual(['ext-1']);
	expect(chosen).toEqual(saved);
	scope.done();
});

test('one LlamaExtract trigger in the node panel: the webhook node of its own is hidden', () => {
	expect(new LlamaExtractWebhookTrigger().description.hidden).toBe(true);
	expect(new LlamaExtractTrigger().description.hidden).toBeUndefined();
	const fields = (delivery: string) =>
		new LlamaExtractTrigger().description.properties.filter((p) => p.displayOptions?.show?.delivery?.includes(delivery)).map((p) => p.name);
	expect(fields('polling')).toEqual(['notice', 'event', 'statuses', 'overlapHours', 'configurationId', 'agent', 'includeErrors', 'simplify', 'flatten']);
	expect(fields('webhook')).toEqual(['notice', 'events', 'fetchJob', 'flatten']);
	expect(new LlamaExtractTrigger().description.properties.filter((p) => !p.displayOptions?.show?.delivery).map((p) => p.name)).toEqual(['delivery']);
});

test('both deliveries name the field of the events that start the workflow "Trigger On", in LlamaExtract and PerfectParser', async () => {
	const { PerfectParserTrigger } = await import('../../../nodes/PerfectParser/PerfectParserTrigger.node');
	const label = (node: INodeType, name: string) => node.description.properties.find((p) => p.name === name)?.displayName;
	expect(label(new LlamaExtractTrigger(), 'event')).toBe('Trigger On');
	expect(label(new LlamaExtractTrigger(), 'events')).toBe('Trigger On');
	expect(label(new PerfectParserTrigger(), 'statuses')).toBe('Trigger On');
	expect(label(new PerfectParserTrigger(), 'events')).toBe('Trigger On');
});

test('the Webhook delivery\'s notice says what to do first (https, or Polling to test locally); how deliveries are checked is behind the README link', () => {
	const notice = new LlamaExtractTrigger().description.properties.find((p) => p.type === 'notice' && p.displayOptions?.show?.delivery?.includes('webhook'));
	expect(notice?.displayName).toMatch(/^LlamaCloud calls only https URLs: set n8n's WEBHOOK_URL to its public https address, or choose Delivery "Polling" to test on a local n8n\./);
	expect(notice?.displayName).toMatch(/<a href="https:\/\/github\.com\/[^"]+\/nodes\/LlamaExtract\/README\.md" target="_blank">How deliveries are checked<\/a>$/);
	expect(notice?.displayName).not.toMatch(/HMAC|LC-Signature/);
});
