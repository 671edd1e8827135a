/**
 * The three polling triggers under a rate limit that lasts through a whole poll: the poll gives up
 * within its small wait budget (n8n-workflow's sleep is recorded, not awaited), emits nothing,
 * keeps its state, and the next poll after the limit emits what is new exactly once.
 */
const slept: number[] = [];
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return {
		...actual,
		sleep: async (ms: number) => {
			slept.push(ms);
		},
	};
});

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { POLL_RETRY, retryPolicy } from '../../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import { LLAMA_URL, pollLlama } from '../../helpers/llamaextract';
import { PP_URL, pollPP } from '../../helpers/perfectparser';
import { RAYDOCS_URL } from '../../helpers/raydocs';
import { newStore, poll as pollRaydocs } from '../raydocs/trigger/harness';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	slept.length = 0;
	resetRateLimitState();
	retryPolicy.baseDelayMs = 1000;
	retryPolicy.maxDelayMs = 30_000;
});
afterEach(() => nock.cleanAll());

const totalSlept = () => slept.reduce((a, b) => a + b, 0);

/** How every rate-limited answer looks, with or without a (long) Retry-After. */
type Limit = { retryAfter?: string };
const limits: Array<[string, Limit]> = [
	['Retry-After: 120 (longer than the poll budget)', { retryAfter: '120' }],
	['no Retry-After', {}],
];

function limited(limit: Limit): [number, IDataObject, Record<string, string>] {
	return [429, { error: { code: 'RATE_LIMITED', message: 'slow down' }, detail: 'slow down', message: 'slow down' }, limit.retryAfter ? { 'Retry-After': limit.retryAfter } : {}];
}

describe('PerfectParser Polling Trigger', () => {
	const T0 = Date.now();
	const iso = (ms: number) => new Date(ms).toISOString();
	const params = { statuses: ['completed'] };

	test.each(limits)('a 429 through the whole poll (%s): nothing emitted, state kept, gave up within the budget; then emitted once', async (_, limit) => {
		let mode: 'ok' | 'limited' = 'ok';
		let requests = 0;
		const extractions: IDataObject[] = [];
		nock(PP_URL)
			.persist()
			.get('/v1/extractions')
			.query(true)
			.reply(() => {
				requests++;
				if (mode === 'limited') return limited(limit);
				return [200, { extractions, pagination: { limit: 100, has_next_page: false, next_cursor: null } }, { Date: new Date(T0).toUTCString() }];
			});
		const staticData: IDataObject = {};
		expect((await pollPP(params, staticData)).items).toBeNull();
		const before = JSON.stringify(staticData);
		expect(before).toContain('"initialized":true');

		extractions.push({ extraction_id: 'e1', status: 'completed', updated_at: iso(T0 + 1_000) });
		mode = 'limited';
		requests = 0;
		slept.length = 0;
		const out = await pollPP(params, staticData);
		expect(out.error).toBeUndefined();
		expect(out.items).toBeNull();
		expect(JSON.stringify(staticData)).toBe(before);
		expect(requests).toBeLessThanOrEqual(POLL_RETRY.maxAttempts);
		expect(totalSlept()).toBeLessThanOrEqual(POLL_RETRY.maxRetryWaitMs);

		mode = 'ok';
		resetRateLimitState(); // the service's window has passed
		expect((await pollPP(params, staticData)).items?.map((item) => item.json.extraction_id)).toEqual(['e1']);
		expect((await pollPP(params, staticData)).items).toBeNull();
	});
});

describe('LlamaExtract Trigger', () => {
	const params = { event: 'extractJobCompleted' };

	test.each(limits)('a 429 through the whole poll (%s): nothing emitted, state kept, gave up within the budget; then emitted once', async (_, limit) => {
		let mode: 'ok' | 'limited' = 'ok';
		let requests = 0;
		const jobs: IDataObject[] = [];
		nock(LLAMA_URL)
			.persist()
			.get('/api/v2/extract')
			.query(true)
			.reply(() => {
				requests++;
				if (mode === 'limited') return limited(limit);
				return [200, { items: jobs, next_page_token: null }];
			});
		const store = { data: {} as IDataObject };
		expect((await pollLlama(params, store)).items).toBeNull();
		const before = JSON.stringify(store.data);
		expect(before).not.toBe('{}');

		const now = new Date().toISOString();
		jobs.push({ id: 'ext-new', file_input: 'dfl-1', project_id: 'p', status: 'COMPLETED', extract_result: {}, created_at: now, updated_at: now });
		mode = 'limited';
		requests = 0;
		slept.length = 0;
		const out = await pollLlama(params, store);
		expect(out.error).toBeUndefined();
		expect(out.items).toBeNull();
		expect(JSON.stringify(store.data)).toBe(before);
		expect(requests).toBeLessThanOrEqual(POLL_RETRY.maxAttempts);
		expect(totalSlept()).toBeLessThanOrEqual(POLL_RETRY.maxRetryWaitMs);

		mode = 'ok';
		resetRateLimitState();
		expect((await pollLlama(params, store)).items?.map((item) => item.json.job_id)).toEqual(['ext-new']);
		expect((await pollLlama(params, store)).items).toBeNull();
	});
});

describe('Raydocs Trigger', () => {
	const WF = '22222222-2222-4222-8222-222222222222';
	const params: IDataObject = { event: 'workflowRunCompleted', workspace: { __rl: true, mode: 'id', value: '12' }, workflowId: WF };

	test.each(limits)('a 429 through the whole poll (%s): nothing emitted, no state, gave up within the budget', async (_, limit) => {
		let requests = 0;
		nock(RAYDOCS_URL)
			.persist()
			.get(/.*/)
			.query(true)
			.reply(() => {
				requests++;
				return limited(limit);
			});
		const store = newStore();
		const out = await pollRaydocs(params, store);
		expect(out.error).toBeUndefined();
		expect(out.items).toBeNull();
		expect(store.data['node:Raydocs Trigger'] ?? {}).toEqual({});
		expect(requests).toBeLessThanOrEqual(POLL_RETRY.maxAttempts);
		expect(totalSlept()).toBeLessThanOrEqual(POLL_RETRY.maxRetryWaitMs);
	});
});
