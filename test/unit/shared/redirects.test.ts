/**
 * Credentials stay with their origin, over real sockets. Two local servers on 127.0.0.1 with
 * different ports are two origins: the "API" answers 307 towards the other one, which must never
 * see a request (so neither the Authorization / X-API-Key header nor the POST body), for each of
 * the three services through the node's real execute(). Within one origin, redirects are
 * followed with the credential, to a bound.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import { Readable } from 'stream';
import nock from 'nock';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { LlamaCloudApi } from '../../../credentials/LlamaCloudApi.credentials';
import { PerfectParserApi } from '../../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../../credentials/RaydocsApi.credentials';
import { apiRequest, MAX_REDIRECTS } from '../../../nodes/shared/transport/http';
import { raydocs } from '../../../nodes/Raydocs/transport';
import { credentialTestBaseUrl } from '../../helpers/credentialTest';
import { binaryItem, runNode, type CredentialMap, type RunResult } from '../../../dev/harness/n8nContext';
import { fastTiming, LLAMA_KEY, runLlama } from '../../helpers/llamaextract';
import { PP_KEY, runPP } from '../../helpers/perfectparser';
import { probeNode } from '../../helpers/probe';
import { RAYDOCS_TOKEN, RAYDOCS_URL, raydocsCredentials, runRaydocs } from '../../helpers/raydocs';

interface Seen {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

interface Origin {
	server: Server;
	url: string;
	seen: Seen[];
	/** What to answer; default 200 {}. */
	answer: (request: Seen) => { status: number; headers?: Record<string, string>; body?: unknown };
}

async function origin(): Promise<Origin> {
	const state = { seen: [] as Seen[], answer: (() => ({ status: 200, body: {} })) as Origin['answer'] };
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			state.seen.push(request);
			const { status, headers, body } = result.answer(request);
			res.writeHead(status, { 'Content-Type': 'application/json', ...(headers ?? {}) });
			res.end(body === undefined ? '' : JSON.stringify(body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const result: Origin = Object.assign(state, { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
	return result;
}

let api: Origin;
let elsewhere: Origin;

beforeAll(() => nock.enableNetConnect('127.0.0.1'));
beforeEach(async () => {
	fastTiming();
	api = await origin();
	elsewhere = await origin();
});
afterEach(async () => {
	await Promise.all([api, elsewhere].map(async ({ server }) => await new Promise((resolve) => server.close(resolve))));
	nock.cleanAll();
});

const BODY_MARKER = 'body-marker-5b1e';

/** Every request the API gets is redirected to the other origin, keeping the path. */
function redirectEverythingElsewhere(status = 307) {
	api.answer = (request) => ({ status, headers: { Location: `${elsewhere.url}${request.url}` } });
}

function expectRefused(result: RunResult, service: string, secret: string) {
	expect(result.error?.message).toBe(
		`${service} redirected the request to another address (${elsewhere.url}); the ${service === 'Raydocs' ? 'access token' : 'API key'} was not sent there [item 0]`,
	);
	expect(result.error?.description).toContain(`from ${api.url} to ${elsewhere.url}`);
	expect(elsewhere.seen).toEqual([]);
	// Refused at once, not retried: one request to the API.
	expect(api.seen).toHaveLength(1);
	expect(api.seen[0].body).toContain(BODY_MARKER);
	const shown = `${result.error?.message} ${result.error?.description} ${JSON.stringify(result.error)}`;
	expect(shown).not.toContain(secret);
}

describe('a 307 to another origin is not followed: the other server sees nothing', () => {
	test('Raydocs (Authorization: Bearer), POST /workspaces/create', async () => {
		redirectEverythingElsewhere();
		const result = await runRaydocs({ resource: 'workspace', operation: 'create', name: BODY_MARKER }, undefined, {
			credentials: { raydocsApi: { type: new RaydocsApi(), data: { accessToken: RAYDOCS_TOKEN, baseUrl: api.url } } },
		});
		expect(api.seen[0].headers.authorization).toBe(`Bearer ${RAYDOCS_TOKEN}`);
		expectRefused(result, 'Raydocs', RAYDOCS_TOKEN);
	});

	test('PerfectParser (X-API-Key), POST /v1/parsers', async () => {
		redirectEverythingElsewhere();
		const result = await runPP({ resource: 'parser', operation: 'create', name: BODY_MARKER }, undefined, {
			credentials: { perfectParserApi: { type: new PerfectParserApi(), data: { apiKey: PP_KEY, baseUrl: api.url } } },
		});
		expect(api.seen[0].headers['x-api-key']).toBe(PP_KEY);
		expectRefused(result, 'PerfectParser', PP_KEY);
	});

	test('LlamaCloud (Authorization: Bearer), POST extraction agent', async () => {
		redirectEverythingElsewhere();
		const result = await runLlama(
			{ resource: 'agent', operation: 'create', name: BODY_MARKER, dataSchema: JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } }) },
			undefined,
			{ credentials: { llamaCloudExtractApi: { type: new LlamaCloudApi(), data: { apiKey: LLAMA_KEY, region: 'custom', baseUrl: api.url, projectId: '', organizationId: '' } } } },
		);
		expect(api.seen[0].headers.authorization).toBe(`Bearer ${LLAMA_KEY}`);
		expectRefused(result, 'LlamaCloud', LLAMA_KEY);
	});

	test('a 302 on a GET is refused the same way, under Continue On Fail too', async () => {
		redirectEverythingElsewhere(302);
		const result = await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: true }, undefined, {
			continueOnFail: true,
			credentials: { raydocsApi: { type: new RaydocsApi(), data: { accessToken: RAYDOCS_TOKEN, baseUrl: api.url } } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.error).toBe(`Raydocs redirected the request to another address (${elsewhere.url}); the access token was not sent there [item 0]`);
		expect(elsewhere.seen).toEqual([]);
	});
});

describe('uploads (multipart, streamed from the binary store)', () => {
	const pdf = Buffer.concat([Buffer.from('%PDF-1.7 '), Buffer.from(BODY_MARKER), Buffer.alloc(2000, 7)]);
	const credentials = () => ({ perfectParserApi: { type: new PerfectParserApi(), data: { apiKey: PP_KEY, baseUrl: api.url } } });
	const submit = async () =>
		await runPP({ resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: 'prs_1' }, waitForCompletion: false }, [await binaryItem(pdf, 'a.pdf', 'application/pdf')], {
			credentials: credentials(),
		});

	test('a 307 to another origin: the other server never sees the key or the file', async () => {
		redirectEverythingElsewhere();
		const result = await submit();
		expect(result.error?.message).toContain(`PerfectParser redirected the request to another address (${elsewhere.url})`);
		expect(api.seen).toHaveLength(1);
		expect(api.seen[0].body).toContain(BODY_MARKER);
		expect(elsewhere.seen).toEqual([]);
	});

	test('a 307 within the origin: the file is sent again, whole, with the key', async () => {
		api.answer = (request) =>
			request.url === '/v1/extractions'
				? { status: 307, headers: { Location: '/v1/extractions/submit' } }
				: { status: 201, body: { extraction: { extraction_id: 'ext_1', status: 'queued', documents: [{ document_id: 'd1', filename: 'a.pdf', status: 'queued' }] } } };
		const result = await submit();
		expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/extractions', 'POST /v1/extractions/submit']);
		expect(api.seen[1].headers['x-api-key']).toBe(PP_KEY);
		expect(api.seen[1].body).toContain(BODY_MARKER);
		expect(api.seen[1].body.length).toBe(api.seen[0].body.length);
		expect(result.error).toBeUndefined();
	});
});

describe('within the origin', () => {
	const credentials = () => ({ raydocsApi: { type: new RaydocsApi(), data: { accessToken: RAYDOCS_TOKEN, baseUrl: api.url } } });

	test('a 307 is followed with the credential, the method and the body', async () => {
		api.answer = (request) =>
			request.url === '/workspaces/create' ? { status: 307, headers: { Location: '/v2/workspaces' } } : { status: 201, body: { id: 9, name: 'moved' } };
		const result = await runRaydocs({ resource: 'workspace', operation: 'create', name: BODY_MARKER }, undefined, { credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id: 9 });
		expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /workspaces/create', 'POST /v2/workspaces']);
		expect(api.seen[1].headers.authorization).toBe(`Bearer ${RAYDOCS_TOKEN}`);
		expect(api.seen[1].body).toContain(BODY_MARKER);
	});

	test('a 303 after a POST becomes a GET without the body', async () => {
		api.answer = (request) =>
			request.method === 'POST' ? { status: 303, headers: { Location: `${api.url}/workspaces/9` } } : { status: 200, body: { id: 9 } };
		const result = await runRaydocs({ resource: 'workspace', operation: 'create', name: BODY_MARKER }, undefined, { credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /workspaces/create', 'GET /workspaces/9']);
		expect(api.seen[1].body).toBe('');
		expect(api.seen[1].headers['content-type']).toBeUndefined();
	});

	test('a redirect loop ends in an error after the bound, not in endless requests', async () => {
		api.answer = () => ({ status: 302, headers: { Location: '/workspaces' } });
		const result = await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: true }, undefined, { credentials: credentials() });
		expect(result.error?.message).toBe(`Raydocs redirected the request more than ${MAX_REDIRECTS} times while trying to GET /workspaces [item 0]`);
		expect(api.seen).toHaveLength(MAX_REDIRECTS + 1);
	});
});

describe('scheme and host changes (nock)', () => {
	let lastPath = '/x';
	const probe = probeNode('raydocsApi', async (ctx) => {
		const response = await apiRequest(ctx, raydocs, { method: 'GET', path: lastPath, itemIndex: 0 });
		return { status: response.statusCode };
	});

	test('https to http on the same host is another origin: refused', async () => {
		const secure = nock(RAYDOCS_URL).get('/x').reply(301, '', { Location: 'http://api.raydocs.test/x' });
		const clear = nock('http://api.raydocs.test').get('/x').reply(200, {});
		const result = await runNode({ nodeType: probe, parameters: {}, credentials: raydocsCredentials() });
		// Outside the router (this probe calls the transport itself) the message carries no item suffix.
		expect(result.error?.message).toBe('Raydocs redirected the request to another address (http://api.raydocs.test); the access token was not sent there');
		secure.done();
		expect(clear.isDone()).toBe(false);
	});

	test('a one-shot stream redirected within the origin is an error, not an empty or partial re-send', async () => {
		const streamed = probeNode('raydocsApi', async (ctx) => {
			const response = await apiRequest(ctx, raydocs, { method: 'POST', path: '/upload', body: Readable.from([Buffer.from('once')]), itemIndex: 0 });
			return { status: response.statusCode };
		});
		nock(RAYDOCS_URL).post('/upload').reply(307, '', { Location: '/upload2' });
		const again = nock(RAYDOCS_URL).post('/upload2').reply(201, {});
		const result = await runNode({ nodeType: streamed, parameters: {}, credentials: raydocsCredentials() });
		expect(result.error?.message).toBe('Raydocs redirected an upload that cannot be sent again while trying to POST /upload');
		expect(again.isDone()).toBe(false);
	});

	test('a subdomain is another origin, and its query string is not shown', async () => {
		lastPath = '/y';
		nock(RAYDOCS_URL).get('/y').reply(302, '', { Location: 'https://files.api.raydocs.test/y?X-Amz-Signature=abc123secret' });
		const other = nock('https://files.api.raydocs.test').get('/y').query(true).reply(200, {});
		const result = await runNode({ nodeType: probe, parameters: {}, credentials: raydocsCredentials() });
		expect(result.error?.message).toContain('(https://files.api.raydocs.test)');
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain('abc123secret');
		expect(other.isDone()).toBe(false);
	});

	test('an unauthenticated (signed-URL) request still follows redirects: it carries no credential', async () => {
		const signed = probeNode('raydocsApi', async (ctx) => {
			const response = await apiRequest(ctx, raydocs, { method: 'GET', path: 'https://storage.test/f?sig=1', noAuth: true, binary: true });
			return { status: response.statusCode };
		});
		nock('https://storage.test').get('/f').query(true).reply(302, '', { Location: 'https://cdn.storage.test/f' });
		const cdn = nock('https://cdn.storage.test', { badheaders: ['authorization'] }).get('/f').reply(200, 'bytes');
		const result = await runNode({ nodeType: signed, parameters: {}, credentials: raydocsCredentials() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ status: 200 });
		cdn.done();
	});
});

describe('a documented redirect to a signed URL (signedRedirect)', () => {
	const signed = (method: 'GET' | 'POST') =>
		probeNode('raydocsApi', async (ctx) => {
			const response = await apiRequest(ctx, raydocs, { method, path: '/runs/1/file', binary: true, signedRedirect: true, itemIndex: 0 });
			return { status: response.statusCode, bytes: Buffer.from(response.body as ArrayBuffer).toString('utf8') };
		});

	test('is followed to the storage host without the token', async () => {
		const api = nock(RAYDOCS_URL, { reqheaders: { authorization: `Bearer ${RAYDOCS_TOKEN}` } })
			.get('/runs/1/file')
			.reply(302, '', { Location: 'https://files.test/out.zip?X-Amz-Signature=SIG' });
		const storage = nock('https://files.test', { badheaders: ['authorization', 'x-api-key'] }).get('/out.zip').query(true).reply(200, 'zip-bytes');
		const result = await runNode({ nodeType: signed('GET'), parameters: {}, credentials: raydocsCredentials() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ status: 200, bytes: 'zip-bytes' });
		api.done();
		storage.done();
	});

	test('Raydocs Workflow Run → Get File: a redirect to storage gives the file, the token stays', async () => {
		const wf = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
		const run = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
		const api = nock(RAYDOCS_URL, { reqheaders: { authorization: `Bearer ${RAYDOCS_TOKEN}` } })
			.get(`/workspaces/12/workflows/${wf}/runs/${run}/file`)
			.query({ file_id: 'file_out' })
			.reply(302, '', { Location: 'https://files.test/runs/out.zip?X-Amz-Signature=SIG' });
		const storage = nock('https://files.test', { badheaders: ['authorization'] })
			.get('/runs/out.zip')
			.query(true)
			.reply(200, Buffer.from('PK\u0003\u0004zip'), { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="out.zip"' });
		const result = await runRaydocs({ resource: 'workflowRun', operation: 'getFile', workspace: { __rl: true, mode: 'id', value: '12' }, workflowId: wf, runId: run, fileId: 'file_out' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toMatchObject({ fileName: 'out.zip', mimeType: 'application/zip' });
		api.done();
		storage.done();
	});

	test('never to http from https, and never for a request with a body', async () => {
		nock(RAYDOCS_URL).get('/runs/1/file').reply(302, '', { Location: 'http://files.test/out.zip?X-Amz-Signature=SIG' });
		const clear = nock('http://files.test').get('/out.zip').query(true).reply(200, 'zip-bytes');
		const downgraded = await runNode({ nodeType: signed('GET'), parameters: {}, credentials: raydocsCredentials() });
		expect(downgraded.error?.message).toContain('redirected the request to another address (http://files.test)');
		expect(clear.isDone()).toBe(false);

		nock(RAYDOCS_URL).post('/runs/1/file').reply(307, '', { Location: 'https://files.test/out.zip' });
		const posted = await runNode({ nodeType: signed('POST'), parameters: {}, credentials: raydocsCredentials() });
		expect(posted.error?.message).toContain('redirected the request to another address (https://files.test)');
	});
});

describe('the credential tests do not follow a redirect (the token would go along)', () => {
	const credentials = () => [
		{ type: 'raydocsApi', credential: new RaydocsApi(), data: { accessToken: RAYDOCS_TOKEN, baseUrl: api.url }, secret: RAYDOCS_TOKEN },
		{ type: 'perfectParserApi', credential: new PerfectParserApi(), data: { apiKey: PP_KEY, baseUrl: api.url }, secret: PP_KEY },
		{ type: 'llamaCloudExtractApi', credential: new LlamaCloudApi(), data: { apiKey: LLAMA_KEY, region: 'custom', baseUrl: api.url }, secret: LLAMA_KEY },
	];

	test.each([0, 1, 2])('credential %i: its test request, sent the way n8n sends it, leaves the other origin untouched', async (index) => {
		const { type, credential, data, secret } = credentials()[index];
		redirectEverythingElsewhere();
		// n8n's credential tester resolves the request's expressions with $credentials and hands the
		// options to httpRequestWithAuthentication: the same here, with n8n-core's real helper.
		const tester = probeNode(type, async (ctx) => {
			const request = { ...credential.test.request, baseURL: credentialTestBaseUrl(credential, data), url: credential.test.request.url ?? '' };
			try {
				await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, request as IHttpRequestOptions);
				return { outcome: 'answered' };
			} catch (error) {
				return { outcome: 'failed', status: (error as { httpCode?: string }).httpCode ?? '' };
			}
		});
		const result = await runNode({ nodeType: tester, parameters: {}, credentials: { [type]: { type: credential, data: data as IDataObject } } as CredentialMap });
		expect(result.items[0].json).toMatchObject({ outcome: 'failed', status: '307' });
		expect(api.seen).toHaveLength(1);
		expect(JSON.stringify(api.seen[0].headers)).toContain(secret);
		expect(elsewhere.seen).toEqual([]);
	});
});
