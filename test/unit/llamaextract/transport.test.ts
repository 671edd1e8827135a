import { createServer, type IncomingHttpHeaders } from 'http';
import type { AddressInfo } from 'net';
import nock from 'nock';

import { LlamaCloudApi } from '../../../credentials/LlamaCloudApi.credentials';
import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { binaryItem, loadOptionsContext } from '../../../dev/harness/n8nContext';
import { FILE_ID, JOB_ID, LLAMA_KEY, LLAMA_URL, expectNoKey, fastTiming, llamaCredentials, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());

const getJob = { resource: 'extract', operation: 'get', jobId: 'ext-1' };
const okJob = { id: 'ext-1', file_input: FILE_ID, project_id: 'p', status: 'COMPLETED', extract_result: {}, created_at: 'x', updated_at: 'x' };

describe('credential and regions', () => {
	test.each([
		['us', 'https://api.cloud.llamaindex.ai'],
		['eu', 'https://api.cloud.eu.llamaindex.ai'],
	])('region %s goes to %s', async (region, url) => {
		const scope = nock(url, { reqheaders: { authorization: `Bearer ${LLAMA_KEY}` } }).get('/api/v2/extract/ext-1').reply(200, okJob);
		const result = await runLlama(getJob, undefined, { credentials: llamaCredentials({ region, baseUrl: '' }) });
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test('custom base URL with a trailing slash', async () => {
		const scope = nock('http://127.0.0.1:9999').get('/api/v2/extract/ext-1').reply(200, okJob);
		const result = await runLlama(getJob, undefined, { credentials: llamaCredentials({ baseUrl: 'http://127.0.0.1:9999/' }) });
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test('credential: password key, unique name, bearer authenticate, test request per region', () => {
		const credential = new LlamaCloudApi();
		expect(credential.name).toBe('llamaCloudExtractApi');
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
		expect(credential.authenticate.properties.headers?.Authorization).toBe('=Bearer {{$credentials.apiKey}}');
		expect(credential.test.request.url).toBe('/api/v1/projects');
		const baseURL = String(credential.test.request.baseURL).replace(/^=\{\{|\}\}$/g, '');
		// eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func
		const resolve = new Function('$credentials', `return (${baseURL});`) as (c: object) => string;
		expect(resolve({ region: 'us' })).toBe('https://api.cloud.llamaindex.ai');
		expect(resolve({ region: 'eu' })).toBe('https://api.cloud.eu.llamaindex.ai');
		expect(resolve({ region: 'custom', baseUrl: 'http://localhost:1/' })).toBe('http://localhost:1');
		expect(resolve({ region: 'ap' })).toBe('https://unknown-region.invalid');
	});

	test('an unknown region is an error naming it, not a silent US call', async () => {
		const us = nock('https://api.cloud.llamaindex.ai').get('/api/v2/extract/ext-1').reply(200, okJob);
		const result = await runLlama(getJob, undefined, { credentials: llamaCredentials({ region: 'ap-south', baseUrl: '' }) });
		expect(result.error?.message).toBe('The credential\'s Region "ap-south" is not known [item 0]');
		expect(result.error?.description).toContain('pick US, EU or Custom');
		expect(us.isDone()).toBe(false);
	});
});

describe('error mapping', () => {
	test('401 names the key and the region fix; the key never appears', async () => {
		nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(401, { detail: 'Invalid API key' });
		const result = await runLlama(getJob);
		expect(result.error?.message).toBe('LlamaCloud did not accept the API key: Invalid API key [item 0]');
		expect(result.error?.description).toContain('region');
		expectNoKey(result);
	});

	test('403 points at project and organization', async () => {
		nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(403, { detail: 'Not allowed' });
		const result = await runLlama(getJob);
		expect(result.error?.message).toBe('LlamaCloud refused this request: Not allowed [item 0]');
		expect(result.error?.description).toContain('Project ID');
	});

	test('404 names the subject', async () => {
		nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(404, { detail: 'Not Found' });
		const result = await runLlama(getJob);
		expect(result.error?.message).toBe('Extraction job ext-1 was not found [item 0]');
	});

	test('422 lists every detail line with its loc', async () => {
		nock(LLAMA_URL)
			.post('/api/v1/extraction/jobs')
			.reply(422, {
				detail: [
					{ loc: ['body', 'file_id'], msg: 'Field required', type: 'missing' },
					{ loc: ['body', 'config_override', 'extraction_mode'], msg: "Input should be 'FAST' or 'PREMIUM'", type: 'enum' },
				],
			});
		const result = await runLlama({
			resource: 'job',
			operation: 'create',
			agent: { __rl: true, mode: 'id', value: '550e8400-e29b-41d4-a716-446655440000' },
			fileSource: 'fileId',
			fileId: FILE_ID,
			waitForCompletion: false,
		});
		expect(result.error?.message).toBe('LlamaCloud rejected the request: 2 fields are invalid [item 0]');
		expect(result.error?.description).toContain('• file_id: Field required');
		expect(result.error?.description).toContain("• config_override.extraction_mode: Input should be 'FAST' or 'PREMIUM'");
	});

	test('429 is retried honouring Retry-After, then succeeds', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract/ext-1')
			.reply(429, { detail: 'Too Many Requests' }, { 'Retry-After': '0' })
			.get('/api/v2/extract/ext-1')
			.reply(200, okJob);
		const result = await runLlama(getJob);
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test('500 on a GET is retried; a POST that creates a job is not', async () => {
		const get = nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(500, 'boom').get('/api/v2/extract/ext-1').reply(200, okJob);
		expect((await runLlama(getJob)).error).toBeUndefined();
		get.done();
		const post = nock(LLAMA_URL).post('/api/v2/extract').reply(502, { detail: 'Bad gateway' });
		const extra = nock(LLAMA_URL).post('/api/v2/extract').reply(200, okJob);
		const result = await runLlama({
			resource: 'extract',
			operation: 'create',
			fileSource: 'fileId',
			fileId: FILE_ID,
			dataSchema: '{"type":"object","properties":{}}',
		});
		expect(result.error?.message).toBe('LlamaCloud server error (HTTP 502): Bad gateway [item 0]');
		expect(extra.isDone()).toBe(false);
		post.done();
	});

	test('Continue On Fail keeps the other items', async () => {
		nock(LLAMA_URL).get(`/api/v1/extraction/jobs/${JOB_ID}`).reply(404, { detail: 'Job not found' });
		nock(LLAMA_URL).get(`/api/v1/extraction/jobs/${JOB_ID.replace('1', '2')}`).reply(200, { id: JOB_ID, status: 'PENDING', extraction_agent: { id: 'a' } });
		const result = await runLlama(
			{ resource: 'job', operation: 'get', jobId: '={{ $json.id }}' },
			[{ json: { id: JOB_ID } }, { json: { id: 'not-a-uuid' } }, { json: { id: JOB_ID.replace('1', '2') } }],
			{ continueOnFail: true },
		);
		expect(result.items.map((i) => i.json.error ?? i.json.status)).toEqual([
			`Job ${JOB_ID} was not found [item 0]`,
			'Job "not-a-uuid" is not a valid ID [item 1]',
			'PENDING',
		]);
		expectNoKey(result);
	});
});

describe('multipart upload over a real socket', () => {
	test('File → Upload streams a 3 MB file intact with purpose=extract and the bearer key', async () => {
		const big = Buffer.alloc(3 * 1024 * 1024 + 5);
		for (let i = 0; i < big.length; i++) big[i] = i % 251;
		let received = Buffer.alloc(0);
		let headers: IncomingHttpHeaders = {};
		let url = '';
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				headers = req.headers;
				url = req.url ?? '';
				received = Buffer.concat(chunks);
				res.setHeader('Content-Type', 'application/json');
				res.statusCode = 201;
				res.end(JSON.stringify({ id: FILE_ID, name: 'scan.pdf', project_id: 'prj-1' }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		nock.enableNetConnect('127.0.0.1');
		try {
			const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const item = await binaryItem(big, 'scan.pdf', 'application/pdf');
			const result = await runLlama({ resource: 'file', operation: 'upload', options: { externalFileId: 'mine-1' } }, [item], {
				credentials: llamaCredentials({ baseUrl: base, projectId: 'prj-1' }),
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ file_id: FILE_ID, name: 'scan.pdf' });
		} finally {
			server.close();
			nock.disableNetConnect();
		}
		expect(url).toBe('/api/v1/beta/files?project_id=prj-1');
		expect(headers.authorization).toBe(`Bearer ${LLAMA_KEY}`);
		expect(Number(headers['content-length'])).toBe(received.length);
		const boundary = String(headers['content-type']).split('boundary=')[1];
		const parts = received.toString('latin1').split(`--${boundary}`).slice(1, -1);
		expect(parts).toHaveLength(3);
		const file = Buffer.from(parts[0], 'latin1');
		expect(parts[0]).toContain('name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf');
		expect(file.subarray(file.indexOf('\r\n\r\n') + 4, file.length - 2).equals(big)).toBe(true);
		expect(parts[1]).toContain('name="purpose"\r\n\r\nextract\r\n');
		expect(parts[2]).toContain('name="external_file_id"\r\n\r\nmine-1\r\n');
	});
});

describe('list search', () => {
	test('agents are filtered by name; configurations page by cursor, the server filtering to the latest extract_v2 ones', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/extraction/extraction-agents')
			.query({ include_default: 'false', project_id: 'prj-1' })
			.reply(200, [
				{ id: 'a1', name: 'Invoices' },
				{ id: 'a2', name: 'Resumes' },
			])
			.get('/api/v1/beta/configurations')
			.query({ product_type: 'extract_v2', latest_only: 'true', page_size: 100, page_token: 'p2', project_id: 'prj-1' })
			.reply(200, {
				items: [
					{ id: 'cfg-1', name: 'Invoice v2', product_type: 'extract_v2', parameters: { product_type: 'extract_v2' } },
					{ id: 'cfg-3', name: 'Receipts', product_type: 'extract_v2', parameters: { product_type: 'extract_v2' } },
				],
				next_page_token: 'p3',
			});
		const node = new LlamaExtract();
		const ctx = loadOptionsContext({ nodeType: node, parameters: { resource: 'extract', operation: 'create' }, credentials: llamaCredentials({ projectId: 'prj-1' }) });
		const agents = await node.methods.listSearch.searchAgents.call(ctx, 'inv');
		expect(agents.results).toEqual([{ name: 'Invoices', value: 'a1' }]);
		const configurations = await node.methods.listSearch.searchConfigurations.call(ctx, 'invoice', 'p2');
		expect(configurations).toEqual({ results: [{ name: 'Invoice v2', value: 'cfg-1' }], paginationToken: 'p3' });
		scope.done();
	});
});
