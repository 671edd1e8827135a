import { createHash } from 'crypto';
import nock from 'nock';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { binaryItem, runNode } from '../../../dev/harness/n8nContext';
import { FILE_ID, LLAMA_KEY, LLAMA_URL, expectNoKey, fastClock, fastTiming, llamaCredentials, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());
afterAll(() => fastTiming());

const SCHEMA = { type: 'object', properties: { vendor: { type: 'string' }, total: { type: 'number' } } };

function job(status: string, extra: Record<string, unknown> = {}) {
	return {
		id: 'ext-1',
		file_input: FILE_ID,
		project_id: 'prj-1',
		configuration_id: null,
		status,
		error_message: null,
		extract_result: null,
		created_at: '2026-01-01T00:00:00Z',
		updated_at: '2026-01-01T00:00:05Z',
		...extra,
	};
}

const createParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'extract',
	operation: 'create',
	fileSource: 'fileId',
	fileId: FILE_ID,
	configurationSource: 'inline',
	dataSchema: JSON.stringify(SCHEMA),
	...extra,
});

describe('Extract v2 create', () => {
	test('file id + inline schema + options: one POST with the configuration, project scope and bearer key', async () => {
		const scope = nock(LLAMA_URL, { reqheaders: { authorization: `Bearer ${LLAMA_KEY}` } })
			.post('/api/v2/extract', {
				file_input: FILE_ID,
				configuration: {
					data_schema: SCHEMA,
					tier: 'agentic',
					extraction_target: 'per_page',
					system_prompt: 'Be exact',
					cite_sources: true,
					confidence_scores: true,
					target_pages: '1,3,5-7',
				},
			})
			.query({ project_id: 'prj-9', organization_id: 'org-9' })
			.reply(200, job('PENDING'));
		const result = await runLlama(
			createParams({
				waitForCompletion: false,
				extractionOptions: {
					tier: 'agentic',
					extraction_target: 'per_page',
					system_prompt: 'Be exact',
					cite_sources: true,
					confidence_scores: true,
					target_pages: '1, 3, 5-7',
				},
			}),
			undefined,
			{ credentials: llamaCredentials({ projectId: 'prj-9', organizationId: 'org-9' }) },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', file_id: FILE_ID, status: 'PENDING' });
		scope.done();
	});

	test('saved configuration sends configuration_id only', async () => {
		const scope = nock(LLAMA_URL).post('/api/v2/extract', { file_input: FILE_ID, configuration_id: 'cfg-7' }).reply(200, job('PENDING', { configuration_id: 'cfg-7' }));
		const result = await runLlama(
			createParams({ configurationSource: 'saved', configuration: { __rl: true, mode: 'id', value: 'cfg-7' }, waitForCompletion: false }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.configuration_id).toBe('cfg-7');
		scope.done();
	});

	test('binary file: uploads (multipart, purpose extract), extracts, waits and returns parsed JSON', async () => {
		let uploaded = '';
		const sha = createHash('sha256').update('%PDF-1.7 invoice bytes').digest('hex');
		const scope = nock(LLAMA_URL)
			// Skip Already Uploaded Files (on by default): looked up by content first, none found.
			.get('/api/v1/beta/files')
			.query({ external_file_id: `sha256:${sha}`, page_size: 1 })
			.reply(200, { items: [], next_page_token: null })
			.post('/api/v1/beta/files', (body: string) => {
				uploaded = body;
				return true;
			})
			.reply(201, { id: FILE_ID, name: 'invoice.pdf', project_id: 'prj-1' })
			.post('/api/v2/extract', (body: { file_input: string }) => body.file_input === FILE_ID)
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.reply(200, job('RUNNING'))
			.get('/api/v2/extract/ext-1')
			// Delivered as a JSON string on purpose: the node must hand out parsed JSON.
			.reply(200, job('COMPLETED', { extract_result: '{"vendor":"Noisebridge","total":10}' }));
		const item = await binaryItem(Buffer.from('%PDF-1.7 invoice bytes'), 'invoice.pdf', 'application/pdf');
		const result = await runLlama(createParams({ fileSource: 'binary' }), [item]);
		expect(result.error).toBeUndefined();
		expect(uploaded).toContain('name="file"; filename="invoice.pdf"');
		expect(uploaded).toContain('%PDF-1.7 invoice bytes');
		expect(uploaded).toMatch(/name="purpose"\r\n\r\nextract\r\n/);
		expect(uploaded).toMatch(new RegExp(`name="external_file_id"\r\n\r\nsha256:${sha}\r\n`));
		expect(result.items[0].json).toMatchObject({
			job_id: 'ext-1',
			file_id: FILE_ID,
			status: 'COMPLETED',
			data: { vendor: 'Noisebridge', total: 10 },
		});
		expect(typeof result.items[0].json.data).toBe('object');
		expectNoKey(result);
		scope.done();
	});

	test('a new node (Flatten on) run on a binary file: the item carries the file\'s name next to its ID and the extracted fields', async () => {
		const sha = createHash('sha256').update('%PDF-1.7 invoice bytes').digest('hex');
		const scope = nock(LLAMA_URL)
			.get('/api/v1/beta/files')
			.query({ external_file_id: `sha256:${sha}`, page_size: 1 })
			.reply(200, { items: [], next_page_token: null })
			.post('/api/v1/beta/files')
			.reply(201, { id: FILE_ID, name: 'invoice.pdf', project_id: 'prj-1' })
			.post('/api/v2/extract')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.reply(200, job('COMPLETED', { extract_result: { vendor: 'Noisebridge', total: 10 } }));
		const item = await binaryItem(Buffer.from('%PDF-1.7 invoice bytes'), 'Invoice March.pdf', 'application/pdf');
		const result = await runNode({ nodeType: new LlamaExtract(), parameters: createParams({ fileSource: 'binary' }), credentials: llamaCredentials(), input: [item], typeVersion: 2 });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', file_id: FILE_ID, file_name: 'Invoice March.pdf', status: 'COMPLETED', vendor: 'Noisebridge', total: 10 });
		expect(result.items[0].json.data).toBeUndefined();
		scope.done();
	});

	test('metadata when asked: expand=extract_metadata and citations in the output', async () => {
		const metadata = { field_metadata: { vendor: { citation: [{ page: 1, matching_text: 'Noisebridge' }], confidence: 0.97 } } };
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.query({ expand: 'extract_metadata' })
			.reply(200, job('COMPLETED', { extract_result: { vendor: 'Noisebridge' }, extract_metadata: metadata, metadata: { usage: { num_pages_extracted: 1 } } }));
		const result = await runLlama(createParams({ options: { includeMetadata: true } }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.metadata).toEqual(metadata);
		expect(result.items[0].json.usage).toEqual({ num_pages_extracted: 1 });
		scope.done();
	});

	test('a failed job is an error naming the job and the item', async () => {
		nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.reply(200, job('FAILED', { error_message: 'File is password protected' }));
		const result = await runLlama(createParams());
		expect(result.error?.message).toBe('Extraction job ext-1 failed (FAILED): File is password protected [item 0]');
	});

	test('timeout returns ids and last status, cancelling the job when asked', async () => {
		fastClock(60_000);
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.times(20)
			.reply(200, job('RUNNING'))
			.post('/api/v2/extract/ext-1/cancel')
			.reply(200, job('CANCELLED'));
		const result = await runLlama(createParams({ options: { maxWaitMinutes: 3, cancelOnTimeout: true } }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', file_id: FILE_ID, status: 'CANCELLED', timed_out: true, cancelled: true });
		expect(scope.pendingMocks()).toEqual([expect.stringContaining('GET')]);
	});

	test('timeout whose cancel is refused because the job just finished returns the real result', async () => {
		fastClock(60_000);
		let cancelAsked = false;
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.times(20)
			.reply(() => [200, cancelAsked ? job('COMPLETED', { extract_result: { vendor: 'ACME', total: 3 } }) : job('RUNNING')])
			.post('/api/v2/extract/ext-1/cancel')
			.reply(() => {
				cancelAsked = true;
				return [400, { detail: 'Job is already in a terminal state' }];
			});
		const result = await runLlama(createParams({ options: { maxWaitMinutes: 3, cancelOnTimeout: true } }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', status: 'COMPLETED', data: { vendor: 'ACME', total: 3 } });
		expect(result.items[0].json).not.toHaveProperty('timed_out');
		expect(cancelAsked).toBe(true);
		expect(scope.pendingMocks()).toEqual([expect.stringContaining('GET')]);
	});

	test('timeout whose cancel is refused because the job just failed is that failure', async () => {
		fastClock(60_000);
		let cancelAsked = false;
		nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.times(20)
			.reply(() => [200, cancelAsked ? job('FAILED', { error_message: 'Unreadable' }) : job('RUNNING')])
			.post('/api/v2/extract/ext-1/cancel')
			.reply(() => {
				cancelAsked = true;
				return [409, { detail: 'terminal' }];
			});
		const result = await runLlama(createParams({ options: { maxWaitMinutes: 3, cancelOnTimeout: true } }));
		expect(result.error?.message).toBe('Extraction job ext-1 failed (FAILED): Unreadable [item 0]');
	});

	test('timeout with On Timeout = Fail throws naming the job; no cancel unless asked', async () => {
		fastClock(60_000);
		nock(LLAMA_URL).post('/api/v2/extract').reply(200, job('PENDING')).get('/api/v2/extract/ext-1').times(20).reply(200, job('RUNNING'));
		const cancel = nock(LLAMA_URL).post('/api/v2/extract/ext-1/cancel').reply(200, job('CANCELLED'));
		const result = await runLlama(createParams({ options: { maxWaitMinutes: 2, onTimeout: 'fail' } }));
		expect(result.error?.message).toBe('Extraction job ext-1 did not finish within the max wait [item 0]');
		expect(result.error?.description).toContain('RUNNING');
		expect(cancel.isDone()).toBe(false);
	});

	test('cancelling the execution stops the wait and sends nothing more', async () => {
		const controller = new AbortController();
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.reply(() => {
				controller.abort();
				return [200, job('RUNNING')];
			});
		const after = nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(200, job('COMPLETED'));
		const result = await runLlama(createParams(), undefined, { abortSignal: controller.signal });
		expect(result.error?.message).toBe('The execution was cancelled while waiting [item 0]');
		expect(after.isDone()).toBe(false);
		scope.done();
	});
});

describe('Extract v2 create as a new node starts', () => {
	test('left at its defaults, Data Schema is the example invoice schema, and the first run sends it', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract', (body: { configuration?: { data_schema?: { properties?: Record<string, unknown> } } }) => {
				expect(Object.keys(body.configuration?.data_schema?.properties ?? {})).toEqual(['invoice_number', 'invoice_date', 'vendor', 'total']);
				return true;
			})
			.reply(200, job('PENDING'));
		// Only what a user sets on a fresh node: where the file comes from.
		const result = await runLlama({ resource: 'extract', operation: 'create', fileSource: 'fileId', fileId: FILE_ID, waitForCompletion: false });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', status: 'PENDING' });
		scope.done();
	});

	test('the Data Schema hint points to Schema → Generate and to a saved configuration', () => {
		const field = new LlamaExtract().description.properties.find((p) => p.name === 'dataSchema' && p.displayOptions?.show?.operation?.includes('create') && p.displayOptions?.show?.resource?.includes('extract'));
		expect(field?.hint).toMatch(/Schema → Generate/);
		expect(field?.hint).toMatch(/Saved Configuration/);
	});
});

describe('Skip Already Uploaded Files (same content)', () => {
	const bytes = Buffer.from('%PDF-1.7 the same invoice, forwarded');
	const tag = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

	test('a file of the project uploaded before with the same content is reused: one look-up by its SHA-256, no upload', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/beta/files')
			.query({ external_file_id: tag, page_size: 1 })
			.reply(200, { items: [{ id: 'dfl-earlier', name: 'invoice.pdf', external_file_id: tag }], next_page_token: null })
			.post('/api/v2/extract', (body: { file_input: string }) => body.file_input === 'dfl-earlier')
			.reply(200, job('PENDING', { file_input: 'dfl-earlier' }));
		// Another name, in memory: the content is what counts.
		const item = await binaryItem(bytes, 'Fwd invoice (1).pdf', 'application/pdf', { storage: 'memory' });
		const result = await runLlama(createParams({ fileSource: 'binary', waitForCompletion: false }), [item]);
		expect(result.error).toBeUndefined();
		scope.done();
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', file_id: 'dfl-earlier' });
	});

	test('off: no look-up, the file is uploaded untagged', async () => {
		let uploaded = '';
		const scope = nock(LLAMA_URL)
			.post('/api/v1/beta/files', (body: string) => {
				uploaded = body;
				return true;
			})
			.reply(201, { id: FILE_ID, name: 'a.pdf', project_id: 'p' })
			.post('/api/v2/extract')
			.reply(200, job('PENDING'));
		const item = await binaryItem(bytes, 'a.pdf', 'application/pdf');
		const result = await runLlama(createParams({ fileSource: 'binary', skipUploaded: false, waitForCompletion: false }), [item]);
		expect(result.error).toBeUndefined();
		scope.done();
		expect(uploaded).not.toContain('external_file_id');
	});
});

describe('Extract v2 bad input is refused before sending', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['schema not JSON', { dataSchema: '{"type": "object",' }, /^Data Schema is not valid JSON \[item 0\]$/],
		['schema not an object schema', { dataSchema: '{"type": "array", "items": {}}' }, /^Data Schema is not an object schema \[item 0\]$/],
		['schema a JSON array', { dataSchema: '[1, 2]' }, /^Data Schema must be a JSON object \[item 0\]$/],
		['no configuration chosen', { configurationSource: 'saved', configuration: { __rl: true, mode: 'id', value: '' } }, /^Configuration is empty \[item 0\]$/],
		['page range does not parse', { extractionOptions: { target_pages: '1-3,x' } }, /^Page Range "1-3,x" does not parse: .* \[item 0\]$/],
		['backwards page range', { extractionOptions: { target_pages: '7-5' } }, /^Page Range "7-5" does not parse: the range 7-5 runs backwards \[item 0\]$/],
		['empty file id', { fileId: '  ' }, /^File ID is empty \[item 0\]$/],
	];
	test.each(cases)('%s', async (_, params, message) => {
		const result = await runLlama(createParams(params));
		expect(result.error?.message).toMatch(message);
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a Data Schema emptied by the user is refused before anything is sent', async () => {
		const result = await runLlama(createParams({ dataSchema: '  ' }));
		expect(result.error?.message).toBe('Data Schema is empty [item 0]');
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('missing binary names the item and the field; other items still run under Continue On Fail', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/beta/files')
			.query(true)
			.reply(200, { items: [] })
			.post('/api/v1/beta/files')
			.reply(201, { id: FILE_ID, name: 'a.pdf', project_id: 'p' })
			.post('/api/v2/extract')
			.reply(200, job('PENDING'));
		const good = await binaryItem(Buffer.from('pdf'), 'a.pdf', 'application/pdf');
		const result = await runLlama(createParams({ fileSource: 'binary', waitForCompletion: false }), [{ json: {} }, good], { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toBe('Item 0 has no binary field "data"');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].json).toMatchObject({ job_id: 'ext-1' });
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		scope.done();
	});

	test('unknown region URL in the credential is a clear error before sending', async () => {
		const result = await runLlama(createParams(), undefined, { credentials: llamaCredentials({ baseUrl: 'llama cloud' }) });
		expect(result.error?.message).toBe('The LlamaCloud Extract API credential\'s Custom Base URL "llama cloud" does not start with https:// [item 0]');
	});
});

describe('Extract v2 get, get many, cancel, wait', () => {
	test('get returns the job with parsed data', async () => {
		const scope = nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(200, job('COMPLETED', { extract_result: [{ row: 1 }, { row: 2 }] }));
		const result = await runLlama({ resource: 'extract', operation: 'get', jobId: 'ext-1' });
		expect(result.items[0].json.data).toEqual([{ row: 1 }, { row: 2 }]);
		scope.done();
	});

	test('get without Simplify returns the whole API object', async () => {
		nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(200, job('COMPLETED', { extract_result: { a: 1 }, metadata: { usage: {} } }));
		const result = await runLlama({ resource: 'extract', operation: 'get', jobId: 'ext-1', options: { simplify: false } });
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', project_id: 'prj-1', metadata: { usage: {} }, extract_result: { a: 1 } });
	});

	test('get many follows the cursor with filters and stops at Limit', async () => {
		const page = (ids: string[]) => ids.map((id) => ({ ...job('COMPLETED'), id }));
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract')
			.query({ status: 'COMPLETED', created_at_on_or_after: '2026-01-01T00:00:00.000Z', page_size: 4 })
			.reply(200, { items: page(['ext-a', 'ext-b', 'ext-c']), next_page_token: 'tok-2' })
			.get('/api/v2/extract')
			.query({ status: 'COMPLETED', created_at_on_or_after: '2026-01-01T00:00:00.000Z', page_size: 4, page_token: 'tok-2' })
			.reply(200, { items: page(['ext-d', 'ext-e', 'ext-f']), next_page_token: 'tok-3' });
		const result = await runLlama({
			resource: 'extract',
			operation: 'getAll',
			returnAll: false,
			limit: 4,
			filters: { status: 'COMPLETED', createdAfter: '2026-01-01T00:00:00Z' },
		});
		expect(result.items.map((i) => i.json.job_id)).toEqual(['ext-a', 'ext-b', 'ext-c', 'ext-d']);
		scope.done();
	});

	test.each([
		['a picked configuration (resource locator)', { __rl: true, mode: 'list', value: 'cfg-1' }],
		['a plain string saved before the locator', ' cfg-1 '],
	])('get many sends the configuration filter from %s', async (_, configurationId) => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract')
			.query({ configuration_id: 'cfg-1', page_size: 100 })
			.reply(200, { items: [job('COMPLETED')], next_page_token: null });
		const result = await runLlama({ resource: 'extract', operation: 'getAll', returnAll: true, filters: { configurationId } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.job_id)).toEqual(['ext-1']);
		scope.done();
	});

	test('get many: the configuration filter is a searchable list', () => {
		const filters = new LlamaExtract().description.properties.find(
			(p) => p.name === 'filters' && JSON.stringify(p.displayOptions).includes('extract'),
		);
		const field = (filters?.options as Array<{ name: string; type?: string; modes?: Array<{ typeOptions?: object }> }>).find((o) => o.name === 'configurationId');
		expect(field?.type).toBe('resourceLocator');
		expect(field?.modes?.[0].typeOptions).toMatchObject({ searchListMethod: 'searchConfigurations' });
	});

	test('get many Return All walks until next_page_token is null', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract')
			.query({ page_size: 100 })
			.reply(200, { items: [{ ...job('COMPLETED'), id: 'ext-a' }], next_page_token: 'n' })
			.get('/api/v2/extract')
			.query({ page_size: 100, page_token: 'n' })
			.reply(200, { items: [{ ...job('FAILED'), id: 'ext-b' }], next_page_token: null });
		const result = await runLlama({ resource: 'extract', operation: 'getAll', returnAll: true });
		expect(result.items.map((i) => i.json.job_id)).toEqual(['ext-a', 'ext-b']);
		scope.done();
	});

	test('cancel posts to /cancel', async () => {
		const scope = nock(LLAMA_URL).post('/api/v2/extract/ext-1/cancel').reply(200, job('CANCELLED'));
		const result = await runLlama({ resource: 'extract', operation: 'cancel', jobId: 'ext-1' });
		expect(result.items[0].json).toMatchObject({ job_id: 'ext-1', status: 'CANCELLED' });
		scope.done();
	});

	test('a job that becomes CANCELLED ends the wait at once: an error naming the job, no further look', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract/ext-1')
			.reply(200, job('RUNNING'))
			.get('/api/v2/extract/ext-1')
			.reply(200, job('CANCELLED'));
		// Were CANCELLED not final, the wait would look again and find this.
		const later = nock(LLAMA_URL).get('/api/v2/extract/ext-1').times(20).reply(200, job('COMPLETED', { extract_result: { total: 3 } }));
		const result = await runLlama({ resource: 'extract', operation: 'wait', jobId: 'ext-1' });
		scope.done();
		expect(later.isDone()).toBe(false);
		expect(later.pendingMocks()).toHaveLength(1);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(/^Extraction job ext-1 was cancelled/);
	});

	test('create and wait: a job cancelled elsewhere ends the wait at once', async () => {
		const scope = nock(LLAMA_URL).post('/api/v2/extract').reply(200, job('PENDING')).get('/api/v2/extract/ext-1').reply(200, job('CANCELLED'));
		const later = nock(LLAMA_URL).get('/api/v2/extract/ext-1').times(20).reply(200, job('RUNNING'));
		const result = await runLlama(createParams());
		scope.done();
		expect(later.isDone()).toBe(false);
		expect(result.error?.message).toMatch(/^Extraction job ext-1 was cancelled/);
	});

	test('wait polls an existing job until completed', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract/ext-1')
			.reply(200, job('PENDING'))
			.get('/api/v2/extract/ext-1')
			.reply(200, job('COMPLETED', { extract_result: { total: 3 } }));
		const result = await runLlama({ resource: 'extract', operation: 'wait', jobId: 'ext-1' });
		expect(result.items[0].json).toMatchObject({ status: 'COMPLETED', data: { total: 3 } });
		scope.done();
	});
});
