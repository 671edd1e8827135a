import nock from 'nock';

import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';
import { loadOptionsContext } from '../../../dev/harness/n8nContext';
import { authedApi, binaryBytes, byId, expectNoToken, fastRetries, raydocsCredentials, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const WF = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const RUN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const RUNS = `/workspaces/12/workflows/${WF}/runs`;
const run = (params: object) => ({ resource: 'workflowRun', workspace: byId(12), workflowId: WF, runId: RUN, ...params });
const OUTPUT = {
	documents: [{ type: 'documentRef', documentId: '880e8400-e29b-41d4-a716-446655440000', workspaceId: '12', filename: 'export.zip', mime: 'application/zip' }],
};

const cases: ApiCase[] = [
	{
		name: 'get many, page mode',
		params: run({ operation: 'getAll', pagination: 'page', returnAll: true }),
		method: 'GET',
		path: RUNS,
		query: { page: 1 },
		reply: { data: [{ id: RUN, status: 'completed' }], meta: { current_page: 1, last_page: 1 } },
		output: [{ id: RUN, status: 'completed' }],
		ability: 'workflows-read',
	},
	{
		name: 'get many, cursor mode: status=completed, created_after, per_page, cursor',
		params: run({ operation: 'getAll', pagination: 'cursor', createdAfter: '2026-01-31T00:00:00Z', cursor: 'CUR0', returnAll: false, limit: 5 }),
		method: 'GET',
		path: RUNS,
		query: { pagination: 'cursor', status: 'completed', created_after: '2026-01-31T00:00:00.000Z', per_page: 5, cursor: 'CUR0' },
		reply: { data: [{ id: RUN, completed_at: '2026-02-01T00:00:00Z' }], meta: { per_page: 5, has_more: false, next_cursor: 'CUR1' } },
		output: [{ id: RUN, next_cursor: 'CUR1' }],
		ability: 'workflows-read',
	},
	{
		name: 'get output (object)',
		params: run({ operation: 'getOutput' }),
		method: 'GET',
		path: `${RUNS}/${RUN}/output`,
		reply: OUTPUT,
		output: [{ run_id: RUN, ...OUTPUT }],
		ability: 'workflow-runs-output-read',
	},
	{
		name: 'get output (not an object) lands under "output"',
		params: run({ operation: 'getOutput' }),
		method: 'GET',
		path: `${RUNS}/${RUN}/output`,
		reply: [1, 2, 3],
		output: [{ run_id: RUN, output: [1, 2, 3] }],
	},
];

describe.each(cases)('workflow run: $name', (c) => {
	test('method, path, query, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

test('cursor mode follows next_cursor while has_more, and Limit stops early', async () => {
	const page = (ids: string[], next: string, more: boolean) => ({ data: ids.map((id) => ({ id })), meta: { has_more: more, next_cursor: next } });
	const base = { pagination: 'cursor', status: 'completed', created_after: '2026-01-31T00:00:00.000Z', per_page: 100 };
	const scope = authedApi()
		.get(RUNS)
		.query(base)
		.reply(200, page(['a', 'b'], 'C1', true))
		.get(RUNS)
		.query({ ...base, cursor: 'C1' })
		.reply(200, page(['c'], 'C2', false));
	const all = await runRaydocs(run({ operation: 'getAll', pagination: 'cursor', createdAfter: '2026-01-31T00:00:00Z', returnAll: true }));
	expect(all.items.map((item) => [item.json.id, item.json.next_cursor])).toEqual([
		['a', 'C1'],
		['b', 'C1'],
		['c', 'C2'],
	]);
	scope.done();

	const first = authedApi()
		.get(RUNS)
		.query({ ...base, per_page: 2 })
		.reply(200, page(['a', 'b'], 'C1', true));
	const limited = await runRaydocs(run({ operation: 'getAll', pagination: 'cursor', createdAfter: '2026-01-31T00:00:00Z', returnAll: false, limit: 2 }));
	expect(limited.items.map((item) => item.json.id)).toEqual(['a', 'b']);
	first.done();
});

test('page mode walks pages; Limit stops after the first', async () => {
	const scope = authedApi()
		.get(RUNS)
		.query({ page: 1 })
		.reply(200, { data: [{ id: 'r1' }, { id: 'r2' }], meta: { current_page: 1, last_page: 3 } });
	const result = await runRaydocs(run({ operation: 'getAll', pagination: 'page', returnAll: false, limit: 2 }));
	expect(result.items.map((item) => item.json.id)).toEqual(['r1', 'r2']);
	scope.done();
});

describe('get file', () => {
	const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xde, 0xad, 0xbe, 0xef]);
	const FILE = 'f_0123';
	const getFile = (params: object = {}) => run({ operation: 'getFile', fileId: { __rl: true, mode: 'id', value: FILE }, ...params });
	const signed = (sig: string) => ({ url: `https://files.test/runs/out.zip?X-Amz-Signature=${sig}`, expires_at: '2026-03-04T10:10:00Z' });

	test('sends file_id and follows the {url} answer without the token', async () => {
		const api = authedApi()
			.get(`${RUNS}/${RUN}/file`)
			.query({ file_id: FILE })
			.reply(200, signed('SIG'), { 'Content-Type': 'application/json' });
		const storage = nock('https://files.test', { badheaders: ['authorization'] })
			.get('/runs/out.zip')
			.query(true)
			.reply(200, bytes, { 'Content-Type': 'application/zip' });
		const result = await runRaydocs(getFile());
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toMatchObject({ fileName: 'out.zip', mimeType: 'application/zip' });
		expect(result.items[0].json).toMatchObject({ run_id: RUN, file_id: FILE });
		expect((await binaryBytes(result.items[0])).equals(bytes)).toBe(true);
		expect(JSON.stringify(result.items[0].json)).not.toContain('SIG');
		api.done();
		storage.done();
		expectNoToken(result);
	});

	test('an expired link (401 from storage) is asked for once more, and the fresh one is used', async () => {
		const api = authedApi()
			.get(`${RUNS}/${RUN}/file`)
			.query({ file_id: FILE })
			.reply(200, signed('OLD'), { 'Content-Type': 'application/json' })
			.get(`${RUNS}/${RUN}/file`)
			.query({ file_id: FILE })
			.reply(200, signed('NEW'), { 'Content-Type': 'application/json' });
		const storage = nock('https://files.test', { badheaders: ['authorization'] })
			.get('/runs/out.zip')
			.query({ 'X-Amz-Signature': 'OLD' })
			.reply(401, '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', { 'Content-Type': 'application/xml' })
			.get('/runs/out.zip')
			.query({ 'X-Amz-Signature': 'NEW' })
			.reply(200, bytes, { 'Content-Type': 'application/zip' });
		const result = await runRaydocs(getFile());
		expect(result.error).toBeUndefined();
		expect((await binaryBytes(result.items[0])).equals(bytes)).toBe(true);
		api.done();
		storage.done();
	});

	test('two expired links end in "the download link expired", not a token error', async () => {
		const api = authedApi()
			.get(`${RUNS}/${RUN}/file`)
			.query({ file_id: FILE })
			.times(2)
			.reply(200, signed('OLD'), { 'Content-Type': 'application/json' });
		const storage = nock('https://files.test').get('/runs/out.zip').query(true).times(2).reply(401, 'expired');
		const result = await runRaydocs(getFile());
		expect(result.error?.message).toBe(`The download link expired before the file could be fetched (download file ${FILE} of run ${RUN}) [item 0]`);
		expect(result.error?.message).not.toMatch(/access token/);
		expect(JSON.stringify(result.error)).not.toContain('OLD');
		api.done();
		storage.done();
	});

	test('404 (run unfinished or file not in the output) says so and points to Get Output', async () => {
		const api = authedApi().get(`${RUNS}/${RUN}/file`).query({ file_id: FILE }).reply(404, { message: 'No query results for model [WorkflowRunFile].' });
		const result = await runRaydocs(getFile());
		expect(result.error?.message).toBe(`Run ${RUN} has no file "${FILE}" to give [item 0]`);
		expect((result.error as { description?: string }).description).toMatch(/Get Output/);
		api.done();
	});

	test('a JSON answer without a url is a clear error', async () => {
		const api = authedApi().get(`${RUNS}/${RUN}/file`).query({ file_id: FILE }).reply(200, { expires_at: 'x' });
		const result = await runRaydocs(getFile());
		expect(result.error?.message).toBe(`Raydocs answered run ${RUN}'s file request without a download URL [item 0]`);
		api.done();
	});

	test('a direct file body is taken as the file', async () => {
		const api = authedApi()
			.get(`${RUNS}/${RUN}/file`)
			.query({ file_id: FILE })
			.reply(200, bytes, { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="report.zip"' });
		const result = await runRaydocs(getFile({ binaryPropertyName: 'out' }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.out).toMatchObject({ fileName: 'report.zip', mimeType: 'application/zip' });
		expect((await binaryBytes(result.items[0], 'out')).equals(bytes)).toBe(true);
		api.done();
	});

	test('403 names workflow-runs-output-read', async () => {
		const api = authedApi().get(`${RUNS}/${RUN}/file`).query(true).reply(403, { message: 'Invalid ability provided.' });
		const result = await runRaydocs(getFile());
		expect(result.error?.message).toBe('The access token lacks the "workflow-runs-output-read" ability [item 0]');
		api.done();
	});

	test('no file ID: an error naming the field, nothing sent', async () => {
		const result = await runRaydocs(getFile({ fileId: { __rl: true, mode: 'id', value: '' } }));
		expect(result.error?.message).toBe('File is empty [item 0]');
	});
});

describe('bad input fails before sending, naming the item and field', () => {
	test.each([
		['a malformed workflow ID', run({ operation: 'getOutput', workflowId: 'wf-1' }), 'Workflow "wf-1" is not a valid ID [item 0]'],
		['a malformed run ID', run({ operation: 'getFile', runId: '42', fileId: { __rl: true, mode: 'id', value: 'f' } }), 'Run "42" is not a valid ID [item 0]'],
		['cursor mode without a date', run({ operation: 'getAll', pagination: 'cursor', createdAfter: '' }), 'Created After "" is not a date [item 0]'],
		['cursor mode with a bad date', run({ operation: 'getAll', pagination: 'cursor', createdAfter: 'yesterday' }), 'Created After "yesterday" is not a date [item 0]'],
	])('%s', async (_, params, message) => {
		const result = await runRaydocs(params);
		expect(result.error?.message).toBe(message);
	});
});

test('Continue On Fail keeps the other items', async () => {
	const scope = authedApi().get(`${RUNS}/${RUN}/output`).reply(200, OUTPUT);
	const result = await runRaydocs(run({ operation: 'getOutput', runId: '={{ $json.id }}' }), [{ json: { id: 'x' } }, { json: { id: RUN } }], { continueOnFail: true });
	expect(result.items.map((item) => item.json.error ?? item.json.run_id)).toEqual(['Run "x" is not a valid ID [item 0]', RUN]);
	scope.done();
});

test('404 or 403 on a workspace path says the token may be restricted to another workspace', async () => {
	const scope = authedApi()
		.get(`${RUNS}/${RUN}/output`)
		.reply(404, { message: 'No query results for model [Workspace].' })
		.get(`${RUNS}/${RUN}/output`)
		.reply(403, { message: 'This action is unauthorized.' });
	for (const status of [404, 403]) {
		const result = await runRaydocs(run({ operation: 'getOutput' }));
		expect({ status, description: (result.error as { description?: string }).description }).toEqual({ status, description: expect.stringMatching(/restricted to another workspace/) });
	}
	scope.done();
});

test('the File list offers the fileRefs of the run\'s output, wherever they sit, filtered by name', async () => {
	const output = {
		documents: [{ type: 'documentRef', documentId: 'd1', filename: 'kept.pdf' }],
		files: [{ type: 'fileRef', id: 'f1', filename: 'report.csv' }],
		nested: { archive: { kind: 'fileRef', id: 'f2', filename: 'bundle.zip' } },
	};
	const scope = authedApi().get(`${RUNS}/${RUN}/output`).times(2).reply(200, output);
	const node = new Raydocs();
	const context = loadOptionsContext({ nodeType: node, parameters: run({ operation: 'getFile' }), credentials: raydocsCredentials() });
	expect(await node.methods.listSearch.searchRunFiles.call(context)).toEqual({
		results: [
			{ name: 'report.csv (f1)', value: 'f1' },
			{ name: 'bundle.zip (f2)', value: 'f2' },
		],
	});
	expect(await node.methods.listSearch.searchRunFiles.call(context, 'zip')).toEqual({ results: [{ name: 'bundle.zip (f2)', value: 'f2' }] });
	scope.done();
});
