import { createHmac } from 'crypto';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { PerfectParserTrigger } from '../../../nodes/PerfectParser/PerfectParserTrigger.node';
import { verifySignature } from '../../../nodes/PerfectParser/signature';
import { PP_KEY, PP_URL, deliver, fastRetries, triggerHooks } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const SECRET = 'wh_sec_a1b2c3d4e5f6';
const EVENTS = ['extraction.document_completed', 'extraction.job_completed'];
const api = () => nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } });

function sign(raw: Buffer, secret = SECRET): string {
	return createHmac('sha256', secret).update(raw).digest('hex');
}

/** Static data as n8n keeps it for an active trigger: under the node's key. */
function activeState(): IDataObject {
	return { 'node:PerfectParser Trigger': { webhookId: 'wh_1', signingSecret: SECRET } };
}

function nodeState(staticData: IDataObject): IDataObject {
	return (staticData['node:PerfectParser Trigger'] ?? {}) as IDataObject;
}

describe('lifecycle', () => {
	test('create registers this node\'s URL for the chosen events and keeps id and signing secret', async () => {
		const staticData: IDataObject = {};
		const hooks = triggerHooks({ events: EVENTS }, staticData);
		const url = hooks.context.getNodeWebhookUrl('default');
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:5678\/webhook\//);
		const scope = api().post('/v1/webhooks', { url: url!, events: EVENTS }).reply(201, { webhook: { webhook_id: 'wh_9', url, events: EVENTS, signing_secret: 'wh_sec_new' } });
		expect(await hooks.create()).toBe(true);
		scope.done();
		expect(nodeState(staticData)).toEqual({ webhookId: 'wh_9', signingSecret: 'wh_sec_new' });
	});

	test('create fails clearly when no signing secret comes back', async () => {
		const hooks = triggerHooks({ events: EVENTS }, {});
		api().post('/v1/webhooks').reply(201, { webhook: { webhook_id: 'wh_9' } });
		await expect(hooks.create()).rejects.toThrow(/no signing secret/);
	});

	test('checkExists: nothing stored → false, without a request', async () => {
		expect(await triggerHooks({ events: EVENTS }, {}).checkExists()).toBe(false);
	});

	test('checkExists: our webhook is still there with this URL and these events → true', async () => {
		const staticData = activeState();
		const hooks = triggerHooks({ events: EVENTS }, staticData);
		const scope = api().get('/v1/webhooks/wh_1').reply(200, { webhook: { webhook_id: 'wh_1', url: hooks.context.getNodeWebhookUrl('default'), events: [...EVENTS].reverse(), is_active: true } });
		expect(await hooks.checkExists()).toBe(true);
		scope.done();
	});

	test('checkExists: the webhook disappeared → false and the stale id is forgotten, so create re-registers', async () => {
		const staticData = activeState();
		const hooks = triggerHooks({ events: EVENTS }, staticData);
		const scope = api().get('/v1/webhooks/wh_1').reply(404, { error: { code: 'RESOURCE_NOT_FOUND', message: 'gone' } });
		expect(await hooks.checkExists()).toBe(false);
		scope.done();
		expect(nodeState(staticData)).toEqual({});
	});

	test.each([204, 404])('checkExists: an id stored without its secret → the old webhook is deleted (%i is fine) and false returned', async (status) => {
		const staticData: IDataObject = { 'node:PerfectParser Trigger': { webhookId: 'wh_1' } };
		const hooks = triggerHooks({ events: EVENTS }, staticData);
		const scope = api().delete('/v1/webhooks/wh_1').reply(status, status === 404 ? { error: { code: 'RESOURCE_NOT_FOUND' } } : undefined);
		expect(await hooks.checkExists()).toBe(false);
		scope.done();
		expect(nodeState(staticData)).toEqual({});
	});

	test('checkExists: events changed → the old webhook is deleted and false returned', async () => {
		const staticData = activeState();
		const hooks = triggerHooks({ events: ['extraction.job_completed'] }, staticData);
		const scope = api()
			.get('/v1/webhooks/wh_1')
			.reply(200, { webhook: { webhook_id: 'wh_1', url: hooks.context.getNodeWebhookUrl('default'), events: EVENTS, is_active: true } })
			.delete('/v1/webhooks/wh_1')
			.reply(204);
		expect(await hooks.checkExists()).toBe(false);
		scope.done();
	});

	test('checkExists: a paused webhook is resumed', async () => {
		const hooks = triggerHooks({ events: EVENTS }, activeState());
		const scope = api()
			.get('/v1/webhooks/wh_1')
			.reply(200, { webhook: { webhook_id: 'wh_1', url: hooks.context.getNodeWebhookUrl('default'), events: EVENTS, is_active: false } })
			.patch('/v1/webhooks/wh_1', { is_active: true })
			.reply(200, { webhook: { webhook_id: 'wh_1', is_active: true } });
		expect(await hooks.checkExists()).toBe(true);
		scope.done();
	});

	test('delete removes the webhook and forgets it; an already deleted one is fine', async () => {
		const staticData = activeState();
		const scope = api().delete('/v1/webhooks/wh_1').reply(204);
		expect(await triggerHooks({ events: EVENTS }, staticData).delete()).toBe(true);
		scope.done();
		expect(nodeState(staticData)).toEqual({});
		const again = activeState();
		api().delete('/v1/webhooks/wh_1').reply(404, { error: { code: 'RESOURCE_NOT_FOUND' } });
		expect(await triggerHooks({ events: EVENTS }, again).delete()).toBe(true);
	});

	test('delete that keeps failing returns false and keeps the id for the next try', async () => {
		const staticData = activeState();
		api().delete('/v1/webhooks/wh_1').times(10).reply(500, { error: { code: 'INTERNAL_ERROR' } });
		expect(await triggerHooks({ events: EVENTS }, staticData).delete()).toBe(false);
		expect(nodeState(staticData).webhookId).toBe('wh_1');
	});
});

describe('deliveries', () => {
	const payload = { event: 'extraction.document_completed', extraction_id: 'ext_1', document_id: 'doc_1', status: 'completed' };
	const raw = Buffer.from(JSON.stringify(payload, null, 1)); // not how JSON.stringify would re-render it

	test('a correctly signed delivery starts the workflow with the payload', async () => {
		const out = await deliver({ events: EVENTS }, activeState(), { headers: { 'X-PerfectParser-Signature': sign(raw) }, rawBody: raw, body: payload });
		expect(out.error).toBeUndefined();
		expect(out.result?.workflowData?.[0].map((item) => item.json)).toEqual([payload]);
	});

	test.each([
		['forged', { 'X-PerfectParser-Signature': sign(raw, 'wh_sec_wrong') }],
		['missing', {}],
		['for another body', { 'X-PerfectParser-Signature': sign(Buffer.from('{}')) }],
	])('a %s signature gets 401 and starts nothing', async (_, headers) => {
		const out = await deliver({ events: EVENTS }, activeState(), { headers, rawBody: raw, body: payload });
		expect(out.response.statusCode).toBe(401);
		expect(out.response.ended).toBe(true);
		expect(out.result).toEqual({ noWebhookResponse: true });
		expect(out.result?.workflowData).toBeUndefined();
	});

	test('without a stored signing secret every delivery is refused', async () => {
		const out = await deliver({ events: EVENTS }, {}, { headers: { 'X-PerfectParser-Signature': sign(raw) }, rawBody: raw, body: payload });
		expect(out.response.statusCode).toBe(401);
		expect(out.result?.workflowData).toBeUndefined();
	});

	test('test deliveries are answered and ignored unless the user opts in', async () => {
		const test = Buffer.from(JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_test', test: true }));
		const headers = { 'X-PerfectParser-Signature': sign(test) };
		const ignored = await deliver({ events: EVENTS }, activeState(), { headers, rawBody: test });
		expect(ignored.result?.workflowData).toBeUndefined();
		expect(ignored.result?.webhookResponse).toMatchObject({ received: true });
		const included = await deliver({ events: EVENTS, options: { includeTest: true, fetchData: true } }, activeState(), { headers, rawBody: test });
		expect(included.result?.workflowData?.[0][0].json).toMatchObject({ test: true, extraction_id: 'ext_test' });
	});

	test('an opted-in test delivery passes even when only Document Completed is chosen', async () => {
		// Send Test always delivers extraction.job_completed.
		const test = Buffer.from(JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_test', test: true }));
		const headers = { 'X-PerfectParser-Signature': sign(test) };
		const parameters = { events: ['extraction.document_completed'], options: { includeTest: true } };
		const out = await deliver(parameters, activeState(), { headers, rawBody: test });
		expect(out.result?.workflowData?.[0][0].json).toMatchObject({ test: true, extraction_id: 'ext_test' });
		const ignored = await deliver({ ...parameters, options: {} }, activeState(), { headers, rawBody: test });
		expect(ignored.result?.workflowData).toBeUndefined();
	});

	test('an event the user did not choose is ignored', async () => {
		const out = await deliver({ events: ['extraction.job_completed'] }, activeState(), { headers: { 'X-PerfectParser-Signature': sign(raw) }, rawBody: raw });
		expect(out.result?.workflowData).toBeUndefined();
	});

	test('Fetch Extracted Data adds the document from the API', async () => {
		const scope = api()
			.get('/v1/extractions/ext_1/documents/doc_1')
			.reply(200, { document: { document_id: 'doc_1', extracted_data: { total: 5 } } });
		const out = await deliver({ events: EVENTS, options: { fetchData: true } }, activeState(), { headers: { 'X-PerfectParser-Signature': sign(raw) }, rawBody: raw });
		scope.done();
		expect(out.result?.workflowData?.[0][0].json).toMatchObject({ ...payload, document: { document_id: 'doc_1', extracted_data: { total: 5 } } });
		expect(JSON.stringify(out.result)).not.toContain(PP_KEY);
	});

	test('Fetch Extracted Data for a job adds its results', async () => {
		const job = Buffer.from(JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_1', status: 'completed' }));
		const scope = api().get('/v1/extractions/ext_1/results').reply(200, { extraction: { extraction_id: 'ext_1', documents: [{ document_id: 'doc_1' }] } });
		const out = await deliver({ events: EVENTS, options: { fetchData: true } }, activeState(), { headers: { 'X-PerfectParser-Signature': sign(job) }, rawBody: job });
		scope.done();
		expect(out.result?.workflowData?.[0][0].json.extraction).toEqual({ extraction_id: 'ext_1', documents: [{ document_id: 'doc_1' }] });
	});
});

test('verifySignature: constant-time check of the hex HMAC of the raw bytes', () => {
	const body = Buffer.from('{"a":1}');
	expect(verifySignature(body, sign(body), SECRET)).toBe(true);
	expect(verifySignature(body, sign(body).toUpperCase(), SECRET)).toBe(true);
	expect(verifySignature(body, `sha256=${sign(body)}`, SECRET)).toBe(true);
	expect(verifySignature(body, sign(body).slice(0, -1), SECRET)).toBe(false);
	expect(verifySignature(body, undefined, SECRET)).toBe(false);
	expect(verifySignature(body, sign(body), '')).toBe(false);
	expect(verifySignature(Buffer.from('{"a": 1}'), sign(body), SECRET)).toBe(false);
});

test('the notice points to Webhook → Send Test for a test event', () => {
	const notice = new PerfectParserTrigger().description.properties.find((property) => property.type === 'notice');
	expect(notice?.displayName).toContain('Webhook → Send Test');
	expect(notice?.displayName).toContain('Listen for test event');
});
