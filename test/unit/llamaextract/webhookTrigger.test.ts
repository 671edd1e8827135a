import { createHmac } from 'crypto';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { LlamaExtractTrigger } from '../../../nodes/LlamaExtract/LlamaExtractTrigger.node';
import { LlamaExtractWebhookTrigger } from '../../../nodes/LlamaExtract/LlamaExtractWebhookTrigger.node';
import { hookContext, runWebhook } from '../../../dev/harness/n8nContext';
import { LLAMA_KEY, LLAMA_URL, fastTiming, llamaCredentials } from '../../helpers/llamaextract';
import { REPLAY_MAX_KEYS } from '../../../nodes/shared/triggers/replayGuard';
import { clock } from '../../../nodes/shared/waiting/wait';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());

const HTTPS_URL = 'https://n8n.example.com/webhook/abc/webhook';
const SECRET = 'a'.repeat(64);
/**
 * Every test runs on both nodes that take LlamaCloud's job webhooks: the LlamaExtract Trigger with
 * Delivery "Webhook", and the hidden LlamaExtract Webhook Trigger saved workflows hold.
 */
const VARIANTS = [
	{ name: 'LlamaExtract Trigger, Delivery "Webhook"', make: () => new LlamaExtractTrigger(), parameters: { delivery: 'webhook' } as IDataObject, key: 'node:LlamaExtract Trigger' },
	{ name: 'LlamaExtract Webhook Trigger (hidden)', make: () => new LlamaExtractWebhookTrigger(), parameters: {} as IDataObject, key: 'node:LlamaExtract Webhook Trigger' },
];
let current = VARIANTS[0];
/** n8n keeps a node's static data under its name. */
let KEY = current.key;
const withDelivery = (parameters: IDataObject): IDataObject => ({ ...current.parameters, ...parameters });
const api = () => nock(LLAMA_URL, { reqheaders: { authorization: `Bearer ${LLAMA_KEY}` } });

/** The trigger's hook methods in a real hook context; the webhook URL as n8n would give it. */
function hooks(staticData: IDataObject, url: string | null = HTTPS_URL, parameters: IDataObject = { events: ['extract.success', 'extract.error'] }) {
	const nodeType = current.make();
	const context = hookContext({ nodeType, parameters: withDelivery(parameters), credentials: llamaCredentials(), staticData });
	if (url) context.getNodeWebhookUrl = () => url;
	const methods = nodeType.webhookMethods.default;
	return {
		context,
		checkExists: async () => await methods.checkExists.call(context),
		create: async () => await methods.create.call(context),
		delete: async () => await methods.delete.call(context),
	};
}

const state = (staticData: IDataObject) => (staticData[KEY] ?? {}) as IDataObject;
const active = (): IDataObject => ({ [KEY]: { webhookConfigurationId: 'whc-1', signingSecret: SECRET } });
const sign = (raw: Buffer, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe.each(VARIANTS)('$name', (variant) => {
	beforeAll(() => {
		current = variant;
		KEY = variant.key;
	});

	describe('lifecycle', () => {
		test('create saves a webhook configuration for this URL and the events, with a secret the node generated', async () => {
			const staticData: IDataObject = {};
			let sent: IDataObject = {};
			const scope = api()
				.post('/api/v1/beta/webhook-configs', (body: IDataObject) => {
					sent = body;
					return true;
				})
				.reply(200, { id: 'whc-9', has_secret: true, tenant_id: 'p', tenant_type: 'project', webhook_url: HTTPS_URL });
			expect(await hooks(staticData).create()).toBe(true);
			scope.done();
			expect(sent).toMatchObject({ webhook_url: HTTPS_URL, webhook_events: ['extract.success', 'extract.error'], webhook_output_format: 'json' });
			expect(String(sent.webhook_signing_secret)).toMatch(/^[0-9a-f]{64}$/);
			expect(state(staticData)).toEqual({ webhookConfigurationId: 'whc-9', signingSecret: sent.webhook_signing_secret });
		});

		test('a webhook URL that is not https: the error says what to do (WEBHOOK_URL, or Polling to test locally) and names the URL; nothing is sent', async () => {
			const staticData: IDataObject = {};
			const trigger = hooks(staticData, null);
			expect(trigger.context.getNodeWebhookUrl('default')).toMatch(/^http:\/\//);
			const error = (await trigger.create().catch((e: Error) => e)) as Error & { description?: string };
			// n8n's editor shows only the message when it cannot set up a test webhook.
			expect(error.message).toMatch(/^LlamaCloud calls only https webhook URLs: set n8n's WEBHOOK_URL to its public https address, or .*Polling.* to test locally$/);
			expect(error.description).toMatch(/^This n8n's webhook URL is http:\/\/127\.0\.0\.1:5678\/webhook\/\S+\. Set n8n's WEBHOOK_URL/);
			expect(nock.pendingMocks()).toEqual([]);
			expect(state(staticData)).toEqual({});
		});

		test('checkExists: true while it matches; a 404, changed events or a missing secret replace it', async () => {
			const current = { id: 'whc-1', webhook_url: HTTPS_URL, webhook_events: ['extract.error', 'extract.success'], has_secret: true };
			api().get('/api/v1/beta/webhook-configs/whc-1').reply(200, current);
			expect(await hooks(active()).checkExists()).toBe(true);

			const gone = active();
			api().get('/api/v1/beta/webhook-configs/whc-1').reply(404, { detail: 'Not found' });
			expect(await hooks(gone).checkExists()).toBe(false);
			expect(state(gone)).toEqual({});

			const changed = active();
			const scope = api().get('/api/v1/beta/webhook-configs/whc-1').reply(200, { ...current, webhook_events: ['extract.success'] }).delete('/api/v1/beta/webhook-configs/whc-1').reply(204);
			expect(await hooks(changed).checkExists()).toBe(false);
			scope.done();

			const noSecret: IDataObject = { [KEY]: { webhookConfigurationId: 'whc-1' } };
			const replaced = api().delete('/api/v1/beta/webhook-configs/whc-1').reply(404, { detail: 'gone' });
			expect(await hooks(noSecret).checkExists()).toBe(false);
			replaced.done();
		});

		test('delete removes the configuration (404 is fine) and forgets it', async () => {
			const staticData = active();
			const scope = api().delete('/api/v1/beta/webhook-configs/whc-1').reply(204);
			expect(await hooks(staticData).delete()).toBe(true);
			scope.done();
			expect(state(staticData)).toEqual({});
		});
	});

	describe('deliveries', () => {
		const deliver = async (raw: Buffer, headers: Record<string, string>, parameters: IDataObject = { events: ['extract.success'] }) =>
			await runWebhook({ nodeType: current.make(), parameters: withDelivery(parameters), credentials: llamaCredentials(), staticData: active(), request: { headers, rawBody: raw, body: JSON.parse(raw.toString()) } });

		test('a signed success starts the workflow with the fetched job', async () => {
			const raw = Buffer.from(JSON.stringify({ event_id: 'e1', event_type: 'extract.success', data: { job_id: 'ext-1', status: 'COMPLETED' } }));
			const scope = api()
				.get('/api/v2/extract/ext-1')
				.reply(200, { id: 'ext-1', file_input: 'dfl-1', project_id: 'p', status: 'COMPLETED', extract_result: { total: 3 }, created_at: 'x', updated_at: 'y' });
			const { result, response } = await deliver(raw, { 'LC-Signature': sign(raw) });
			expect(response.statusCode).toBe(200);
			expect(result?.workflowData?.[0][0].json).toMatchObject({ event: 'extract.success', job_id: 'ext-1', status: 'COMPLETED', data: { total: 3 } });
			// Answered by the trigger before n8n starts the run: only then does n8n save the accepted
			// delivery in static data, which the replay guard needs.
			expect(response).toEqual({ statusCode: 200, body: { received: true }, ended: true });
			expect(result?.noWebhookResponse).toBe(true);
			scope.done();
		});

		test.each([
			['unsigned', {}],
			['signed with another secret', { 'LC-Signature': sign(Buffer.from('{}'), 'other') }],
		])('%s: 401, no workflow run, nothing fetched', async (_, headers) => {
			const raw = Buffer.from(JSON.stringify({ event_type: 'extract.success', data: { job_id: 'ext-1' } }));
			const { result, response } = await deliver(raw, headers as Record<string, string>);
			expect(response.statusCode).toBe(401);
			expect(result?.workflowData).toBeUndefined();
		});

		test('a body re-serialised after signing fails the check (the raw bytes are signed)', async () => {
			const raw = Buffer.from('{"event_type": "extract.success",  "data": {"job_id": "ext-1"}}');
			const signature = sign(Buffer.from(JSON.stringify(JSON.parse(raw.toString()))));
			const { response } = await deliver(raw, { 'LC-Signature': signature });
			expect(response.statusCode).toBe(401);
		});

		test('an event not chosen is answered and ignored', async () => {
			const raw = Buffer.from(JSON.stringify({ event_type: 'extract.error', data: { job_id: 'ext-1' } }));
			const { result } = await deliver(raw, { 'LC-Signature': sign(raw) });
			expect(result?.workflowData).toBeUndefined();
			expect(result?.webhookResponse).toEqual({ received: true, ignored: 'event extract.error not selected' });
		});

		test('a job that cannot be fetched still starts the workflow, saying why', async () => {
			const raw = Buffer.from(JSON.stringify({ event_type: 'extract.success', data: JSON.stringify({ job_id: 'ext-2' }) }));
			api().get('/api/v2/extract/ext-2').reply(404, { detail: 'nope' });
			const { result } = await deliver(raw, { 'LC-Signature': sign(raw) });
			expect(result?.workflowData?.[0][0].json).toMatchObject({ job_id: 'ext-2', fetch_error: 'Extraction job ext-2 was not found' });
		});
	});

	describe('Flatten (node version 2)', () => {
		const deliverAt = async (typeVersion: number, raw: Buffer, parameters: IDataObject = { events: ['extract.success'] }) =>
			await runWebhook({ nodeType: current.make(), parameters: withDelivery(parameters), credentials: llamaCredentials(), staticData: active(), typeVersion, request: { headers: { 'LC-Signature': sign(raw) }, rawBody: raw, body: JSON.parse(raw.toString()) } });
		const raw = Buffer.from(JSON.stringify({ event_id: 'e1', event_type: 'extract.success', data: { job_id: 'ext-1', status: 'COMPLETED' } }));
		const job = () =>
			api()
				.get('/api/v2/extract/ext-1')
				.reply(200, { id: 'ext-1', file_input: 'dfl-1', project_id: 'p', status: 'COMPLETED', extract_result: { total: 3, invoice_number: 'INV-9' }, created_at: 'x', updated_at: 'y' });

		test('the fetched job comes flattened at version 2 and nested at version 1; the delivery payload is kept as it came', async () => {
			const v2 = job();
			const flat = (await deliverAt(2, raw)).result?.workflowData?.[0][0].json;
			v2.done();
			expect(flat).toMatchObject({ event: 'extract.success', job_id: 'ext-1', status: 'COMPLETED', total: 3, invoice_number: 'INV-9', payload: { data: { job_id: 'ext-1' } } });
			expect(flat?.data).toBeUndefined();
			const v1 = job();
			const nested = (await deliverAt(1, raw)).result?.workflowData?.[0][0].json;
			v1.done();
			expect(nested).toMatchObject({ job_id: 'ext-1', data: { total: 3, invoice_number: 'INV-9' } });
			expect(nested?.total).toBeUndefined();
		});
	});

	describe('replays (LlamaCloud signs only the body: no timestamp, no id)', () => {
		const realNow = clock.now;
		afterEach(() => {
			clock.now = realNow;
		});
		const deliverTo = async (staticData: IDataObject, raw: Buffer, parameters: IDataObject = { events: ['extract.success', 'extract.error'], fetchJob: false }) =>
			await runWebhook({ nodeType: current.make(), parameters: withDelivery(parameters), credentials: llamaCredentials(), staticData, request: { headers: { 'LC-Signature': sign(raw) }, rawBody: raw, body: JSON.parse(raw.toString()) } });
		const started = (out: Awaited<ReturnType<typeof deliverTo>>) => out.result?.workflowData !== undefined;
		const body = (event: string, jobId: string, extra: IDataObject = {}) => Buffer.from(JSON.stringify({ event_type: event, data: { job_id: jobId }, ...extra }));

		test('the same signed delivery twice runs the workflow once; the copy is answered 200 with nothing run or fetched', async () => {
			const staticData = active();
			const raw = body('extract.success', 'ext-1');
			const scope = api().get('/api/v2/extract/ext-1').once().reply(200, { id: 'ext-1', status: 'COMPLETED', extract_result: {} });
			const parameters = { events: ['extract.success'], fetchJob: true };
			expect(started(await deliverTo(staticData, raw, parameters))).toBe(true);
			const copy = await deliverTo(staticData, raw, parameters);
			scope.done();
			expect(started(copy)).toBe(false);
			expect(copy.response.statusCode).toBe(200);
			expect(copy.result?.webhookResponse).toEqual({ received: true, ignored: 'already received' });
		});

		test('the same job and event in other bytes (another event id, re-serialised) is a replay; another event of the job, or another job, runs', async () => {
			const staticData = active();
			expect(started(await deliverTo(staticData, body('extract.success', 'ext-1', { event_id: 'e1' })))).toBe(true);
			expect(started(await deliverTo(staticData, body('extract.success', 'ext-1', { event_id: 'e2', created_at: 'later' })))).toBe(false);
			expect(started(await deliverTo(staticData, body('extract.error', 'ext-1')))).toBe(true);
			expect(started(await deliverTo(staticData, body('extract.success', 'ext-2')))).toBe(true);
		});

		test('a delivery accepted more than 24 h ago runs again; the store is the shared bounded one', async () => {
			const staticData = active();
			const raw = body('extract.success', 'ext-1');
			const start = Date.parse('2026-06-20T10:00:00Z');
			clock.now = () => start;
			expect(started(await deliverTo(staticData, raw))).toBe(true);
			clock.now = () => start + 23 * 3600_000;
			expect(started(await deliverTo(staticData, raw))).toBe(false);
			clock.now = () => start + 25 * 3600_000;
			expect(started(await deliverTo(staticData, raw))).toBe(true);
			const kept = (staticData[KEY] as IDataObject).acceptedDeliveries as unknown[];
			expect(kept).toHaveLength(2);
			// Past REPLAY_MAX_KEYS the oldest keys go.
			for (let i = 0; i < 600; i++) await deliverTo(staticData, body('extract.success', `job-${i}`));
			expect(((staticData[KEY] as IDataObject).acceptedDeliveries as unknown[]).length).toBe(REPLAY_MAX_KEYS);
		}, 60_000);

		test('an unselected event is not remembered: selecting it later runs it', async () => {
			const staticData = active();
			const raw = body('extract.cancelled', 'ext-3');
			expect(started(await deliverTo(staticData, raw, { events: ['extract.success'], fetchJob: false }))).toBe(false);
			expect(started(await deliverTo(staticData, raw, { events: ['extract.cancelled'], fetchJob: false }))).toBe(true);
		});
	});

	describe('partial success and cancelled', () => {
		const deliverEvent = async (raw: Buffer, parameters: IDataObject) =>
			await runWebhook({ nodeType: current.make(), parameters: withDelivery(parameters), credentials: llamaCredentials(), staticData: active(), request: { headers: { 'LC-Signature': sign(raw) }, rawBody: raw, body: JSON.parse(raw.toString()) } });

		test('the trigger offers the four terminal extract events LlamaCloud sends, by their SDK names', () => {
			const events = current.make().description.properties.find((p) => p.name === 'events')?.options as Array<{ value: string }>;
			expect(events.map((e) => e.value)).toEqual(['extract.success', 'extract.error', 'extract.partial_success', 'extract.cancelled']);
		});

		test.each([
			['extract.partial_success', 'COMPLETED', 'PARTIAL_SUCCESS'],
			['extract.cancelled', 'CANCELLED', 'CANCELLED'],
			['extract.error', 'FAILED', 'FAILED'],
		])('%s starts the workflow when chosen; the item\'s status says how the job ended (job reads %s)', async (event, jobStatus, status) => {
			const raw = Buffer.from(JSON.stringify({ event_type: event, data: { job_id: 'ext-5' } }));
			const scope = api().get('/api/v2/extract/ext-5').reply(200, { id: 'ext-5', status: jobStatus, extract_result: { total: 1 } });
			const fetched = await deliverEvent(raw, { events: [event], fetchJob: true });
			scope.done();
			expect(fetched.result?.workflowData?.[0][0].json).toMatchObject({ event, job_id: 'ext-5', status });
			const bare = await deliverEvent(raw, { events: [event], fetchJob: false });
			expect(bare.result?.workflowData?.[0][0].json).toMatchObject({ event, job_id: 'ext-5', status });
		});
	});
});
