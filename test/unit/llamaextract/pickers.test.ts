/** "From list" pickers of the LlamaExtract node, through the node's real listSearch methods. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { loadOptionsContext } from '../../../dev/harness/n8nContext';
import { AGENT_ID, FILE_ID, JOB_ID, LLAMA_KEY, LLAMA_URL, RUN_ID, fastTiming, llamaCredentials, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastTiming());

const api = () => nock(LLAMA_URL, { reqheaders: { authorization: `Bearer ${LLAMA_KEY}` } });

function search(parameters: IDataObject) {
	const node = new LlamaExtract();
	const context = loadOptionsContext({ nodeType: node, parameters, credentials: llamaCredentials() });
	return { methods: node.methods.listSearch, context };
}

describe('LlamaExtract pickers', () => {
	test('File lists the project files, narrowed by the filter, with the next page token', async () => {
		const scope = api()
			.get('/api/v1/beta/files')
			.query({ page_size: 100, page_token: 'p2' })
			.reply(200, { items: [{ id: FILE_ID, name: 'invoice.pdf' }, { id: 'dfl-2', name: 'resume.pdf' }], next_page_token: 'p3' });
		const { methods, context } = search({ resource: 'file', operation: 'get' });
		expect(await methods.searchFiles.call(context, 'INVOICE', 'p2')).toEqual({ results: [{ name: 'invoice.pdf', value: FILE_ID }], paginationToken: 'p3' });
		scope.done();
	});

	test('Job (v2) lists extraction jobs with their file and status', async () => {
		const scope = api()
			.get('/api/v2/extract')
			.query({ page_size: 100 })
			.reply(200, { items: [{ id: 'ext-1', file_input: 'dfl-1', status: 'COMPLETED', created_at: '2026-03-01T00:00:00Z' }], next_page_token: null });
		const { methods, context } = search({ resource: 'extract', operation: 'get' });
		expect(await methods.searchExtractJobs.call(context)).toEqual({
			results: [{ name: 'dfl-1 · COMPLETED · 2026-03-01T00:00:00Z', value: 'ext-1' }],
			paginationToken: undefined,
		});
		scope.done();
	});

	test('Job (v1) lists the jobs of every agent (the API lists them per agent)', async () => {
		const scope = api()
			.get('/api/v1/extraction/extraction-agents')
			.query({ include_default: 'false' })
			.reply(200, [{ id: AGENT_ID, name: 'Invoices' }, { id: 'a2', name: 'Resumes' }])
			.get('/api/v1/extraction/jobs')
			.query({ extraction_agent_id: AGENT_ID })
			.reply(200, [{ id: JOB_ID, status: 'SUCCESS', file: { name: 'inv.pdf' } }])
			.get('/api/v1/extraction/jobs')
			.query({ extraction_agent_id: 'a2' })
			.reply(200, [{ id: 'j2', status: 'PENDING', file: { name: 'cv.pdf' } }]);
		const { methods, context } = search({ resource: 'job', operation: 'get' });
		expect((await methods.searchAgentJobs.call(context)).results).toEqual([
			{ name: 'Invoices / inv.pdf · SUCCESS', value: JOB_ID },
			{ name: 'Resumes / cv.pdf · PENDING', value: 'j2' },
		]);
		scope.done();
	});

	test("Run (v1) lists the runs of the node's agent when it has one", async () => {
		const scope = api()
			.get('/api/v1/extraction/runs')
			.query({ extraction_agent_id: AGENT_ID, skip: 0, limit: 100 })
			.reply(200, { items: [{ id: RUN_ID, status: 'SUCCESS', created_at: '2026-03-02T00:00:00Z' }], total: 1, skip: 0, limit: 100 });
		const { methods, context } = search({ resource: 'job', operation: 'create', agent: { __rl: true, mode: 'list', value: AGENT_ID } });
		expect((await methods.searchAgentRuns.call(context, 'success')).results).toEqual([{ name: '2026-03-02T00:00:00Z · SUCCESS', value: RUN_ID }]);
		scope.done();
	});

	test.each([
		['a locator', { __rl: true, mode: 'list', value: FILE_ID }],
		['a plain string saved before the picker', FILE_ID],
	])('File → Get reads %s', async (_label, fileId) => {
		const scope = api().get(`/api/v1/beta/files/${FILE_ID}`).reply(200, { id: FILE_ID, name: 'invoice.pdf', project_id: 'p' });
		const result = await runLlama({ resource: 'file', operation: 'get', fileId });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ file_id: FILE_ID, name: 'invoice.pdf' });
		scope.done();
	});
});

describe('Schema → Generate takes its example file from the picker or a saved plain string', () => {
	test.each([
		['a locator', { __rl: true, mode: 'list', value: FILE_ID }],
		['a plain string', FILE_ID],
	])('%s', async (_label, fileId) => {
		const scope = api()
			.post('/api/v2/extract/schema/generate', { prompt: 'invoice', file_id: FILE_ID })
			.reply(200, { name: 'x', parameters: { product_type: 'extract_v2', data_schema: { type: 'object', properties: {} } } });
		const result = await runLlama({ resource: 'schema', operation: 'generate', prompt: 'invoice', options: { fileId } });
		expect(result.error).toBeUndefined();
		scope.done();
	});
});

test('Extract → Get Many filters by the file picked in the File filter', async () => {
	const scope = api()
		.get('/api/v2/extract')
		.query((query) => query.file_input === FILE_ID)
		.reply(200, { items: [{ id: 'ext-1', status: 'COMPLETED', file_input: FILE_ID }], next_page_token: null });
	const result = await runLlama({ resource: 'extract', operation: 'getAll', returnAll: true, filters: { fileInput: { __rl: true, mode: 'list', value: FILE_ID } } });
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.json.job_id)).toEqual(['ext-1']);
	scope.done();
});
