/**
 * One base-URL rule for the nodes and the credential tests: checkBaseUrl (used by every request)
 * and each credential's test-request baseURL expression, evaluated by n8n-workflow's own
 * expression engine, agree on every input; what the nodes refuse, the credential test sends to a
 * reserved .invalid host (never the token to the given one).
 */
import nock from 'nock';
import type { ICredentialType, IDataObject } from 'n8n-workflow';

import { LlamaCloudApi } from '../../../credentials/LlamaCloudApi.credentials';
import { PerfectParserApi } from '../../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../../credentials/RaydocsApi.credentials';
import { checkBaseUrl } from '../../../nodes/shared/transport/baseUrl';
import { llamaCloud } from '../../../nodes/LlamaExtract/transport';
import { perfectParser } from '../../../nodes/PerfectParser/transport';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { credentialTestBaseUrl } from '../../helpers/credentialTest';
import { fastTiming, llamaCredentials, runLlama } from '../../helpers/llamaextract';
import { pollPP, ppCredentials, runPP } from '../../helpers/perfectparser';
import { raydocsCredentials, runRaydocs } from '../../helpers/raydocs';

const INPUTS: unknown[] = [
	'https://api.example.com',
	'  https://api.example.com  ',
	'https://api.example.com/',
	'https://api.example.com///',
	'https://api.example.com/base/path/',
	'HTTPS://API.EXAMPLE.COM',
	'https://api.example.com:8443',
	'http://localhost:4010/raydocs',
	'http://LOCALHOST',
	'http://127.0.0.1:9999/',
	'http://127.5.6.7',
	'http://[::1]:8080',
	'http://10.1.2.3',
	'http://172.16.0.1',
	'http://172.31.255.255:80',
	'http://192.168.1.20:3000',
	'http://sandbox.local:4010',
	'http://dev.localhost',
	// refused
	'http://api.example.com',
	'http://172.32.0.1',
	'http://11.0.0.1',
	'http://192.169.0.1',
	'http://localhost.evil.com',
	'https://api.example.com?token=abc',
	'https://api.example.com/?x',
	'https://api.example.com#frag',
	'https://user:pass@api.example.com',
	'https://token@api.example.com/path',
	'ftp://api.example.com',
	'api.example.com',
	'javascript:alert(1)',
	'https://',
	'https:// api.example.com',
	'https://api.example.com/a b',
];

const CASES: Array<{ name: string; credential: ICredentialType; data: (url: unknown) => IDataObject; baseUrl: (data: IDataObject) => string; fallback?: string }> = [
	{ name: 'Raydocs', credential: new RaydocsApi(), data: (baseUrl) => ({ accessToken: "t", baseUrl: baseUrl as string }), baseUrl: raydocs.baseUrl, fallback: 'https://api.raydocs.com' },
	{ name: 'PerfectParser', credential: new PerfectParserApi(), data: (baseUrl) => ({ apiKey: "k", baseUrl: baseUrl as string }), baseUrl: perfectParser.baseUrl, fallback: 'https://api.perfectparser.com' },
	{ name: 'LlamaCloud (custom region)', credential: new LlamaCloudApi(), data: (baseUrl) => ({ apiKey: "k", region: "custom", baseUrl: baseUrl as string }), baseUrl: llamaCloud.baseUrl },
];

describe.each(CASES)('$name credential test uses the URL the nodes use', ({ credential, data, baseUrl, fallback }) => {
	test.each(INPUTS.map((input) => [JSON.stringify(input), input]))('%s', (_label, input) => {
		const checked = checkBaseUrl(input, fallback);
		const tested = credentialTestBaseUrl(credential, data(input));
		if ('url' in checked) {
			expect(tested).toBe(checked.url);
			expect(baseUrl(data(input))).toBe(checked.url);
		} else {
			expect(tested).toMatch(/^https:\/\/base-url-[a-z-]+\.invalid$/);
			expect(() => baseUrl(data(input))).toThrow(checked.problem);
		}
	});

	test('empty and missing values', () => {
		for (const input of ['', '   ', undefined]) {
			const checked = checkBaseUrl(input, fallback);
			const tested = credentialTestBaseUrl(credential, data(input));
			if ('url' in checked) expect(tested).toBe(checked.url);
			else expect(tested).toMatch(/\.invalid$/);
		}
	});
});

test('the rule: trimmed, trailing slashes gone, query / fragment / user info / public http refused with a reason', () => {
	expect(checkBaseUrl('  https://api.example.com/v1//  ')).toEqual({ url: 'https://api.example.com/v1' });
	expect(checkBaseUrl('', 'https://api.raydocs.com')).toEqual({ url: 'https://api.raydocs.com' });
	expect(checkBaseUrl('https://a.example?sig=1')).toMatchObject({ problem: 'has a query string' });
	expect(checkBaseUrl('https://a.example#x')).toMatchObject({ problem: 'has a fragment' });
	expect(checkBaseUrl('https://u:p@a.example')).toMatchObject({ problem: 'contains a user name or password' });
	expect(checkBaseUrl('http://a.example')).toMatchObject({ problem: 'uses http:// for a public host', fix: expect.stringContaining('in clear') });
	expect(checkBaseUrl('http://192.168.0.10:8080')).toEqual({ url: 'http://192.168.0.10:8080' });
});

describe('the nodes refuse a bad base URL before sending, naming the credential, the field and the item', () => {
	beforeAll(() => nock.disableNetConnect());
	beforeEach(() => fastTiming());
	afterEach(() => nock.cleanAll());

	test('Raydocs: a query string (not shown: it may hold a secret)', async () => {
		const result = await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: true }, undefined, {
			credentials: raydocsCredentials({ baseUrl: 'https://api.raydocs.test?token=abc' }),
		});
		expect(result.error?.message).toBe('The Raydocs API credential\'s Base URL "https://api.raydocs.test?***" has a query string [item 0]');
		expect(result.error?.description).toContain('Open the Raydocs API credential and correct the Base URL.');
	});

	test('PerfectParser: http:// to a public host, with the reason', async () => {
		const result = await runPP({ resource: 'account', operation: 'get' }, undefined, { credentials: ppCredentials({ baseUrl: ' http://api.perfectparser.com/ ' }) });
		expect(result.error?.message).toBe('The PerfectParser API credential\'s Base URL "http://api.perfectparser.com/" uses http:// for a public host [item 0]');
		expect(result.error?.description).toContain('the token would travel in clear');
	});

	test('LlamaCloud custom region: user info (not shown)', async () => {
		const result = await runLlama({ resource: 'agent', operation: 'getAll', includeDefault: false, limit: 1 }, undefined, {
			credentials: llamaCredentials({ baseUrl: 'https://me:pw@llama.test' }),
		});
		expect(result.error?.message).toBe('The LlamaCloud Extract API credential\'s Custom Base URL "https://***@llama.test" contains a user name or password [item 0]');
	});

	test('PerfectParser Trigger, Polling: thrown (the user must fix it), not logged as a passing failure', async () => {
		const out = await pollPP({ statuses: ['completed'] }, {}, 'trigger', ppCredentials({ baseUrl: 'https://api.perfectparser.test#x' }));
		expect(out.error?.message).toBe('The PerfectParser API credential\'s Base URL "https://api.perfectparser.test#***" has a fragment');
	});

	test('trimmed and without trailing slashes, the base URL works', async () => {
		const scope = nock('https://api.raydocs.test').get('/workspaces').query(true).reply(200, { data: [] });
		const result = await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: true }, undefined, {
			credentials: raydocsCredentials({ baseUrl: '  https://api.raydocs.test//  ' }),
		});
		expect(result.error).toBeUndefined();
		scope.done();
	});
});
