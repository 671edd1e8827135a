/**
 * The shared HTTP core through a real ExecuteContext: which answers are retried, for which
 * methods, how long it waits (n8n-workflow's sleep is recorded, not awaited), and what errors say.
 */
const slept: number[] = [];
/** Called after each recorded sleep step (e.g. to cancel the execution in the middle of a wait). */
let afterSleep: (() => void) | undefined;
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return {
		...actual,
		sleep: async (ms: number) => {
			slept.push(ms);
			afterSleep?.();
		},
	};
});

import nock from 'nock';

import { apiRequest, retryPolicy, type ApiRequestOptions } from '../../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { runNode, type RunResult } from '../../../dev/harness/n8nContext';
import { probeNode } from '../../helpers/probe';
import { RAYDOCS_TOKEN, RAYDOCS_URL, raydocsCredentials } from '../../helpers/raydocs';

let lastOptions: ApiRequestOptions;
const probe = probeNode('raydocsApi', async (ctx) => {
	const response = await apiRequest(ctx, raydocs, lastOptions);
	return { status: response.statusCode, body: response.body as never };
});

async function call(options: ApiRequestOptions, abortSignal?: AbortSignal): Promise<RunResult> {
	lastOptions = options;
	return await runNode({ nodeType: probe, parameters: {}, credentials: raydocsCredentials(), abortSignal });
}

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	slept.length = 0;
	afterSleep = undefined;
	resetRateLimitState();
	retryPolicy.baseDelayMs = 1000;
	retryPolicy.maxDelayMs = 30_000;
});
afterEach(() => nock.cleanAll());

/** nock hangs on a plain-object error (nock 14); an Error carrying the socket code does not. */
function socketError(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

const totalSlept = () => slept.reduce((a, b) => a + b, 0);

test('GET is retried on 502/503/504 and succeeds', async () => {
	const scope = nock(RAYDOCS_URL).get('/x').reply(502).get('/x').reply(503).get('/x').reply(504).get('/x').reply(200, { ok: 1 });
	const result = await call({ method: 'GET', path: '/x' });
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toEqual({ status: 200, body: { ok: 1 } });
	scope.done();
});

test('429 waits at least Retry-After, for a POST too (the service did nothing)', async () => {
	const scope = nock(RAYDOCS_URL)
		.post('/extractions/sessions')
		.reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '7' })
		.post('/extractions/sessions')
		.reply(201, { id: 's1' });
	const result = await call({ method: 'POST', path: '/extractions/sessions', body: { a: 1 } });
	expect(result.error).toBeUndefined();
	expect(totalSlept()).toBeGreaterThanOrEqual(7000);
	expect(totalSlept()).toBeLessThan(7000 + 1000);
	scope.done();
});

test('a POST that creates is not repeated after a 503: one request, a clear error', async () => {
	const scope = nock(RAYDOCS_URL).post('/extractions/sessions').reply(503, { message: 'down' });
	const extra = nock(RAYDOCS_URL).post('/extractions/sessions').reply(201, { id: 'dup' });
	const result = await call({ method: 'POST', path: '/extractions/sessions', body: {}, itemIndex: 2 });
	// The item is in the error's context; the router (not used by this probe) adds " [item N]".
	expect(result.error?.message).toBe('Raydocs server error (HTTP 503): down');
	expect((result.error as { context?: { itemIndex?: number } } | undefined)?.context?.itemIndex).toBe(2);
	scope.done();
	expect(extra.isDone()).toBe(false);
});

test('a POST is not repeated after a connection reset, and the error says it may have been done', async () => {
	const scope = nock(RAYDOCS_URL).post('/extractions/sessions').replyWithError(socketError('ECONNRESET', 'socket hang up'));
	const extra = nock(RAYDOCS_URL).post('/extractions/sessions').reply(201, { id: 'dup' });
	const result = await call({ method: 'POST', path: '/extractions/sessions', body: {}, what: 'create the session' });
	expect(result.error?.message).toContain('Could not reach Raydocs (the connection was reset) while trying to create the session');
	expect(result.error?.description).toContain('may have done it anyway');
	scope.done();
	expect(extra.isDone()).toBe(false);
});

test('a refused connection is retried even for a POST', async () => {
	const scope = nock(RAYDOCS_URL)
		.post('/p')
		.replyWithError(socketError('ECONNREFUSED', 'connect ECONNREFUSED'))
		.post('/p')
		.reply(201, { id: 1 });
	const result = await call({ method: 'POST', path: '/p', body: {} });
	expect(result.error).toBeUndefined();
	scope.done();
});

test('GET gives up after maxAttempts with the last error, never more requests', async () => {
	const scope = nock(RAYDOCS_URL).get('/x').times(retryPolicy.maxAttempts).reply(500, { message: 'boom' });
	const result = await call({ method: 'GET', path: '/x' });
	expect(result.error?.message).toMatch(/^Raydocs server error \(HTTP 500\): boom \(6 attempts over [\d.]+ s\)$/);
	scope.done();
});

test('backoff grows and is capped', async () => {
	retryPolicy.maxDelayMs = 4000;
	nock(RAYDOCS_URL).get('/x').times(retryPolicy.maxAttempts).reply(503);
	await call({ method: 'GET', path: '/x' });
	// Sleeps come in 250 ms steps; rebuild each wait from the steps between attempts.
	expect(totalSlept()).toBeGreaterThanOrEqual(500 + 1000 + 2000 + 2000 + 2000);
	expect(Math.max(...slept)).toBeLessThanOrEqual(250);
});

test('401, 403, 404 and 422 become messages that name the problem and the fix', async () => {
	nock(RAYDOCS_URL)
		.get('/workspaces')
		.reply(401, { message: 'Unauthenticated.' })
		.get('/extractions/templates/t1')
		.reply(403, { message: 'Invalid ability provided.', required_ability: 'templates-read' })
		.get('/extractions/results/r1')
		.reply(404, { message: 'Not found' })
		.post('/extractions/templates/t1/sessions/batch')
		.reply(422, { message: 'The given data was invalid.', errors: { files: ['The files field must not have more than 50 items.'] } });
	const unauthorized = await call({ method: 'GET', path: '/workspaces' });
	expect(unauthorized.error?.message).toBe('Raydocs did not accept the access token: Unauthenticated.');
	expect(unauthorized.error?.description).toContain('check the access token');
	const forbidden = await call({ method: 'GET', path: '/extractions/templates/t1' });
	expect(forbidden.error?.message).toBe('The access token lacks the "templates-read" ability');
	const missing = await call({ method: 'GET', path: '/extractions/results/r1', subject: 'Result r1', itemIndex: 3 });
	expect(missing.error?.message).toBe('Result r1 was not found');
	expect((missing.error as { context?: { itemIndex?: number } } | undefined)?.context?.itemIndex).toBe(3);
	const invalid = await call({ method: 'POST', path: '/extractions/templates/t1/sessions/batch', body: {} });
	expect(invalid.error?.message).toBe('Raydocs rejected the request: The given data was invalid.');
	expect(invalid.error?.description).toContain('files: The files field must not have more than 50 items.');
	for (const result of [unauthorized, forbidden, missing, invalid]) {
		expect(JSON.stringify(result.error) + result.error?.message + result.error?.description).not.toContain(RAYDOCS_TOKEN);
	}
});

test('after a response with X-RateLimit-Remaining: 0 the next request waits for the reset', async () => {
	nock(RAYDOCS_URL)
		.get('/a')
		.reply(200, {}, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '3' })
		.get('/b')
		.reply(200, {});
	await call({ method: 'GET', path: '/a' });
	expect(totalSlept()).toBe(0);
	await call({ method: 'GET', path: '/b' });
	expect(totalSlept()).toBeGreaterThanOrEqual(2900);
});

test('a cancelled execution stops waiting and sends nothing more', async () => {
	const controller = new AbortController();
	const scope = nock(RAYDOCS_URL)
		.get('/x')
		.reply(() => {
			controller.abort();
			return [503, {}];
		});
	const extra = nock(RAYDOCS_URL).get('/x').reply(200, {});
	const result = await call({ method: 'GET', path: '/x' }, controller.signal);
	expect(result.error?.message).toContain('cancelled');
	scope.done();
	expect(extra.isDone()).toBe(false);
});

test('cancelling during a long backoff ends the wait within a second: no more than 1 s of sleep after the cancel, and nothing sent', async () => {
	// A 30 s backoff after a 503.
	retryPolicy.baseDelayMs = 60_000;
	retryPolicy.maxDelayMs = 60_000;
	const controller = new AbortController();
	let sleptAtCancel = -1;
	afterSleep = () => {
		// Cancelled 3 steps into the wait.
		if (slept.length === 3) {
			controller.abort();
			sleptAtCancel = totalSlept();
		}
	};
	const scope = nock(RAYDOCS_URL).get('/x').reply(503, {});
	const retry = nock(RAYDOCS_URL).get('/x').reply(200, {});
	const result = await call({ method: 'GET', path: '/x' }, controller.signal);
	expect(result.error?.message).toContain('cancelled');
	scope.done();
	expect(retry.isDone()).toBe(false);
	// It was in the middle of a long wait when cancelled...
	expect(sleptAtCancel).toBeGreaterThan(0);
	// ...and stopped sleeping within about a second of it (every step short, none after the cancel).
	expect(Math.max(...slept)).toBeLessThanOrEqual(1000);
	expect(totalSlept() - sleptAtCancel).toBeLessThanOrEqual(1000);
	expect(slept.length).toBeLessThanOrEqual(4);
});

describe('a caller with a small wait budget (a trigger\'s poll)', () => {
	const budget = { maxAttempts: 2, maxRetryWaitMs: 10_000 };

	test('a Retry-After longer than the budget is not waited out: one request, the 429 thrown, no sleep', async () => {
		const scope = nock(RAYDOCS_URL).get('/x').reply(429, { message: 'slow down' }, { 'Retry-After': '60' });
		const retry = nock(RAYDOCS_URL).get('/x').reply(200, {});
		const result = await call({ method: 'GET', path: '/x', ...budget });
		expect(result.error?.httpCode).toBe('429');
		scope.done();
		expect(retry.isDone()).toBe(false);
		expect(totalSlept()).toBe(0);
	});

	test('while the service still says wait longer than the budget, the next request gives up too instead of sleeping', async () => {
		nock(RAYDOCS_URL).get('/x').reply(429, { message: 'slow down' }, { 'Retry-After': '60' });
		await call({ method: 'GET', path: '/x', ...budget });
		const next = nock(RAYDOCS_URL).get('/y').reply(200, {});
		const result = await call({ method: 'GET', path: '/y', ...budget });
		expect(result.error?.httpCode).toBe('429');
		expect(totalSlept()).toBeLessThanOrEqual(budget.maxRetryWaitMs);
		expect(next.isDone()).toBe(false);
	});

	test('a Retry-After within the budget is waited out and the request retried', async () => {
		nock(RAYDOCS_URL).get('/x').reply(429, {}, { 'Retry-After': '2' }).get('/x').reply(200, { ok: 1 });
		const result = await call({ method: 'GET', path: '/x', ...budget });
		expect(result.error).toBeUndefined();
		expect(totalSlept()).toBeGreaterThanOrEqual(1900);
		expect(totalSlept()).toBeLessThanOrEqual(budget.maxRetryWaitMs);
	});
});

test('Raydocs: a 429 that names no wait is retried only after the per-minute window has turned', async () => {
	const scope = nock(RAYDOCS_URL).get('/x').reply(429, { message: 'Too Many Attempts.' }).get('/x').reply(200, { ok: 1 });
	const result = await call({ method: 'GET', path: '/x' });
	expect(result.error).toBeUndefined();
	expect(totalSlept()).toBeGreaterThanOrEqual(60_000);
	scope.done();
});

test('Raydocs: a 429 that names no wait, inside a budget shorter than the window, gives up with the 429 at once', async () => {
	const scope = nock(RAYDOCS_URL).get('/x').reply(429, { message: 'Too Many Attempts.' });
	const result = await call({ method: 'GET', path: '/x', maxRetryWaitMs: 10_000 });
	expect(result.error?.message).toMatch(/rate limit/i);
	expect(totalSlept()).toBe(0);
	scope.done();
});

test('a service without a per-minute window backs off as usual after a 429 that names no wait', async () => {
	const scope = nock(RAYDOCS_URL).get('/x').reply(429).get('/x').reply(200, { ok: 1 });
	lastOptions = { method: 'GET', path: '/x' };
	const plain = probeNode('raydocsApi', async (ctx) => {
		const response = await apiRequest(ctx, { ...raydocs, rateLimitWindowMs: undefined }, lastOptions);
		return { status: response.statusCode, body: response.body as never };
	});
	const result = await runNode({ nodeType: plain, parameters: {}, credentials: raydocsCredentials() });
	expect(result.error).toBeUndefined();
	expect(totalSlept()).toBeLessThan(2_000);
	scope.done();
});
