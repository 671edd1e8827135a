/**
 * An outage found by the first items of a batch fails the rest at once with the same error,
 * counted in requests (not time): Batch → Create Sessions with 5 files against a Raydocs that
 * answers 503 to everything, and the same for PerfectParser and LlamaCloud reads.
 */
import nock from 'nock';

import { retryPolicy } from '../../../nodes/shared/transport/http';
import { binaryItem } from '../../../dev/harness/n8nContext';
import { fastRetries, RAYDOCS_URL, runRaydocs } from '../../helpers/raydocs';
import { PP_URL, runPP } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const TEMPLATE = { __rl: true, mode: 'id', value: '550e8400-e29b-41d4-a716-446655440000' };

/** Every request to the host answers 503; the count is what the test asserts. */
function down(host: string): { count: () => number } {
	let requests = 0;
	const answer = (): [number, object] => {
		requests++;
		return [503, { message: 'Service Unavailable' }];
	};
	nock(host).persist().get(/.*/).reply(answer).post(/.*/).reply(answer).put(/.*/).reply(answer).delete(/.*/).reply(answer);
	return { count: () => requests };
}

async function fiveFiles() {
	const items = [];
	for (let i = 0; i < 5; i++) items.push(await binaryItem(Buffer.from(`%PDF-1.4 file ${i}`), `invoice-${i}.pdf`, 'application/pdf'));
	return items;
}

test('Create Sessions with 5 files against a 503 service: the first file uses its retries, the other four fail at once', async () => {
	const service = down(RAYDOCS_URL);
	const result = await runRaydocs({ resource: 'batch', operation: 'createSessions', template: TEMPLATE, waitForCompletion: false }, await fiveFiles(), {
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	// One upload URL request per file; only the first is sent, retried up to the budget.
	expect(service.count()).toBe(retryPolicy.maxAttempts);
	const errors = result.items.map((item) => String(item.json.error));
	expect(errors).toHaveLength(5);
	expect(errors[0]).toMatch(/^Raydocs server error \(HTTP 503\): Service Unavailable \(6 attempts over [\d.]+ s\) \[item 0\]$/);
	for (let i = 1; i < 5; i++) {
		expect(errors[i]).toBe(errors[0].replace('[item 0]', `[item ${i}]`));
		expect(String(result.items[i].json.errorDescription)).toMatch(/^Not sent: Raydocs was found down earlier in this execution/);
	}
	expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
});

test('without Continue On Fail the node stops with the first error, after one request budget', async () => {
	const service = down(RAYDOCS_URL);
	const result = await runRaydocs({ resource: 'batch', operation: 'createSessions', template: TEMPLATE, waitForCompletion: false }, await fiveFiles());
	expect(result.error?.message).toMatch(/HTTP 503.*\(6 attempts over [\d.]+ s\) \[item 0\]$/);
	expect(service.count()).toBe(retryPolicy.maxAttempts);
});

test('item by item (PerfectParser Get Status × 5 against a 503): one request budget, then the rest fail at once', async () => {
	const service = down(PP_URL);
	const items = [1, 2, 3, 4, 5].map((n) => ({ json: { id: `ext_${n}` } }));
	const result = await runPP({ resource: 'extraction', operation: 'getStatus', extractionId: '={{ $json.id }}' }, items, { continueOnFail: true });
	expect(service.count()).toBe(retryPolicy.maxAttempts);
	expect(result.items).toHaveLength(5);
	expect(String(result.items[4].json.error)).toMatch(/HTTP 503.*\[item 4\]$/);
});

test('a 404 is about its item, not an outage: every item is still asked', async () => {
	let requests = 0;
	nock(PP_URL)
		.persist()
		.get(/\/v1\/extractions\/.*/)
		.reply(() => {
			requests++;
			return [404, { error: { code: 'RESOURCE_NOT_FOUND', message: 'not found' } }];
		});
	const items = [1, 2, 3].map((n) => ({ json: { id: `ext_${n}` } }));
	const result = await runPP({ resource: 'extraction', operation: 'getStatus', extractionId: '={{ $json.id }}' }, items, { continueOnFail: true });
	expect(requests).toBe(3);
	expect(result.items).toHaveLength(3);
});

test('one dropped connection on a create (not repeated, to avoid doing it twice) is not an outage: the next items are still sent', async () => {
	const SESSION = '770e8400-e29b-41d4-a716-44665544000';
	const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
	const scope = nock(RAYDOCS_URL)
		.post(`/extractions/sessions/${SESSION}1/results`)
		.replyWithError(reset)
		.post(`/extractions/sessions/${SESSION}2/results`)
		.reply(201, { id: '990e8400-e29b-41d4-a716-446655440002', status: 'created' })
		.post(`/extractions/sessions/${SESSION}3/results`)
		.reply(201, { id: '990e8400-e29b-41d4-a716-446655440003', status: 'created' });
	const items = [1, 2, 3].map((n) => ({ json: { session_id: `${SESSION}${n}` } }));
	const result = await runRaydocs({ resource: 'result', operation: 'run', waitForCompletion: false }, items, { continueOnFail: true });
	expect(String(result.items[0].json.error)).toMatch(/Could not reach Raydocs/);
	expect(result.items.slice(1).map((item) => item.json.status)).toEqual(['created', 'created']);
	scope.done();
});

test('a create answered 429 and then 503 (the 429 repeated, the 503 not) is not an outage: the next items are still sent', async () => {
	const SESSION = '770e8400-e29b-41d4-a716-44665544000';
	const scope = nock(RAYDOCS_URL)
		.post(`/extractions/sessions/${SESSION}1/results`)
		.reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '1' })
		.post(`/extractions/sessions/${SESSION}1/results`)
		.reply(503, { message: 'Service Unavailable' })
		.post(`/extractions/sessions/${SESSION}2/results`)
		.reply(201, { id: '990e8400-e29b-41d4-a716-446655440002', status: 'created' })
		.post(`/extractions/sessions/${SESSION}3/results`)
		.reply(201, { id: '990e8400-e29b-41d4-a716-446655440003', status: 'created' });
	const items = [1, 2, 3].map((n) => ({ json: { session_id: `${SESSION}${n}` } }));
	const result = await runRaydocs({ resource: 'result', operation: 'run', waitForCompletion: false }, items, { continueOnFail: true });
	expect(String(result.items[0].json.error)).toMatch(/HTTP 503/);
	expect(result.items.slice(1).map((item) => item.json.status)).toEqual(['created', 'created']);
	scope.done();
});
