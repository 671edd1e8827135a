/**
 * Redaction in one place, through the nodes' real execute()/poll()/webhook(): error bodies that
 * echo the token (401 text, 422 JSON), a 5 MB error body and an HTML 502 page become bounded,
 * token-free messages, descriptions, Continue On Fail items, trigger items and thrown errors
 * (JSON-serialised too: NodeApiError keeps the response object it was given).
 */
import { createHmac } from 'crypto';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { apiRequest } from '../../../nodes/shared/transport/http';
import { bound, redact, safeErrorBody, safeText, secretValues } from '../../../nodes/shared/transport/redact';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { runNode, type RunResult } from '../../../dev/harness/n8nContext';
import { fastTiming, LLAMA_KEY, LLAMA_URL, runLlama } from '../../helpers/llamaextract';
import { deliver, PP_KEY, PP_URL, pollPP, runPP } from '../../helpers/perfectparser';
import { probeNode } from '../../helpers/probe';
import { RAYDOCS_TOKEN, RAYDOCS_URL, raydocsCredentials, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());

interface Service {
	name: string;
	secret: string;
	/** Intercepts the one GET the run makes. */
	intercept: () => nock.Interceptor;
	run: (continueOnFail?: boolean) => Promise<RunResult>;
}

const SERVICES: Service[] = [
	{
		name: 'Raydocs',
		secret: RAYDOCS_TOKEN,
		intercept: () => nock(RAYDOCS_URL).get('/workspaces').query(true),
		run: async (continueOnFail) => await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: true }, undefined, { continueOnFail }),
	},
	{
		name: 'PerfectParser',
		secret: PP_KEY,
		intercept: () => nock(PP_URL).get('/v1/me'),
		run: async (continueOnFail) => await runPP({ resource: 'account', operation: 'get' }, undefined, { continueOnFail }),
	},
	{
		name: 'LlamaCloud',
		secret: LLAMA_KEY,
		intercept: () => nock(LLAMA_URL).get('/api/v1/extraction/extraction-agents').query(true),
		run: async (continueOnFail) => await runLlama({ resource: 'agent', operation: 'getAll', includeDefault: false, limit: 2 }, undefined, { continueOnFail }),
	},
];

/** Everything the node showed: message, description, the error as n8n serialises it, the items. */
function shown(result: RunResult): string {
	const error = result.error;
	return `${error?.message ?? ''}\n${error?.description ?? ''}\n${error ? JSON.stringify(error) : ''}\n${JSON.stringify(result.items)}`;
}

function expectSafe(result: RunResult, secret: string, maxMessage = 1000) {
	expect(shown(result)).not.toContain(secret);
	const message = result.error?.message ?? String(result.items[0]?.json.error ?? '');
	const description = result.error?.description ?? String(result.items[0]?.json.errorDescription ?? '');
	expect(message.length).toBeGreaterThan(0);
	expect(message.length).toBeLessThanOrEqual(maxMessage);
	expect(description.length).toBeLessThanOrEqual(3500);
	expect(shown(result).length).toBeLessThan(20_000);
}

describe.each(SERVICES)('$name', ({ secret, intercept, run }) => {
	const bodies: Array<[string, number, () => unknown, Record<string, string>]> = [
		['401 text echoing the token', 401, () => `Unauthenticated: the token ${secret} was revoked`, { 'Content-Type': 'text/plain' }],
		[
			'422 JSON echoing the token in message and details',
			422,
			() => ({
				message: `Invalid key ${secret}`,
				errors: { token: [`${secret} is not allowed`] },
				detail: [{ loc: ['body', 'key'], msg: `bad value ${secret}` }],
				error: { code: 'VALIDATION', message: `X-API-Key: ${secret}` },
			}),
			{},
		],
		['5 MB text body ending in the token', 400, () => `${'x'.repeat(5 * 1024 * 1024)} ${secret}`, { 'Content-Type': 'text/plain' }],
		['5 MB JSON message', 400, () => ({ message: `${secret} ${'y'.repeat(5 * 1024 * 1024)}`, detail: `${secret} ${'y'.repeat(5 * 1024 * 1024)}` }), {}],
		[
			'HTML 502 page echoing the token',
			502,
			() => `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><pre>Authorization: Bearer ${secret}</pre>${'<p>filler</p>'.repeat(20_000)}</body></html>`,
			{ 'Content-Type': 'text/html' },
		],
	];

	test.each(bodies)('%s: thrown error is bounded and token-free', async (_label, status, body, headers) => {
		const scope = intercept().times(10).reply(status, body() as nock.Body, headers);
		const result = await run();
		expect(result.error).toBeDefined();
		expectSafe(result, secret);
		if (status === 502) {
			expect(result.error?.message).toContain('502 Bad Gateway');
			expect(shown(result)).not.toContain('<h1>');
		}
		scope.persist(false);
	});

	test.each(bodies)('%s: Continue On Fail item is bounded and token-free', async (_label, status, body, headers) => {
		intercept().times(10).reply(status, body() as nock.Body, headers);
		const result = await run(true);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expectSafe(result, secret);
	});

	test('a token inside an unknown transport error is scrubbed (header form and bare)', async () => {
		intercept()
			.times(10)
			.replyWithError(Object.assign(new Error(`proxy said no to {"X-API-Key":"${secret}","authorization":"Bearer ${secret}"} and ${secret}`), { code: 'EPROXYWEIRD' }));
		const result = await run();
		expect(result.error?.description).toContain('Network error');
		expectSafe(result, secret);
	});
});

test('a storage 403 echoing the signed URL does not show its signature', async () => {
	const probe = probeNode('raydocsApi', async (ctx) => {
		const response = await apiRequest(ctx, raydocs, { method: 'GET', path: 'https://bucket.test/f.pdf?X-Amz-Signature=SIGSECRET123&X-Amz-Expires=60', noAuth: true, binary: true, itemIndex: 0 });
		return { status: response.statusCode };
	});
	nock('https://bucket.test').get('/f.pdf').query(true).reply(403, '<?xml version="1.0"?><Error><Message>Request https://bucket.test/f.pdf?X-Amz-Signature=SIGSECRET123&amp;X-Amz-Expires=60 denied</Message></Error>');
	const result = await runNode({ nodeType: probe, parameters: {}, credentials: raydocsCredentials() });
	expect(result.error?.message).toContain('https://bucket.test/f.pdf?***');
	expect(shown(result)).not.toContain('SIGSECRET123');
});

test('PerfectParser Trigger, Polling: an unavailable-results reason echoing the key is redacted', async () => {
	let listed = 0;
	nock(PP_URL)
		.persist()
		.get('/v1/extractions')
		.query(true)
		.reply(() => {
			listed++;
			const extractions = listed > 2 ? [{ extraction_id: 'e1', parser_id: 'prs_1', status: 'completed', updated_at: new Date().toISOString() }] : [];
			return [200, { extractions, pagination: { has_next_page: false, next_cursor: null } }, { Date: new Date().toUTCString() }];
		});
	const staticData: IDataObject = {};
	const params = { statuses: ['completed'], options: { includeResults: true } };
	await pollPP(params, staticData);
	nock(PP_URL).get('/v1/extractions/e1/results').reply(404, { error: { code: 'RESOURCE_NOT_FOUND', message: `No results for key ${PP_KEY}` } });
	const out = await pollPP(params, staticData);
	expect(out.error).toBeUndefined();
	expect(out.items?.[0].json.resultsUnavailable).toBe('HTTP 404 RESOURCE_NOT_FOUND No results for key ***');
	expect(JSON.stringify(out.items)).not.toContain(PP_KEY);
});

test('PerfectParser Trigger: fetch_error of a delivery whose details could not be fetched is redacted', async () => {
	const secret = 'wh_sec_a1b2c3d4e5f6';
	const raw = Buffer.from(JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_1', status: 'completed' }));
	nock(PP_URL).get('/v1/extractions/ext_1/results').reply(403, `forbidden for ${PP_KEY}`);
	const out = await deliver(
		{ events: ['extraction.job_completed'], options: { fetchData: true } },
		{ 'node:PerfectParser Trigger': { webhookId: 'wh_1', signingSecret: secret } },
		{ headers: { 'X-PerfectParser-Signature': createHmac('sha256', secret).update(raw).digest('hex') }, rawBody: raw },
	);
	const json = out.result?.workflowData?.[0][0].json;
	expect(json?.fetch_error).toMatch(/refused this request: forbidden for \*\*\*/);
	expect(JSON.stringify(out.result)).not.toContain(PP_KEY);
});

describe('the redaction rules', () => {
	test('secret values, Bearer and API-key forms, and every URL query string', () => {
		const secrets = secretValues({ accessToken: 'tok_0123456789/+=', other: 'not secret' }, ['accessToken']);
		expect(secrets).toContain('tok_0123456789/+=');
		expect(secrets).toContain(encodeURIComponent('tok_0123456789/+='));
		expect(redact('a tok_0123456789/+= b tok_0123456789%2F%2B%3D c', secrets)).toBe('a *** b *** c');
		expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: *** ***');
		expect(redact('sent bearer abc.def')).toBe('sent bearer ***');
		expect(redact('{"x-api-key":"k-123"} X-API-Key: k-456 api_key=k-789')).toBe('{"x-api-key":"***"} X-API-Key: *** api_key=***');
		expect(redact('see https://s3.test/a/b.pdf?X-Amz-Signature=abc&x=1 now')).toBe('see https://s3.test/a/b.pdf?*** now');
		expect(redact('Open the credential and check the API key (revoked?)')).toBe('Open the credential and check the API key (revoked?)');
	});

	test('bounds with an ellipsis; HTML pages become their title or status text', () => {
		expect(bound('a'.repeat(600))).toHaveLength(500);
		expect(bound('a'.repeat(600)).endsWith('…')).toBe(true);
		expect(safeText('short')).toBe('short');
		expect(safeErrorBody(502, '<html><head><title>502 Bad Gateway</title></head><body>x</body></html>', [])).toBe('502 Bad Gateway');
		expect(safeErrorBody(503, '<!doctype html><body>down</body>', [])).toBe('HTTP 503 Service Unavailable');
		expect(safeErrorBody(422, { message: 'k-SECRET-1', list: ['k-SECRET-1'] }, ['k-SECRET-1'])).toEqual({ message: '***', list: ['***'] });
	});
});
