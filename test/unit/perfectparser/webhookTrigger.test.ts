import { createHmac } from 'crypto';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { PerfectParserTrigger } from '../../../nodes/PerfectParser/PerfectParserTrigger.node';
import { verifySignature } from '../../../nodes/PerfectParser/signature';
import { clock } from '../../../nodes/shared/waiting/wait';
import { PP_KEY, PP_URL, deliver, fastRetries, ppCredentials, triggerHooks } from '../../helpers/perfectparser';

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
		// Answered by the trigger before n8n starts the run, so n8n saves the replay guard's memory.
		expect(out.response).toEqual({ statusCode: 200, body: { received: true }, ended: true });
		expect(out.result?.noWebhookResponse).toBe(true);
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

	test('Flatten at version 2: the fetched document, and each of a job\'s documents, carry their fields at their top level; version 1 keeps extracted_data', async () => {
		api()
			.get('/v1/extractions/ext_1/documents/doc_1')
			.times(2)
			.reply(200, { document: { document_id: 'doc_1', status: 'completed', extracted_data: { total: 5, status: 'paid' } } });
		const headers = { 'X-PerfectParser-Signature': sign(raw) };
		const flat = await deliver({ events: EVENTS, options: { fetchData: true } }, activeState(), { headers, rawBody: raw }, undefined, 2);
		expect(flat.result?.workflowData?.[0][0].json).toMatchObject({ ...payload, document: { document_id: 'doc_1', status: 'completed', total: 5, extracted_data_status: 'paid' } });
		expect((flat.result?.workflowData?.[0][0].json.document as IDataObject).extracted_data).toBeUndefined();
		const nested = await deliver({ events: EVENTS, options: { fetchData: true } }, activeState(), { headers, rawBody: raw }, undefined, 1);
		expect(nested.result?.workflowData?.[0][0].json.document).toEqual({ document_id: 'doc_1', status: 'completed', extracted_data: { total: 5, status: 'paid' } });

		const job = Buffer.from(JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_1', status: 'completed' }));
		api().get('/v1/extractions/ext_1/results').reply(200, { extraction: { extraction_id: 'ext_1', documents: [{ document_id: 'doc_1', extracted_data: { total: 5 } }] } });
		const out = await deliver({ events: EVENTS, options: { fetchData: true } }, activeState(), { headers: { 'X-PerfectParser-Signature': sign(job) }, rawBody: job }, undefined, 2);
		expect(out.result?.workflowData?.[0][0].json.extraction).toEqual({ extraction_id: 'ext_1', documents: [{ document_id: 'doc_1', total: 5 }] });
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

test('the Webhook delivery\'s notice points to Webhook → Send Test for a test event, with the button n8n shows', () => {
	const notice = new PerfectParserTrigger().description.properties.find(
		(property) => property.type === 'notice' && property.displayOptions?.show?.delivery?.includes('webhook'),
	);
	expect(notice?.displayName).toContain('Webhook → Send Test');
	// A node that can poll gets n8n's "Fetch Test Event" button, which listens with Webhook delivery.
	expect(notice?.displayName).toContain('click "Fetch Test Event"');
	// What to do; how deliveries are checked is behind the README link.
	expect(notice?.displayName).toMatch(/<a href="https:\/\/github\.com\/[^"]+\/nodes\/PerfectParser\/README\.md" target="_blank">How deliveries are checked<\/a>$/);
	expect(notice?.displayName).not.toMatch(/batch\.completed|count as Job Completed/);
});

describe('replays and bodies that are not JSON objects', () => {
	const payload = { event: 'extraction.document_completed', extraction_id: 'ext_1', document_id: 'doc_1', status: 'completed', created_at: '2026-06-20T10:00:42.000Z' };
	const raw = Buffer.from(JSON.stringify(payload));
	const signed = (body: Buffer, extra: Record<string, string> = {}) => ({ headers: { 'X-PerfectParser-Signature': sign(body), ...extra }, rawBody: body });
	const started = (out: Awaited<ReturnType<typeof deliver>>) => out.result?.workflowData !== undefined;
	const realNow = clock.now;
	afterEach(() => {
		clock.now = realNow;
	});

	test('the same signed delivery twice starts the workflow once; the second is answered 200 with nothing run', async () => {
		const staticData = activeState();
		const first = await deliver({ events: EVENTS }, staticData, signed(raw));
		expect(started(first)).toBe(true);
		const second = await deliver({ events: EVENTS }, staticData, signed(raw));
		expect(second.error).toBeUndefined();
		expect(started(second)).toBe(false);
		expect(second.response.statusCode).toBe(200);
		expect(second.result?.webhookResponse).toMatchObject({ received: true });
	});

	test('a re-delivery with the same delivery id is not run again, even when its bytes differ', async () => {
		const staticData = activeState();
		const reformatted = Buffer.from(JSON.stringify(payload, null, 2));
		expect(started(await deliver({ events: EVENTS }, staticData, signed(raw, { 'X-PerfectParser-Delivery': 'dlv_1' })))).toBe(true);
		expect(started(await deliver({ events: EVENTS }, staticData, signed(reformatted, { 'X-PerfectParser-Delivery': 'dlv_1' })))).toBe(false);
		// An event id in the payload counts the same way.
		const withId = (extra: IDataObject) => Buffer.from(JSON.stringify({ ...payload, event_id: 'evt_7', ...extra }));
		expect(started(await deliver({ events: EVENTS }, staticData, signed(withId({}))))).toBe(true);
		expect(started(await deliver({ events: EVENTS }, staticData, signed(withId({ note: 'resent' }))))).toBe(false);
	});

	test('different deliveries all start the workflow', async () => {
		const staticData = activeState();
		for (const documentId of ['doc_1', 'doc_2', 'doc_3']) {
			const body = Buffer.from(JSON.stringify({ ...payload, document_id: documentId }));
			expect(started(await deliver({ events: EVENTS }, staticData, signed(body)))).toBe(true);
		}
	});

	test('a delivery accepted more than 24 h ago runs again', async () => {
		const staticData = activeState();
		const start = Date.parse('2026-06-20T10:00:00Z');
		clock.now = () => start;
		expect(started(await deliver({ events: EVENTS }, staticData, signed(raw)))).toBe(true);
		clock.now = () => start + 23 * 3600_000;
		expect(started(await deliver({ events: EVENTS }, staticData, signed(raw)))).toBe(false);
		clock.now = () => start + 25 * 3600_000;
		expect(started(await deliver({ events: EVENTS }, staticData, signed(raw)))).toBe(true);
	});

	test('the store of accepted deliveries is bounded: at most 1,000 keys, the oldest dropped first', async () => {
		const staticData = activeState();
		const bodies = Array.from({ length: 1005 }, (_, i) => Buffer.from(JSON.stringify({ ...payload, document_id: `doc_${i}` })));
		for (const body of bodies) expect(started(await deliver({ events: EVENTS }, staticData, signed(body)))).toBe(true);
		const kept = nodeState(staticData).acceptedDeliveries as unknown[];
		expect(kept.length).toBeLessThanOrEqual(1000);
		expect(kept.length).toBeGreaterThan(900);
		// The newest is still refused as a replay; the very first was dropped, so it would run again.
		expect(started(await deliver({ events: EVENTS }, staticData, signed(bodies[1004])))).toBe(false);
		expect(started(await deliver({ events: EVENTS }, staticData, signed(bodies[0])))).toBe(true);
	}, 60_000);

	test('ignored deliveries (test, unselected event) are not remembered: opting in later still runs them', async () => {
		const staticData = activeState();
		const test = Buffer.from(JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_test', test: true }));
		expect(started(await deliver({ events: EVENTS }, staticData, signed(test)))).toBe(false);
		expect(started(await deliver({ events: EVENTS, options: { includeTest: true } }, staticData, signed(test)))).toBe(true);
	});

	test.each([
		['null', 'null'],
		['an array', '[{"event":"extraction.job_completed","extraction_id":"ext_1"}]'],
		['a string', '"extraction.job_completed"'],
		['a number', '42'],
		['true', 'true'],
	])('a signed body that is %s gets 400 and starts nothing', async (_, text) => {
		const body = Buffer.from(text);
		const out = await deliver({ events: EVENTS, options: { fetchData: true, includeTest: true } }, activeState(), signed(body));
		expect(out.error).toBeUndefined();
		expect(out.response.statusCode).toBe(400);
		expect(out.response.ended).toBe(true);
		expect(out.result).toEqual({ noWebhookResponse: true });
	});
});

describe('both event families: dashboard webhooks send batch.*', () => {
	const DASHBOARD_SECRET = 'wh_sec_dashboard_9f8e7d';
	const withDashboardSecret = () => ppCredentials({ dashboardSigningSecret: DASHBOARD_SECRET });
	const jobCompleted = {
		event: 'extraction.job_completed',
		extraction_id: 'ext_9',
		parser_id: 'prs_999',
		status: 'partial',
		test: false,
		created_at: '2026-06-20T10:00:45.000Z',
		data: { extraction: { extraction_id: 'ext_9', status: 'partial' } },
	};
	const batch = (event: string, extra: IDataObject = {}) => Buffer.from(JSON.stringify({ ...jobCompleted, event, ...extra }));
	const signedBy = (raw: Buffer, secret: string) => ({ headers: { 'X-PerfectParser-Signature': sign(raw, secret) }, rawBody: raw });

	test('batch.partial signed with the dashboard secret starts a Job Completed trigger with the same item an extraction.job_completed gives', async () => {
		const viaApi = await deliver({ events: ['extraction.job_completed'] }, activeState(), signedBy(Buffer.from(JSON.stringify(jobCompleted)), SECRET));
		const viaDashboard = await deliver({ events: ['extraction.job_completed'] }, activeState(), signedBy(batch('batch.partial'), DASHBOARD_SECRET), withDashboardSecret());
		expect(viaDashboard.response.statusCode).toBe(200);
		const item = viaDashboard.result?.workflowData?.[0][0].json;
		expect(item).toEqual({ ...viaApi.result?.workflowData?.[0][0].json, webhook_event: 'batch.partial' });
	});

	test.each([
		['batch.completed', 'completed'],
		['batch.failed', 'failed'],
		['batch.partial', 'partial'],
	])('%s: a payload with other names (batch_id, data.batch, no status) is read into extraction_id, parser_id and status %s', async (event, status) => {
		const raw = Buffer.from(JSON.stringify({ event, batch_id: 'ext_7', created_at: '2026-06-20T11:00:00.000Z', data: { batch: { parser_id: 'prs_1', document_count: 2 } } }));
		const out = await deliver({ events: ['extraction.job_completed'] }, activeState(), signedBy(raw, DASHBOARD_SECRET), withDashboardSecret());
		expect(out.result?.workflowData?.[0][0].json).toMatchObject({ event: 'extraction.job_completed', webhook_event: event, extraction_id: 'ext_7', parser_id: 'prs_1', status, data: { extraction: { parser_id: 'prs_1' } } });
	});

	test('Fetch Extracted Data fetches the job\'s results for a batch delivery, as for a job_completed one', async () => {
		const scope = api().get('/v1/extractions/ext_9/results').reply(200, { extraction: { extraction_id: 'ext_9', status: 'partial', documents: [{ document_id: 'doc_1', extracted_data: { total: 4 } }] } });
		const out = await deliver({ events: ['extraction.job_completed'], options: { fetchData: true } }, activeState(), signedBy(batch('batch.completed'), DASHBOARD_SECRET), withDashboardSecret());
		scope.done();
		expect(out.result?.workflowData?.[0][0].json).toMatchObject({ webhook_event: 'batch.completed', extraction: { extraction_id: 'ext_9' } });
	});

	test('batch.* is not taken for Document Completed; without the dashboard secret in the credential it is refused (401)', async () => {
		const ignored = await deliver({ events: ['extraction.document_completed'] }, activeState(), signedBy(batch('batch.completed'), DASHBOARD_SECRET), withDashboardSecret());
		expect(ignored.result?.workflowData).toBeUndefined();
		expect(ignored.result?.webhookResponse).toEqual({ received: true, ignored: 'event extraction.job_completed not selected' });
		const unsigned = await deliver({ events: ['extraction.job_completed'] }, activeState(), signedBy(batch('batch.completed'), DASHBOARD_SECRET));
		expect(unsigned.response.statusCode).toBe(401);
		// The dashboard secret signs nothing more than it should: a wrong one is still refused.
		const wrong = await deliver({ events: ['extraction.job_completed'] }, activeState(), signedBy(batch('batch.completed'), 'wh_sec_other'), withDashboardSecret());
		expect(wrong.response.statusCode).toBe(401);
	});

	test('a job heard from both families (API webhook, then dashboard webhook) runs once; another job runs; test deliveries are not keyed by their placeholder job', async () => {
		const staticData = activeState();
		const started = async (raw: Buffer, secret: string) =>
			(await deliver({ events: ['extraction.job_completed'], options: { includeTest: true } }, staticData, signedBy(raw, secret), withDashboardSecret())).result?.workflowData !== undefined;
		expect(await started(Buffer.from(JSON.stringify(jobCompleted)), SECRET)).toBe(true);
		expect(await started(batch('batch.partial'), DASHBOARD_SECRET)).toBe(false);
		expect(await started(batch('batch.completed', { extraction_id: 'ext_10' }), DASHBOARD_SECRET)).toBe(true);
		const test = (note: string) => Buffer.from(JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_test', test: true, note }));
		expect(await started(test('one'), SECRET)).toBe(true);
		expect(await started(test('two'), SECRET)).toBe(true);
	});

	test('a batch delivery sent twice runs once (the shared replay guard)', async () => {
		const staticData = activeState();
		const raw = batch('batch.completed');
		expect((await deliver({ events: ['extraction.job_completed'] }, staticData, signedBy(raw, DASHBOARD_SECRET), withDashboardSecret())).result?.workflowData).toBeDefined();
		expect((await deliver({ events: ['extraction.job_completed'] }, staticData, signedBy(raw, DASHBOARD_SECRET), withDashboardSecret())).result?.workflowData).toBeUndefined();
	});
});
