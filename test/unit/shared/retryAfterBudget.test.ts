/**
 * A Retry-After the node accepts for one answer (up to 2 min) but that would take the request past
 * its total wait budget: the node gives up at once, without sleeping and without another request,
 * and keeps what the service said, naming the wait it refused. A 503 in the same case stays a
 * server error. Through the nodes' real execute()/poll(); n8n-workflow's sleep is recorded.
 */
jest.mock('n8n-workflow', () => jest.requireActual('../../helpers/recordedSleep').withRecordedSleep());

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { POLL_RETRY, retryPolicy } from '../../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import { slept, totalSlept } from '../../helpers/recordedSleep';
import { LLAMA_URL, pollLlama } from '../../helpers/llamaextract';
import { RAYDOCS_URL, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	slept.length = 0;
	resetRateLimitState();
	Object.assign(retryPolicy, { baseDelayMs: 1000, maxDelayMs: 30_000, maxTotalWaitMs: 3 * 60_000, maxRetryAfterMs: 120_000 });
});
afterEach(() => nock.cleanAll());

const listWorkspaces = { resource: 'workspace', operation: 'getAll', returnAll: true };

describe('an action node (3 min wait budget): a first Retry-After of 100 s is waited out, a second of 90 s would pass the budget', () => {
	test('429: gives up at once with the service\'s message, naming the 90 s it refused; nothing more sent or slept', async () => {
		const scope = nock(RAYDOCS_URL)
			.get('/workspaces')
			.query(true)
			.reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '100' })
			.get('/workspaces')
			.query(true)
			.reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '90' });
		const third = nock(RAYDOCS_URL).get('/workspaces').query(true).reply(200, { data: [] });
		const result = await runRaydocs(listWorkspaces);
		scope.done();
		expect(third.isDone()).toBe(false);
		expect(result.error?.httpCode).toBe('429');
		expect(result.error?.message).toMatch(/^Raydocs rate limit exceeded: Too Many Attempts\. \(.*asked to wait 90 s/);
		// The first 100 s (and its jitter) only: the 90 s were not slept.
		expect(totalSlept()).toBeGreaterThanOrEqual(100_000);
		expect(totalSlept()).toBeLessThan(101_000);
	});

	test('503: stays a server error with the service\'s message, naming the 90 s it refused; nothing more sent or slept', async () => {
		const scope = nock(RAYDOCS_URL)
			.get('/workspaces')
			.query(true)
			.reply(503, { message: 'Down for maintenance' }, { 'Retry-After': '100' })
			.get('/workspaces')
			.query(true)
			.reply(503, { message: 'Down for maintenance' }, { 'Retry-After': '90' });
		const third = nock(RAYDOCS_URL).get('/workspaces').query(true).reply(200, { data: [] });
		const result = await runRaydocs(listWorkspaces);
		scope.done();
		expect(third.isDone()).toBe(false);
		expect(result.error?.httpCode).toBe('503');
		expect(result.error?.message).toMatch(/^Raydocs server error \(HTTP 503\): Down for maintenance \(.*asked to wait 90 s/);
		expect(totalSlept()).toBeGreaterThanOrEqual(100_000);
		expect(totalSlept()).toBeLessThan(101_000);
	});
});

describe(`a trigger's Fetch Test Event (${POLL_RETRY.maxRetryWaitMs / 1000} s wait budget): a Retry-After of 60 s`, () => {
	const jobsParams: IDataObject = { event: 'extractJobCompleted' };

	test('429: gives up at once with the service\'s message, naming the 60 s it refused; no sleep, one request', async () => {
		const scope = nock(LLAMA_URL).get('/api/v2/extract').query(true).reply(429, { detail: 'Rate limit reached for this project' }, { 'Retry-After': '60' });
		const again = nock(LLAMA_URL).get('/api/v2/extract').query(true).reply(200, { items: [] });
		const result = await pollLlama(jobsParams, { data: {} }, { mode: 'manual' });
		scope.done();
		expect(again.isDone()).toBe(false);
		expect((result.error as Error & { httpCode?: string }).httpCode).toBe('429');
		expect(result.error?.message).toMatch(/^LlamaCloud rate limit exceeded: Rate limit reached for this project \(.*asked to wait 60 s/);
		expect(totalSlept()).toBe(0);
	});

	test('503: stays a server error with the service\'s message; no sleep, one request', async () => {
		const scope = nock(LLAMA_URL).get('/api/v2/extract').query(true).reply(503, { detail: 'Upstream unavailable' }, { 'Retry-After': '60' });
		const again = nock(LLAMA_URL).get('/api/v2/extract').query(true).reply(200, { items: [] });
		const result = await pollLlama(jobsParams, { data: {} }, { mode: 'manual' });
		scope.done();
		expect(again.isDone()).toBe(false);
		expect((result.error as Error & { httpCode?: string }).httpCode).toBe('503');
		expect(result.error?.message).toMatch(/^LlamaCloud server error \(HTTP 503\): Upstream unavailable \(.*asked to wait 60 s/);
		expect(totalSlept()).toBe(0);
	});
});
