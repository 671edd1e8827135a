import nock from 'nock';
import * as n8nWorkflow from 'n8n-workflow';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { defaultWaitPolicy } from '../../../nodes/shared/waiting/wait';
import { binaryItem } from '../../../dev/harness/n8nContext';
import { FILE_ID, LLAMA_KEY, LLAMA_URL, expectNoKey, fastTiming, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});
afterAll(() => fastTiming());

const SCHEMA = { type: 'object', properties: { total: { type: 'number' } } };

function job(id: string, status: string, extra: Record<string, unknown> = {}) {
	return { id, file_input: FILE_ID, project_id: 'prj-1', status, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:05Z', ...extra };
}

const byId = (id: string) => ({ resource: 'extract', operation: 'create', fileSource: 'fileId', fileId: id, configurationSource: 'inline', dataSchema: JSON.stringify(SCHEMA) });

describe('Extract: many jobs wait together', () => {
	test('three items: three creates, then one list call per poll with job_ids repeated (one GET once a single job is left); each item gets its own result', async () => {
		let created = 0;
		const lists: string[][] = [];
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract')
			.times(3)
			.reply(() => [200, job(`ext-${++created}`, 'PENDING')])
			.get('/api/v2/extract')
			.query((q) => {
				lists.push([q.job_ids].flat() as string[]);
				return q.page_size === '3';
			})
			.reply(200, { items: [job('ext-1', 'COMPLETED', { extract_result: { total: 1 } }), job('ext-2', 'RUNNING'), job('ext-3', 'COMPLETED', { extract_result: { total: 3 } })] })
			.get('/api/v2/extract/ext-2')
			.reply(200, job('ext-2', 'FAILED', { error_message: 'Unreadable' }));
		const input = [{ json: {} }, { json: {} }, { json: {} }];
		const result = await runLlama(byId(FILE_ID), input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(lists).toEqual([['ext-1', 'ext-2', 'ext-3']]);
		expect(result.items.map((i) => [i.pairedItem, i.json.error ?? i.json.job_id])).toEqual([
			[{ item: 0 }, 'ext-1'],
			[{ item: 1 }, 'Extraction job ext-2 failed (FAILED): Unreadable [item 1]'],
			[{ item: 2 }, 'ext-3'],
		]);
		expect(result.items[1].json.job_id).toBe('ext-2');
		expect(result.items[2].json.data).toEqual({ total: 3 });
		scope.done();
	});

	test('a job the list does not return is asked for by id, so its 404 names it', async () => {
		let created = 0;
		nock(LLAMA_URL)
			.post('/api/v2/extract')
			.times(2)
			.reply(() => [200, job(`ext-${++created}`, 'PENDING')])
			.get('/api/v2/extract')
			.query(true)
			.reply(200, { items: [job('ext-1', 'COMPLETED')] })
			.get('/api/v2/extract/ext-2')
			.reply(404, { detail: 'Job not found' });
		const result = await runLlama(byId(FILE_ID), [{ json: {} }, { json: {} }], { continueOnFail: true });
		expect(result.items.map((i) => i.json.error ?? i.json.status)).toEqual(['COMPLETED', 'Extraction job ext-2 was not found [item 1]']);
		expect(result.items[1].json.job_id).toBe('ext-2');
	});

	test('when the wait itself breaks, every item keeps its job id', async () => {
		let created = 0;
		nock(LLAMA_URL)
			.post('/api/v2/extract')
			.times(2)
			.reply(() => [200, job(`ext-${++created}`, 'PENDING')])
			.get('/api/v2/extract')
			.query(true)
			.times(10)
			.reply(401, { detail: 'Invalid API key' });
		const result = await runLlama(byId(FILE_ID), [{ json: {} }, { json: {} }], { continueOnFail: true });
		expect(result.items.map((i) => i.json.job_id)).toEqual(['ext-1', 'ext-2']);
		expect(result.items.every((i) => /did not accept the API key/.test(String(i.json.error)))).toBe(true);
	});

	test('Wait for Completion over many items is one list call per poll too', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract')
			.query({ job_ids: ['ext-a', 'ext-b'], page_size: 2 })
			.reply(200, { items: [job('ext-a', 'COMPLETED', { extract_result: { total: 1 } }), job('ext-b', 'COMPLETED', { extract_result: { total: 2 } })] });
		const result = await runLlama({ resource: 'extract', operation: 'wait', jobId: '={{ $json.id }}' }, [{ json: { id: 'ext-a' } }, { json: { id: 'ext-b' } }]);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.data)).toEqual([{ total: 1 }, { total: 2 }]);
		scope.done();
	});

	test('the pause between looks grows but never past 10 s, even with the shared 30 s cap', async () => {
		Object.assign(defaultWaitPolicy, { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 1.6 });
		const slept: number[] = [];
		let gap = 0;
		jest.spyOn(n8nWorkflow, 'sleep').mockImplementation(async (ms: number) => {
			gap += ms;
		});
		let looks = 0;
		nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('ext-1', 'PENDING'))
			.get('/api/v2/extract/ext-1')
			.times(12)
			.reply(() => {
				if (looks++ > 0) slept.push(gap);
				gap = 0;
				return [200, job('ext-1', looks === 12 ? 'COMPLETED' : 'RUNNING')];
			});
		const result = await runLlama({ ...byId(FILE_ID), options: { maxWaitMinutes: 60 } });
		expect(result.error).toBeUndefined();
		expect(slept).toHaveLength(11);
		expect(Math.max(...slept)).toBe(10_000);
		expect(slept[0]).toBe(1000);
	});
});

describe('Extract: usage, delete, configuration errors', () => {
	test('Include Credits Used asks expand=usage and puts credits_used on the output', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/extract/ext-1')
			.query({ expand: 'usage' })
			.reply(200, job('ext-1', 'COMPLETED', { usage: { credits: 15, extract_credits: 15, parse_credits: 0 } }));
		const result = await runLlama({ resource: 'extract', operation: 'get', jobId: 'ext-1', options: { includeUsage: true } });
		expect(result.items[0].json).toMatchObject({ credits_used: 15, credits: { credits: 15, extract_credits: 15, parse_credits: 0 } });
		scope.done();
	});

	test('usage and metadata together: expand repeated, while waiting and on Get Many', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract')
			.reply(200, job('ext-1', 'PENDING'))
			.get('/api/v2/extract/ext-1')
			.query({ expand: ['extract_metadata', 'usage'] })
			.reply(200, job('ext-1', 'COMPLETED', { usage: { credits: 5 }, extract_metadata: { field_metadata: {} } }))
			.get('/api/v2/extract')
			.query({ expand: 'usage', page_size: 100 })
			.reply(200, { items: [job('ext-1', 'COMPLETED', { usage: { credits: 5 } })], next_page_token: null });
		const created = await runLlama({ ...byId(FILE_ID), options: { includeUsage: true, includeMetadata: true } });
		expect(created.items[0].json).toMatchObject({ credits_used: 5, metadata: { field_metadata: {} } });
		const listed = await runLlama({ resource: 'extract', operation: 'getAll', returnAll: true, options: { includeUsage: true } });
		expect(listed.items[0].json.credits_used).toBe(5);
		scope.done();
	});

	test('without the option no expand is sent and no credits field appears', async () => {
		nock(LLAMA_URL).get('/api/v2/extract/ext-1').reply(200, job('ext-1', 'COMPLETED'));
		const result = await runLlama({ resource: 'extract', operation: 'get', jobId: 'ext-1' });
		expect(result.items[0].json).not.toHaveProperty('credits_used');
	});

	test('delete sends DELETE and returns the id', async () => {
		const scope = nock(LLAMA_URL).delete('/api/v2/extract/ext-1').reply(200, {});
		const result = await runLlama({ resource: 'extract', operation: 'delete', jobId: 'ext-1' });
		expect(result.items[0].json).toEqual({ job_id: 'ext-1', deleted: true });
		scope.done();
	});

	test('a configuration id that does not exist is the 404 naming it', async () => {
		nock(LLAMA_URL).post('/api/v2/extract', { file_input: FILE_ID, configuration_id: 'cfg-nope' }).reply(404, { detail: 'Configuration not found' });
		const params = { ...byId(FILE_ID), configurationSource: 'saved', configuration: { __rl: true, mode: 'id', value: 'cfg-nope' }, waitForCompletion: false };
		const result = await runLlama(params);
		expect(result.error?.message).toBe(`Configuration cfg-nope or file ${FILE_ID} was not found [item 0]`);
		const uploaded = await binaryItem(Buffer.from('%PDF-1.7'), 'a.pdf', 'application/pdf');
		nock(LLAMA_URL).get('/api/v1/beta/files').query(true).reply(200, { items: [] }).post('/api/v1/beta/files').reply(201, { id: FILE_ID, name: 'a.pdf', project_id: 'p' }).post('/api/v2/extract').reply(404, { detail: 'not found' });
		const again = await runLlama({ ...params, fileSource: 'binary' }, [uploaded]);
		expect(again.error?.message).toBe('Configuration cfg-nope was not found [item 0]');
	});

	test('an inline schema beside a configuration (workflow JSON, AI agent) is refused, naming both fields', async () => {
		// A node whose stored parameters keep the hidden schema, as imported JSON or an agent may.
		const node = new LlamaExtract();
		node.description = {
			...node.description,
			properties: node.description.properties.map((p) =>
				p.name === 'dataSchema' && JSON.stringify(p.displayOptions).includes('"create"')
					? { ...p, displayOptions: { show: { resource: ['extract'], operation: ['create'] } } }
					: p,
			),
		};
		const { runNode } = await import('../../../dev/harness/n8nContext');
		const { llamaCredentials } = await import('../../helpers/llamaextract');
		const result = await runNode({
			nodeType: node,
			parameters: { ...byId(FILE_ID), configurationSource: 'saved', configuration: { __rl: true, mode: 'id', value: 'cfg-1' } },
			credentials: llamaCredentials(),
		});
		expect(result.error?.message).toBe('Both "Data Schema" and "Configuration" are set [item 0]');
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('notify webhook configurations (an option): webhook_configuration_ids on the job', async () => {
		const scope = nock(LLAMA_URL).post('/api/v2/extract', { file_input: FILE_ID, configuration: { data_schema: SCHEMA }, webhook_configuration_ids: ['whc-1'] }).reply(200, job('ext-1', 'PENDING'));
		const result = await runLlama({ ...byId(FILE_ID), options: { webhookConfigurationIds: ['whc-1'] }, waitForCompletion: false });
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test('a node saved while notify webhook configurations was a field of its own still sends them', async () => {
		const scope = nock(LLAMA_URL).post('/api/v2/extract', { file_input: FILE_ID, configuration: { data_schema: SCHEMA }, webhook_configuration_ids: ['whc-1'] }).reply(200, job('ext-1', 'PENDING'));
		const result = await runLlama({ ...byId(FILE_ID), webhookConfigurationIds: ['whc-1'], waitForCompletion: false });
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test('notify webhook configurations sits under Options, where its list is asked for once the user adds it', () => {
		const create = new LlamaExtract().description.properties.filter((p) => p.displayOptions?.show?.operation?.includes('create') && p.displayOptions?.show?.resource?.includes('extract'));
		const topLevel = create.find((p) => p.name === 'webhookConfigurationIds');
		expect(topLevel?.type).toBe('hidden');
		const options = create.find((p) => p.name === 'options');
		const notify = (options?.options as Array<{ name: string; typeOptions?: { loadOptionsMethod?: string } }>).find((o) => o.name === 'webhookConfigurationIds');
		expect(notify?.typeOptions?.loadOptionsMethod).toBe('getWebhookConfigurations');
	});
});

describe('Configuration', () => {
	test('create posts name and extract_v2 parameters', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v1/beta/configurations', { name: 'Invoices', parameters: { product_type: 'extract_v2', data_schema: SCHEMA, tier: 'agentic', target_pages: '1,2' } })
			.reply(200, { id: 'cfg-1', name: 'Invoices', product_type: 'extract_v2', version: '2026-01-01T00:00:00Z', parameters: {} });
		const result = await runLlama({ resource: 'configuration', operation: 'create', name: ' Invoices ', dataSchema: JSON.stringify(SCHEMA), extractionOptions: { tier: 'agentic', target_pages: '1, 2' } });
		expect(result.items[0].json).toMatchObject({ configuration_id: 'cfg-1', version: '2026-01-01T00:00:00Z' });
		scope.done();
	});

	test.each([
		['schema that does not parse', { dataSchema: '{"type":' }, 'Data Schema is not valid JSON [item 0]'],
		['empty name', { name: ' ' }, 'Name is empty [item 0]'],
	])('create refuses a %s before any request', async (_, extra, message) => {
		const result = await runLlama({ resource: 'configuration', operation: 'create', name: 'x', dataSchema: JSON.stringify(SCHEMA), ...extra });
		expect(result.error?.message).toBe(message);
	});

	test('get: a configuration that does not exist is the 404 naming it', async () => {
		nock(LLAMA_URL).get('/api/v1/beta/configurations/cfg-gone').reply(404, { detail: 'Not found' });
		const result = await runLlama({ resource: 'configuration', operation: 'get', configuration: { __rl: true, mode: 'id', value: 'cfg-gone' } });
		expect(result.error?.message).toBe('Configuration cfg-gone was not found [item 0]');
	});

	test('get many: the server filters (product_type repeated, latest_only, name) and the cursor is followed', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/beta/configurations')
			.query({ product_type: ['extract_v2', 'parse_v2'], latest_only: 'true', name: 'Invoices', page_size: 100 })
			.reply(200, { items: [{ id: 'cfg-1', name: 'Invoices' }], next_page_token: 'n' })
			.get('/api/v1/beta/configurations')
			.query({ product_type: ['extract_v2', 'parse_v2'], latest_only: 'true', name: 'Invoices', page_size: 100, page_token: 'n' })
			.reply(200, { items: [{ id: 'cfg-2', name: 'Invoices' }], next_page_token: null });
		const result = await runLlama({
			resource: 'configuration',
			operation: 'getAll',
			returnAll: true,
			filters: { productTypes: ['extract_v2', 'parse_v2'], latestOnly: true, name: 'Invoices' },
		});
		expect(result.items.map((i) => i.json.configuration_id)).toEqual(['cfg-1', 'cfg-2']);
		scope.done();
	});

	test('get many by default asks for the latest extract configurations', async () => {
		const scope = nock(LLAMA_URL).get('/api/v1/beta/configurations').query({ product_type: 'extract_v2', latest_only: 'true', page_size: 100 }).reply(200, { items: [], next_page_token: null });
		const result = await runLlama({ resource: 'configuration', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test('update of a setting merges into the saved parameters (GET, then PUT of the whole)', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/beta/configurations/cfg-1')
			.reply(200, { id: 'cfg-1', name: 'Invoices', parameters: { product_type: 'extract_v2', data_schema: SCHEMA, tier: 'cost_effective', system_prompt: 'keep' } })
			.put('/api/v1/beta/configurations/cfg-1', { parameters: { product_type: 'extract_v2', data_schema: SCHEMA, tier: 'agentic', system_prompt: 'keep' } })
			.reply(200, { id: 'cfg-1', name: 'Invoices', parameters: {} });
		const result = await runLlama({ resource: 'configuration', operation: 'update', configuration: { __rl: true, mode: 'list', value: 'cfg-1' }, extractionOptions: { tier: 'agentic' } });
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test('update of the name alone is one PUT; nothing to update is refused', async () => {
		const scope = nock(LLAMA_URL).put('/api/v1/beta/configurations/cfg-1', { name: 'Renamed' }).reply(200, { id: 'cfg-1', name: 'Renamed', parameters: {} });
		const result = await runLlama({ resource: 'configuration', operation: 'update', configuration: { __rl: true, mode: 'id', value: 'cfg-1' }, updateFields: { name: 'Renamed' } });
		expect(result.items[0].json.name).toBe('Renamed');
		scope.done();
		const none = await runLlama({ resource: 'configuration', operation: 'update', configuration: { __rl: true, mode: 'id', value: 'cfg-1' } });
		expect(none.error?.message).toBe('Nothing to update [item 0]');
	});

	test('delete sends DELETE', async () => {
		const scope = nock(LLAMA_URL).delete('/api/v1/beta/configurations/cfg-1').reply(204);
		const result = await runLlama({ resource: 'configuration', operation: 'delete', configuration: { __rl: true, mode: 'id', value: 'cfg-1' } });
		expect(result.items[0].json).toEqual({ configuration_id: 'cfg-1', deleted: true });
		scope.done();
	});
});

describe('File', () => {
	test('get leaves the signed download_url out', async () => {
		nock(LLAMA_URL).get(`/api/v1/beta/files/${FILE_ID}`).reply(200, { id: FILE_ID, name: 'a.pdf', project_id: 'p', download_url: { url: 'https://s3.test/a?X-Amz-Signature=SECRET' } });
		const result = await runLlama({ resource: 'file', operation: 'get', fileId: FILE_ID });
		expect(result.items[0].json).toMatchObject({ file_id: FILE_ID, name: 'a.pdf' });
		expect(JSON.stringify(result.items)).not.toContain('SECRET');
	});

	test('get many sends the filters and follows the cursor up to Limit', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/beta/files')
			.query({ file_name: 'a.pdf', external_file_id: 'mine', page_size: 2 })
			.reply(200, { items: [{ id: 'dfl-1' }], next_page_token: 't' })
			.get('/api/v1/beta/files')
			.query({ file_name: 'a.pdf', external_file_id: 'mine', page_size: 2, page_token: 't' })
			.reply(200, { items: [{ id: 'dfl-2' }, { id: 'dfl-3' }], next_page_token: 'u' });
		const result = await runLlama({ resource: 'file', operation: 'getAll', returnAll: false, limit: 2, filters: { fileName: 'a.pdf', externalFileId: 'mine' } });
		expect(result.items.map((i) => i.json.file_id)).toEqual(['dfl-1', 'dfl-2']);
		scope.done();
	});

	test('get content: metadata, presigned URL, bytes fetched without the API key into a binary field', async () => {
		let storageAuth: string | undefined = 'unset';
		const api = nock(LLAMA_URL)
			.get(`/api/v1/beta/files/${FILE_ID}`)
			.reply(200, { id: FILE_ID, name: 'invoice.pdf', project_id: 'p' })
			.get(`/api/v1/beta/files/${FILE_ID}/content`)
			.reply(200, { url: 'https://storage.test/b/invoice?X-Amz-Signature=SIG', expires_at: '2026-01-01T01:00:00Z' });
		const storage = nock('https://storage.test')
			.get('/b/invoice')
			.query(true)
			.reply(function () {
				storageAuth = this.req.headers.authorization as string | undefined;
				return [200, Buffer.from('%PDF-1.7 bytes'), { 'Content-Type': 'application/pdf' }];
			});
		const result = await runLlama({ resource: 'file', operation: 'getContent', fileId: FILE_ID, binaryPropertyName: 'file' });
		expect(result.error).toBeUndefined();
		expect(storageAuth).toBeUndefined();
		expect(result.items[0].binary?.file).toMatchObject({ fileName: 'invoice.pdf', mimeType: 'application/pdf' });
		expect(result.items[0].json).toMatchObject({ file_id: FILE_ID, file_size: 14 });
		expect(JSON.stringify(result.items[0].json)).not.toContain('SIG');
		expectNoKey(result);
		api.done();
		storage.done();
	});

	test('delete sends DELETE; an unknown file is the 404 naming it', async () => {
		nock(LLAMA_URL).delete(`/api/v1/beta/files/${FILE_ID}`).reply(204).delete('/api/v1/beta/files/dfl-gone').reply(404, { detail: 'nope' });
		expect((await runLlama({ resource: 'file', operation: 'delete', fileId: FILE_ID })).items[0].json).toEqual({ file_id: FILE_ID, deleted: true });
		expect((await runLlama({ resource: 'file', operation: 'delete', fileId: 'dfl-gone' })).error?.message).toBe('File dfl-gone was not found [item 0]');
	});
});

describe('Schema (v2 paths)', () => {
	test('validate posts to /api/v2/extract/schema/validation; a 400 is the answer, not a failure', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract/schema/validation', { data_schema: SCHEMA })
			.reply(200, { data_schema: SCHEMA })
			.post('/api/v2/extract/schema/validation')
			.reply(400, { detail: 'Invalid schema: too deep' });
		expect((await runLlama({ resource: 'schema', operation: 'validate', dataSchema: JSON.stringify(SCHEMA) })).items[0].json).toEqual({ valid: true, data_schema: SCHEMA });
		expect((await runLlama({ resource: 'schema', operation: 'validate', dataSchema: JSON.stringify(SCHEMA) })).items[0].json).toMatchObject({ valid: false, message: 'Invalid schema: too deep' });
		scope.done();
	});

	test('validate refuses schema JSON that does not parse before any request', async () => {
		const result = await runLlama({ resource: 'schema', operation: 'validate', dataSchema: '{"type": "object",' });
		expect(result.error?.message).toBe('Data Schema is not valid JSON [item 0]');
	});

	test('generate posts to /api/v2/extract/schema/generate and returns the drafted configuration', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v2/extract/schema/generate', { prompt: 'invoice total', name: 'Invoices' })
			.reply(200, { name: 'Invoices', parameters: { product_type: 'extract_v2', data_schema: SCHEMA } });
		const result = await runLlama({ resource: 'schema', operation: 'generate', prompt: 'invoice total', options: { name: 'Invoices' } });
		expect(result.items[0].json).toEqual({ name: 'Invoices', data_schema: SCHEMA, parameters: { product_type: 'extract_v2', data_schema: SCHEMA } });
		scope.done();
	});

	test('generate needs a prompt, a file or a schema', async () => {
		const result = await runLlama({ resource: 'schema', operation: 'generate', prompt: '', options: { name: 'only a name' } });
		expect(result.error?.message).toBe('Nothing to generate a schema from [item 0]');
	});
});

describe('Resources and saved workflows', () => {
	test('v2 resources first, v1 labelled legacy with its old values', () => {
		const resource = new LlamaExtract().description.properties.find((p) => p.name === 'resource');
		const options = resource?.options as Array<{ name: string; value: string }>;
		expect(options.map((o) => o.value)).toEqual(['configuration', 'extract', 'file', 'schema', 'agent', 'job', 'run']);
		expect(options.filter((o) => ['agent', 'job', 'run'].includes(o.value)).every((o) => o.name.startsWith('V1 (Legacy)'))).toBe(true);
		expect(resource?.default).toBe('extract');
	});

	test('a saved v1 Agent → Validate Schema still calls the v1 path', async () => {
		const scope = nock(LLAMA_URL).post('/api/v1/extraction/extraction-agents/schema/validation').reply(200, { data_schema: SCHEMA });
		const result = await runLlama({ resource: 'agent', operation: 'validateSchema', dataSchema: JSON.stringify(SCHEMA) });
		expect(result.items[0].json.valid).toBe(true);
		scope.done();
	});

	test('the webhook configuration list for Notify shows host and events', async () => {
		const { loadOptionsContext } = await import('../../../dev/harness/n8nContext');
		const { llamaCredentials } = await import('../../helpers/llamaextract');
		nock(LLAMA_URL)
			.get('/api/v2/webhook-configs')
			.query({ page_size: 100 })
			.reply(200, { items: [{ id: 'whc-1', webhook_url: 'https://n8n.example.com/webhook/abc', webhook_events: ['extract.success'], has_secret: true, tenant_id: 'p', tenant_type: 'project' }], next_page_token: null });
		const node = new LlamaExtract();
		const ctx = loadOptionsContext({ nodeType: node, parameters: { resource: 'extract', operation: 'create' }, credentials: llamaCredentials() });
		const options = await node.methods.loadOptions.getWebhookConfigurations.call(ctx);
		expect(options).toEqual([{ name: 'n8n.example.com (extract.success)', value: 'whc-1', description: 'whc-1' }]);
		expect(LLAMA_KEY).toBeTruthy();
	});
});
