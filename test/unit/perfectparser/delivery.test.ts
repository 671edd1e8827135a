/**
 * The PerfectParser Trigger offers both deliveries in one node (n8n's panel groups one trigger per
 * app): its webhook exists only for Webhook, its poll only asks for Polling, and the polling node
 * of its own that older workflows hold still works, hidden from the panel.
 */
import nock from 'nock';
import { NodeHelpers, resolveWebhookDescriptionField, Workflow, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { PerfectParserPollingTrigger } from '../../../nodes/PerfectParser/PerfectParserPollingTrigger.node';
import { PerfectParserTrigger } from '../../../nodes/PerfectParser/PerfectParserTrigger.node';
import { runPoll } from '../../../dev/harness/n8nContext';
import { PP_KEY, PP_URL, fastRetries, pollPP, ppCredentials } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

/** A saved node with the defaults n8n applies, and its workflow. */
function savedNode(parameters: INode['parameters']) {
	const nodeType: INodeType = new PerfectParserTrigger();
	const node: INode = { id: 'n', name: 'PerfectParser Trigger', type: 'pp.trigger', typeVersion: 2, position: [0, 0], parameters };
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? {};
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes });
	return { node, workflow, description: nodeType.description.webhooks![0] };
}

/** A webhook description field as n8n's expression engine evaluates it for a saved node. */
function webhookField(parameters: INode['parameters'], field: 'httpMethod' | 'ndvHideUrl'): unknown {
	const { node, workflow, description } = savedNode(parameters);
	return workflow.expression.getSimpleParameterValue(node, description[field] as string, 'internal', {});
}

test('the webhook exists for Webhook delivery (the default, as nodes saved before the choice have) and not for Polling', () => {
	expect(webhookField({}, 'httpMethod')).toBe('POST');
	expect(webhookField({ delivery: 'webhook' }, 'httpMethod')).toBe('POST');
	// n8n registers no webhook whose method is empty: none with PerfectParser, none for test events.
	expect(webhookField({ delivery: 'polling' }, 'httpMethod')).toBe('');
	expect(webhookField({ delivery: 'polling' }, 'ndvHideUrl')).toBe(true);
	expect(webhookField({ delivery: 'webhook' }, 'ndvHideUrl')).toBe(false);
});

test('n8n 2.41 resolves the webhook method without its expression engine, to what the engine gives', () => {
	// n8n 2.41.1 was seen failing an activation while evaluating the method through the engine,
	// after the service's webhook was registered; resolved natively, activation needs no engine.
	for (const parameters of [{}, { delivery: 'webhook' }, { delivery: 'webhook', events: ['extraction.job_completed'], options: { fetchData: false } }]) {
		const { node, description } = savedNode(parameters);
		for (const field of ['httpMethod', 'ndvHideUrl'] as const) {
			expect({ field, ...resolveWebhookDescriptionField(node, description, field) }).toEqual({ field, resolved: true, value: webhookField(parameters, field) });
		}
	}
	// Polling holds the Parser picker (a resource locator), which n8n hands to its engine: same value.
	const { node, description } = savedNode({ delivery: 'polling' });
	const native = resolveWebhookDescriptionField(node, description, 'httpMethod');
	expect(native.resolved ? native.value : webhookField({ delivery: 'polling' }, 'httpMethod')).toBe('');
});

test('with Webhook delivery a poll returns nothing and makes no request', async () => {
	// No interceptor: any request would fail the poll.
	for (const mode of ['trigger', 'manual'] as const) {
		const out = await runPoll({ nodeType: new PerfectParserTrigger(), parameters: { statuses: ['completed'] }, credentials: ppCredentials(), staticData: {}, mode });
		expect(out).toEqual({ items: null });
	}
});

test('with Polling delivery the trigger polls as the hidden polling node does, and that node still works', async () => {
	const extraction = { extraction_id: 'ext_1', status: 'completed', updated_at: '2026-06-20T10:00:00.000Z' };
	const scope = nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } })
		.get('/v1/extractions')
		.query({ status: 'completed', limit: 20 })
		.times(2)
		.reply(200, { extractions: [extraction], pagination: {} });
	const merged = await pollPP({ statuses: ['completed'] }, {}, 'manual');
	const legacy = await runPoll({ nodeType: new PerfectParserPollingTrigger(), parameters: { statuses: ['completed'] }, credentials: ppCredentials(), staticData: {}, mode: 'manual' });
	expect(merged.error).toBeUndefined();
	expect(merged.items?.map((item) => item.json.extraction_id)).toEqual(['ext_1']);
	expect(legacy).toEqual(merged);
	scope.done();
});

test('one PerfectParser trigger in the node panel: the polling node of its own is hidden', () => {
	expect(new PerfectParserPollingTrigger().description.hidden).toBe(true);
	expect(new PerfectParserTrigger().description.hidden).toBeUndefined();
	const fields = (delivery: string) =>
		new PerfectParserTrigger().description.properties.filter((p) => p.displayOptions?.show?.delivery?.includes(delivery)).map((p) => p.name);
	expect(fields('polling')).toEqual(['notice', 'statuses', 'parserId', 'flatten', 'options']);
	expect(fields('webhook')).toEqual(['notice', 'events', 'flatten', 'options']);
	// Every field but Delivery belongs to one delivery.
	expect(new PerfectParserTrigger().description.properties.filter((p) => !p.displayOptions?.show?.delivery).map((p) => p.name)).toEqual(['delivery']);
});
