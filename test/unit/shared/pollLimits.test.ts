/**
 * The bounds every polling trigger works within (nodes/shared/triggers/pollLimits.ts), shown where they were
 * missing: PerfectParser's polling trigger had no request timeout, page bound or deadline, the
 * LlamaExtract Trigger no deadline. A request that hangs fails as a
 * timeout (transient: nothing emitted, position kept); a window longer than the page bound or the
 * poll's time ends the poll with an error naming the endpoint instead of emitting part of it.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { pollLimits } from '../../../nodes/shared/triggers/pollLimits';
import { LLAMA_URL, pollLlama } from '../../helpers/llamaextract';
import { fastRetries, PP_URL, pollPP } from '../../helpers/perfectparser';

const defaults = { ...pollLimits };

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastRetries());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
	Object.assign(pollLimits, defaults);
});

const params = { statuses: ['completed'] };

/** GET /v1/extractions: the clock request (limit=1) answered at once, the list `pages` pages of one extraction each. */
function list(pages: number, delayMs = 0): void {
	nock(PP_URL)
		.persist()
		.get('/v1/extractions')
		.query(true)
		.delay(delayMs)
		.reply((uri) => {
			const query = Object.fromEntries(new URL(uri, PP_URL).searchParams);
			if (!query.status) return [200, { extractions: [], pagination: { has_next_page: false, next_cursor: null } }, { Date: new Date().toUTCString() }];
			const at = Number(query.cursor ?? 0);
			const more = at + 1 < pages;
			const extraction = { extraction_id: `e${at}`, status: 'completed', updated_at: new Date().toISOString() };
			return [200, { extractions: [extraction], pagination: { has_next_page: more, next_cursor: more ? String(at + 1) : null } }];
		});
}

test('a list request that hangs ends by the request timeout: nothing emitted, no state stored, no error', async () => {
	pollLimits.requestTimeoutMs = 200;
	list(1, 3_000);
	const staticData: IDataObject = {};
	const started = Date.now();
	const result = await pollPP(params, staticData);
	expect(Date.now() - started).toBeLessThan(2_500);
	expect(result.error).toBeUndefined();
	expect(result.items).toBeNull();
	expect(JSON.stringify(staticData)).not.toContain('"initialized":true');
});

test('a window longer than the page bound ends the poll with an error naming the endpoint', async () => {
	pollLimits.maxPages = 3;
	list(10);
	const staticData: IDataObject = {};
	const result = await pollPP(params, staticData);
	expect(result.error?.message).toMatch(/still had more pages after 3 for GET \/v1\/extractions/);
	expect(JSON.stringify(staticData)).not.toContain('"initialized":true');
});

test('a window still being listed when the poll runs out of time ends with an error naming the endpoint', async () => {
	list(10);
	// Each look at the clock is a minute later: the poll's deadline (half its 5-minute budget) passes on the third page.
	const real = Date.now.bind(Date);
	let calls = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => real() + 60_000 * calls++);
	const staticData: IDataObject = {};
	const result = await pollPP(params, staticData);
	expect(result.error?.message).toMatch(/still listing GET \/v1\/extractions when the poll ran out of time/);
	expect(JSON.stringify(staticData)).not.toContain('"initialized":true');
});

describe('LlamaExtract Trigger, within the same poll deadline', () => {
	const AGENT = '550e8400-e29b-41d4-a716-446655440000';
	/** Each look at the clock is a minute later. */
	function minutePerLook(): void {
		const real = Date.now.bind(Date);
		let calls = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => real() + 60_000 * calls++);
	}

	test('extraction jobs: a window still being listed at the deadline ends with an error naming the endpoint', async () => {
		nock(LLAMA_URL)
			.persist()
			.get('/api/v2/extract')
			.query(true)
			.reply((uri) => {
				const token = Number(new URL(uri, LLAMA_URL).searchParams.get('page_token') ?? 0);
				return [200, { items: [{ id: `ext-${token}`, status: 'COMPLETED', created_at: new Date().toISOString() }], next_page_token: String(token + 1) }];
			});
		minutePerLook();
		const store = { data: {} as IDataObject };
		const result = await pollLlama({ event: 'extractJobCompleted' }, store);
		expect(result.error?.message).toMatch(/still listing GET \/api\/v2\/extract when the poll ran out of time/);
		expect(JSON.stringify(store.data)).not.toContain('"initialized":true');
	});

	test('agent runs: a window still being listed at the deadline ends with an error naming the endpoint', async () => {
		nock(LLAMA_URL)
			.persist()
			.get('/api/v1/extraction/runs')
			.query(true)
			.reply((uri) => {
				const skip = Number(new URL(uri, LLAMA_URL).searchParams.get('skip') ?? 0);
				const items = Array.from({ length: 100 }, (_, i) => ({ id: `run-${skip + i}`, status: 'SUCCESS', created_at: new Date().toISOString() }));
				return [200, { items, total: 100_000 }];
			});
		minutePerLook();
		const store = { data: {} as IDataObject };
		const result = await pollLlama({ event: 'runCompleted', agent: { __rl: true, mode: 'id', value: AGENT } }, store);
		expect(result.error?.message).toMatch(/still listing GET \/api\/v1\/extraction\/runs when the poll ran out of time/);
		expect(JSON.stringify(store.data)).not.toContain('"initialized":true');
	});
});
