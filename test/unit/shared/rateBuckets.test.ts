/**
 * Nested rate buckets: PerfectParser's submit bucket (20/min) sits inside its global budget
 * (150/min). n8n-workflow's sleep is recorded, not awaited, so the holds are read, not timed.
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

import { perfectParser } from '../../../nodes/PerfectParser/transport';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { apiRequest, type ApiRequestOptions } from '../../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import type { ServiceDefinition } from '../../../nodes/shared/transport/serviceDefinition';
import { runNode } from '../../../dev/harness/n8nContext';
import { probeNode } from '../../helpers/probe';
import { PP_URL, ppCredentials } from '../../helpers/perfectparser';
import { RAYDOCS_URL, raydocsCredentials } from '../../helpers/raydocs';

let service: ServiceDefinition = perfectParser;
let lastOptions: ApiRequestOptions;
const probe = (credential: string) =>
	probeNode(credential, async (ctx) => ({ status: (await apiRequest(ctx, service, lastOptions)).statusCode }));

async function pp(options: ApiRequestOptions) {
	service = perfectParser;
	lastOptions = options;
	const result = await runNode({ nodeType: probe('perfectParserApi'), parameters: {}, credentials: ppCredentials() });
	expect(result.error).toBeUndefined();
}

async function rd(options: ApiRequestOptions) {
	service = raydocs;
	lastOptions = options;
	const result = await runNode({ nodeType: probe('raydocsApi'), parameters: {}, credentials: raydocsCredentials() });
	expect(result.error).toBeUndefined();
}

/** pause() sleeps in steps of 250 ms: the hold is their sum. */
const totalSlept = () => slept.reduce((a, b) => a + b, 0);

const SUBMIT: ApiRequestOptions = { method: 'POST', path: '/v1/extractions', body: { a: 1 }, rateBucket: 'submit' };
const STATUS: ApiRequestOptions = { method: 'GET', path: '/v1/extractions/ext_1' };
/** Reset as delta-seconds, so the expected hold does not depend on the clock. */
const exhausted = (limit: number) => ({ 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '30' });

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	slept.length = 0;
	resetRateLimitState();
});
afterEach(() => nock.cleanAll());

test('a submit waits for the global window closed by a status poll (Remaining: 0)', async () => {
	const scope = nock(PP_URL).get('/v1/extractions/ext_1').reply(200, {}, exhausted(150)).post('/v1/extractions').reply(202, {});
	await pp(STATUS);
	expect(totalSlept()).toBe(0);
	await pp(SUBMIT);
	expect(totalSlept()).toBeGreaterThan(20_000); // 30 s less the little time the test itself took
	scope.done();
});

test('a submit waits for the global window closed by a 429 on a status poll', async () => {
	const scope = nock(PP_URL)
		.get('/v1/extractions/ext_1')
		.reply(429, { error: { code: 'RATE_LIMITED' } }, { 'Retry-After': '20' })
		.get('/v1/extractions/ext_1')
		.reply(200, {});
	await pp(STATUS);
	slept.length = 0;
	// Nothing answered since: the window is still closed, a submit must hold back too.
	const submit = nock(PP_URL).post('/v1/extractions').reply(202, {});
	await pp(SUBMIT);
	expect(totalSlept()).toBeGreaterThan(15_000);
	scope.done();
	submit.done();
});

test('a submit answer that exhausts the global window (Limit 150) holds back every request', async () => {
	const scope = nock(PP_URL).post('/v1/extractions').reply(202, {}, exhausted(150)).get('/v1/extractions/ext_1').reply(200, {});
	await pp(SUBMIT);
	await pp(STATUS);
	expect(totalSlept()).toBeGreaterThan(20_000); // 30 s less the little time the test itself took
	scope.done();
});

test('an exhausted submit window (Limit 20) holds back submits only', async () => {
	const scope = nock(PP_URL)
		.post('/v1/extractions')
		.reply(202, {}, exhausted(20))
		.get('/v1/extractions/ext_1')
		.reply(200, {})
		.post('/v1/extractions')
		.reply(202, {});
	await pp(SUBMIT);
	await pp(STATUS);
	expect(totalSlept()).toBe(0);
	await pp(SUBMIT);
	expect(totalSlept()).toBeGreaterThan(20_000); // 30 s less the little time the test itself took
	scope.done();
});

test('a 429 on a submit without a Limit header closes the submit window, not the global one', async () => {
	const scope = nock(PP_URL)
		.post('/v1/extractions')
		.reply(429, { error: { code: 'RATE_LIMITED' } }, { 'X-RateLimit-Reset': '15' })
		.post('/v1/extractions')
		.reply(202, {})
		.get('/v1/extractions/ext_1')
		.reply(200, {});
	await pp(SUBMIT);
	expect(totalSlept()).toBeGreaterThan(10_000);
	slept.length = 0;
	// The window is over only after 15 s of real time; the recorded sleep did not wait it out.
	await pp(STATUS);
	expect(totalSlept()).toBe(0);
	scope.done();
});

test('Raydocs: the storage bucket stays independent of the default one', async () => {
	const scope = nock(RAYDOCS_URL).get('/x').reply(200, {}, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '30' });
	const storage = nock('https://storage.test').put('/obj').reply(200, {});
	await rd({ method: 'GET', path: '/x' });
	await rd({ method: 'PUT', path: 'https://storage.test/obj', noAuth: true, body: 'x', rateBucket: 'storage' });
	expect(totalSlept()).toBe(0);
	scope.done();
	storage.done();
});
