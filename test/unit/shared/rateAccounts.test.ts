/**
 * Rate-limit windows belong to an account (the credential at its base URL), not to the service:
 * a 429 on one customer's key holds back that key's requests only. n8n-workflow's sleep is
 * recorded, not awaited, so the holds are read, not timed.
 */
jest.mock('n8n-workflow', () => jest.requireActual('../../helpers/recordedSleep').withRecordedSleep());

import nock from 'nock';

import { PerfectParserApi } from '../../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../../credentials/RaydocsApi.credentials';
import { runNode } from '../../../dev/harness/n8nContext';
import { perfectParser } from '../../../nodes/PerfectParser/transport';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { apiRequest } from '../../../nodes/shared/transport/http';
import { rateAccount, resetRateLimitState, unauthenticatedRateAccount } from '../../../nodes/shared/transport/rateLimit';
import { probeNode } from '../../helpers/probe';
import { PP_KEY, PP_URL } from '../../helpers/perfectparser';
import { RAYDOCS_TOKEN, RAYDOCS_URL } from '../../helpers/raydocs';
import { slept, totalSlept } from '../../helpers/recordedSleep';

const OTHER_KEY = 'pp_live_OTHER_customer_key_9876543210';
const OTHER_URL = 'https://eu.perfectparser.test';

const probe = probeNode('perfectParserApi', async (ctx) => ({
	status: (await apiRequest(ctx, perfectParser, { method: 'GET', path: '/v1/extractions/ext_1' })).statusCode,
}));

/** One status request sent with the given credential (n8n id, API key, base URL). */
async function statusAs(credential: { id: string | null; apiKey: string; baseUrl?: string }) {
	const result = await runNode({
		nodeType: probe,
		parameters: {},
		credentials: {
			perfectParserApi: { type: new PerfectParserApi(), id: credential.id, data: { apiKey: credential.apiKey, baseUrl: credential.baseUrl ?? PP_URL } },
		},
	});
	expect(result.error).toBeUndefined();
}

/** A 429 asking for 20 s, then the answer: the credential's window is closed for 20 s. */
async function rateLimited(credential: { id: string | null; apiKey: string; baseUrl?: string }) {
	nock(credential.baseUrl ?? PP_URL)
		.get('/v1/extractions/ext_1')
		.reply(429, { error: { code: 'RATE_LIMITED' } }, { 'Retry-After': '20' })
		.get('/v1/extractions/ext_1')
		.reply(200, {});
	await statusAs(credential);
	expect(totalSlept()).toBeGreaterThan(15_000);
	slept.length = 0;
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

test("a 429 on one credential does not hold back another credential of the same service", async () => {
	await rateLimited({ id: 'cred-customer-a', apiKey: PP_KEY });
	nock(PP_URL).get('/v1/extractions/ext_1').reply(200, {});
	await statusAs({ id: 'cred-customer-b', apiKey: OTHER_KEY });
	expect(totalSlept()).toBe(0);
});

test('the credential that got the 429 is still held back for the window', async () => {
	await rateLimited({ id: 'cred-customer-a', apiKey: PP_KEY });
	nock(PP_URL).get('/v1/extractions/ext_1').reply(200, {});
	await statusAs({ id: 'cred-customer-a', apiKey: PP_KEY });
	expect(totalSlept()).toBeGreaterThan(15_000);
});

test('without a credential id, the secret tells the accounts apart: another key goes, the same key waits', async () => {
	await rateLimited({ id: null, apiKey: PP_KEY });
	nock(PP_URL).get('/v1/extractions/ext_1').reply(200, {});
	await statusAs({ id: null, apiKey: OTHER_KEY });
	expect(totalSlept()).toBe(0);
	nock(PP_URL).get('/v1/extractions/ext_1').reply(200, {});
	await statusAs({ id: null, apiKey: PP_KEY });
	expect(totalSlept()).toBeGreaterThan(15_000);
});

test('the same credential at another base URL has a window of its own', async () => {
	await rateLimited({ id: 'cred-customer-a', apiKey: PP_KEY });
	nock(OTHER_URL).get('/v1/extractions/ext_1').reply(200, {});
	await statusAs({ id: 'cred-customer-a', apiKey: PP_KEY, baseUrl: OTHER_URL });
	expect(totalSlept()).toBe(0);
});

test('an account key holds neither the secret nor a signed URL query', () => {
	const byHash = rateAccount('PerfectParser', PP_URL, null, [PP_KEY]);
	expect(byHash).not.toContain(PP_KEY);
	expect(byHash).not.toContain('SECRET');
	expect(byHash).not.toBe(rateAccount('PerfectParser', PP_URL, null, [OTHER_KEY]));
	expect(rateAccount('PerfectParser', PP_URL, 'cred-1', [PP_KEY])).not.toContain(PP_KEY);
	expect(unauthenticatedRateAccount('Raydocs', 'https://bucket.s3.test/key?X-Amz-Signature=abc123')).not.toContain('abc123');
});

const raydocsProbe = probeNode('raydocsApi', async (ctx) => ({
	status: (await apiRequest(ctx, raydocs, { method: 'GET', path: '/workspaces' })).statusCode,
}));

async function raydocsAs(id: string, accessToken: string) {
	const result = await runNode({
		nodeType: raydocsProbe,
		parameters: {},
		credentials: { raydocsApi: { type: new RaydocsApi(), id, data: { accessToken, baseUrl: RAYDOCS_URL } } },
	});
	expect(result.error).toBeUndefined();
}

test("Raydocs limits per calling IP: a 429 on one token holds back this host's other tokens too", async () => {
	nock(RAYDOCS_URL).get('/workspaces').reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '20' }).get('/workspaces').reply(200, { data: [] });
	await raydocsAs('cred-raydocs-a', RAYDOCS_TOKEN);
	slept.length = 0;
	nock(RAYDOCS_URL).get('/workspaces').reply(200, { data: [] });
	await raydocsAs('cred-raydocs-b', 'rd_live_OTHER_token_9876543210');
	expect(totalSlept()).toBeGreaterThan(15_000);
});
