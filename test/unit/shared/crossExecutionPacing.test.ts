/**
 * Many executions run at once in one n8n process (a queue-mode worker runs five by default). What
 * the service says to one of them about its rate window — a 429 with Retry-After, or an answer
 * with `X-RateLimit-Remaining: 0` and the window's reset — holds back the next request of every
 * other execution sending as the same account, instead of each collecting a 429 of its own.
 * n8n-workflow's sleep is recorded, not awaited: the holds are read, not timed.
 */
jest.mock('n8n-workflow', () => jest.requireActual('../../helpers/recordedSleep').withRecordedSleep());

import nock from 'nock';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { PerfectParserApi } from '../../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../../credentials/RaydocsApi.credentials';
import { runNode, type CredentialMap } from '../../../dev/harness/n8nContext';
import { perfectParser } from '../../../nodes/PerfectParser/transport';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { apiRequest } from '../../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import type { ServiceDefinition } from '../../../nodes/shared/transport/serviceDefinition';
import { probeNode } from '../../helpers/probe';
import { PP_KEY, PP_URL } from '../../helpers/perfectparser';
import { RAYDOCS_TOKEN, RAYDOCS_URL } from '../../helpers/raydocs';
import { slept, totalSlept } from '../../helpers/recordedSleep';

const OTHER_RAYDOCS_TOKEN = 'rd_live_OTHER_token_9876543210';

const ppCredentials: CredentialMap = { perfectParserApi: { type: new PerfectParserApi(), id: 'cred-pp', data: { apiKey: PP_KEY, baseUrl: PP_URL } } };
const raydocsAs = (id: string, accessToken: string): CredentialMap => ({ raydocsApi: { type: new RaydocsApi(), id, data: { accessToken, baseUrl: RAYDOCS_URL } } });

/** One execution's node: one GET, and the time it was held before sending it. */
function oneRequest(credentialType: string, service: ServiceDefinition, path: string) {
	return probeNode(credentialType, async (ctx: IExecuteFunctions) => {
		const before = totalSlept();
		const response = await apiRequest(ctx, service, { method: 'GET', path });
		return { status: response.statusCode, heldMs: totalSlept() - before } as IDataObject;
	});
}

/**
 * Execution B is under way (its first request answered) when execution A, in the same process,
 * gets the rate-limit answer; B's next request comes after A's answer and reports its hold.
 */
async function twoExecutions(opts: {
	credentialType: string;
	service: ServiceDefinition;
	a: CredentialMap;
	b: CredentialMap;
	aPath: string;
	bPath: string;
}): Promise<{ aHeldMs: number; bFirst: number; bHeldMs: number }> {
	let aAnswered!: () => void;
	const aDone = new Promise<void>((resolve) => (aAnswered = resolve));
	const executionB = probeNode(opts.credentialType, async (ctx: IExecuteFunctions) => {
		const first = await apiRequest(ctx, opts.service, { method: 'GET', path: opts.bPath });
		await aDone;
		const before = totalSlept();
		await apiRequest(ctx, opts.service, { method: 'GET', path: opts.bPath });
		return { first: first.statusCode, heldMs: totalSlept() - before } as IDataObject;
	});
	const b = runNode({ nodeType: executionB, parameters: {}, credentials: opts.b });
	const a = await runNode({ nodeType: oneRequest(opts.credentialType, opts.service, opts.aPath), parameters: {}, credentials: opts.a });
	aAnswered();
	const bResult = await b;
	expect(a.error).toBeUndefined();
	expect(bResult.error).toBeUndefined();
	return { aHeldMs: Number(a.items[0].json.heldMs), bFirst: Number(bResult.items[0].json.first), bHeldMs: Number(bResult.items[0].json.heldMs) };
}

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	slept.length = 0;
	resetRateLimitState();
});
afterEach(() => {
	expect(nock.pendingMocks()).toEqual([]);
	nock.cleanAll();
});

test('PerfectParser: X-RateLimit-Remaining 0 answered to one execution holds back the next request of another until the reset', async () => {
	const reset = String(Math.ceil(Date.now() / 1000) + 20);
	nock(PP_URL)
		.get('/v1/extractions/ext_b')
		.reply(200, {}, { 'X-RateLimit-Limit': '150', 'X-RateLimit-Remaining': '5', 'X-RateLimit-Reset': reset })
		.get('/v1/extractions/ext_a')
		.reply(200, {}, { 'X-RateLimit-Limit': '150', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset })
		.get('/v1/extractions/ext_b')
		.reply(200, {});
	const run = await twoExecutions({ credentialType: 'perfectParserApi', service: perfectParser, a: ppCredentials, b: ppCredentials, aPath: '/v1/extractions/ext_a', bPath: '/v1/extractions/ext_b' });
	expect(run.bFirst).toBe(200);
	expect(run.aHeldMs).toBe(0);
	// Until the reset (up to 20 s away, counted in whole seconds): not a guess of its own.
	expect(run.bHeldMs).toBeGreaterThan(15_000);
	expect(run.bHeldMs).toBeLessThanOrEqual(21_000);
});

test('PerfectParser: a 429 answered to one execution holds back the next request of another for the Retry-After', async () => {
	nock(PP_URL)
		.get('/v1/extractions/ext_b')
		.reply(200, {})
		.get('/v1/extractions/ext_a')
		.reply(429, { error: { code: 'RATE_LIMITED', message: 'Rate limit exceeded' } }, { 'Retry-After': '20' })
		.get('/v1/extractions/ext_a')
		.reply(200, {})
		.get('/v1/extractions/ext_b')
		.reply(200, {});
	const run = await twoExecutions({ credentialType: 'perfectParserApi', service: perfectParser, a: ppCredentials, b: ppCredentials, aPath: '/v1/extractions/ext_a', bPath: '/v1/extractions/ext_b' });
	// A waited out its own 429 and was answered; B, which saw no 429, still waits for the window.
	expect(run.aHeldMs).toBeGreaterThan(15_000);
	expect(run.bHeldMs).toBeGreaterThan(15_000);
});

test('Raydocs (limit per calling IP): a 429 answered to one execution holds back another execution even with another credential', async () => {
	nock(RAYDOCS_URL)
		.get('/templates')
		.reply(200, [], { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '40' })
		.get('/workspaces')
		.reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '20', 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0' })
		.get('/workspaces')
		.reply(200, [])
		.get('/templates')
		.reply(200, []);
	const run = await twoExecutions({
		credentialType: 'raydocsApi',
		service: raydocs,
		a: raydocsAs('cred-raydocs-a', RAYDOCS_TOKEN),
		b: raydocsAs('cred-raydocs-b', OTHER_RAYDOCS_TOKEN),
		aPath: '/workspaces',
		bPath: '/templates',
	});
	expect(run.bHeldMs).toBeGreaterThan(15_000);
});

test('an answer with requests left in the window holds nobody back', async () => {
	const reset = String(Math.ceil(Date.now() / 1000) + 20);
	nock(PP_URL)
		.get('/v1/extractions/ext_b')
		.reply(200, {})
		.get('/v1/extractions/ext_a')
		.reply(200, {}, { 'X-RateLimit-Limit': '150', 'X-RateLimit-Remaining': '3', 'X-RateLimit-Reset': reset })
		.get('/v1/extractions/ext_b')
		.reply(200, {});
	const run = await twoExecutions({ credentialType: 'perfectParserApi', service: perfectParser, a: ppCredentials, b: ppCredentials, aPath: '/v1/extractions/ext_a', bPath: '/v1/extractions/ext_b' });
	expect(run.bHeldMs).toBe(0);
});
