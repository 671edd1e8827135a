/**
 * Raydocs says `X-RateLimit-Remaining: 0` on the answer that uses up its window but names the
 * reset only on the 429 that follows. When one execution of a process has been told the window
 * is used up, one request of the process finds out when it resets; the others wait for that answer
 * instead of each collecting a 429. The sandbox-like limiter below answers 429 until its window
 * turns (one second): the test counts the 429s, it does not time anything.
 */
import nock from 'nock';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { RaydocsApi } from '../../../credentials/RaydocsApi.credentials';
import { runNode, type CredentialMap } from '../../../dev/harness/n8nContext';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { apiRequest } from '../../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import { probeNode } from '../../helpers/probe';
import { RAYDOCS_TOKEN, RAYDOCS_URL } from '../../helpers/raydocs';

const credentials = (id: string): CredentialMap => ({ raydocsApi: { type: new RaydocsApi(), id, data: { accessToken: RAYDOCS_TOKEN, baseUrl: RAYDOCS_URL } } });

const getTemplates = probeNode('raydocsApi', async (ctx: IExecuteFunctions) => ({ status: (await apiRequest(ctx, raydocs, { method: 'GET', path: '/templates' })).statusCode }) as IDataObject);

beforeAll(() => nock.disableNetConnect());
beforeEach(() => resetRateLimitState());
afterEach(() => nock.cleanAll());

test('after Remaining 0 without a reset, one request finds out when the window turns; the other executions wait for its answer', async () => {
	// The window is used up until `turnsAt`: Laravel's throttle answers 429 with Retry-After, then 200s.
	let turnsAt = 0;
	const answered: number[] = [];
	nock(RAYDOCS_URL)
		.get('/templates')
		.reply(200, [], { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0' })
		.get('/templates')
		.times(20)
		// Slow enough that the other executions start while the first one is still out.
		.delay(300)
		.reply(() => {
			const status = Date.now() < turnsAt ? 429 : 200;
			answered.push(status);
			return status === 429
				? [429, { message: 'Too Many Attempts.' }, { 'Retry-After': '1', 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0' }]
				: [200, [], { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '50' }];
		});

	const first = await runNode({ nodeType: getTemplates, parameters: {}, credentials: credentials('cred-a') });
	expect(first.error).toBeUndefined();
	turnsAt = Date.now() + 1000;
	const others = await Promise.all(['cred-b', 'cred-c', 'cred-d'].map((id) => runNode({ nodeType: getTemplates, parameters: {}, credentials: credentials(id) })));

	expect(others.map((run) => run.error?.message)).toEqual([undefined, undefined, undefined]);
	expect(others.map((run) => run.items[0].json.status)).toEqual([200, 200, 200]);
	// One 429 (the request that found out), then every execution's request answered.
	expect(answered.filter((status) => status === 429)).toHaveLength(1);
	expect(answered.filter((status) => status === 200)).toHaveLength(3);
});

test('an answer with requests left in the window lets every execution go at once', async () => {
	const answered: number[] = [];
	nock(RAYDOCS_URL)
		.get('/templates')
		.times(4)
		.reply(() => {
			answered.push(200);
			return [200, [], { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '50' }];
		});
	const runs = await Promise.all(['cred-a', 'cred-b', 'cred-c', 'cred-d'].map((id) => runNode({ nodeType: getTemplates, parameters: {}, credentials: credentials(id) })));
	expect(runs.map((run) => run.items[0]?.json.status)).toEqual([200, 200, 200, 200]);
	expect(answered).toHaveLength(4);
});
