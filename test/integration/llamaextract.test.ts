/**
 * The LlamaExtract node against the sandbox emulator over real HTTP: Extract v2 Create (upload +
 * inline schema, or a saved configuration) + wait on the sample invoices, and a v1 agent job
 * through the one-call jobs/file upload. Each document's values must be that document's own.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_IDS, startSandbox, type Sandbox } from '../../dev/sandbox';
import { binaryItem } from '../../dev/harness/n8nContext';
import { fastTiming, llamaCredentials, runLlama } from '../helpers/llamaextract';

const SAMPLES = join(__dirname, '../../dev/sandbox/samples');
const EXPECTED = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as Record<string, { mime: string; fields: IDataObject }>;
const NAMES = Object.keys(EXPECTED);
const SCHEMA = {
	type: 'object',
	properties: {
		invoice_number: { type: 'string' },
		invoice_date: { type: 'string' },
		vendor: { type: 'string' },
		total: { type: 'number' },
		currency: { type: 'string' },
	},
};

let sandbox: Sandbox;
let credentials: ReturnType<typeof llamaCredentials>;

beforeAll(async () => {
	sandbox = await startSandbox({ timing: { parseMs: 15, extractMs: 25, jitterMs: 10 }, rateLimits: { windowMs: 2000 } });
	credentials = llamaCredentials({ apiKey: sandbox.tokens.llama, baseUrl: sandbox.llamaUrl });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	fastTiming();
});

async function sampleItems(): Promise<INodeExecutionData[]> {
	return await Promise.all(NAMES.map(async (name) => await binaryItem(readFileSync(join(SAMPLES, name)), name, EXPECTED[name].mime)));
}

function expectOwnInvoiceNumbers(items: INodeExecutionData[]): void {
	expect(items).toHaveLength(NAMES.length);
	items.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect((item.json.data as IDataObject).invoice_number).toBe(EXPECTED[NAMES[i]].fields.invoice_number);
	});
}

test('Extract v2 Create with an inline schema uploads each sample, waits, and returns its own values as JSON', async () => {
	const result = await runLlama(
		{ resource: 'extract', operation: 'create', fileSource: 'binary', configurationSource: 'inline', dataSchema: JSON.stringify(SCHEMA) },
		await sampleItems(),
		{ credentials },
	);
	expect(result.error).toBeUndefined();
	expectOwnInvoiceNumbers(result.items);
	const first = result.items[0].json;
	expect(first).toMatchObject({ status: 'COMPLETED', data: { vendor: EXPECTED[NAMES[0]].fields.vendor } });
	expect(String(first.job_id)).toMatch(/^ext-/);
	expect(String(first.file_id)).toMatch(/^dfl-/);
});

test('Extract v2 Create with the saved configuration and metadata', async () => {
	const [item] = await sampleItems();
	const result = await runLlama(
		{
			resource: 'extract',
			operation: 'create',
			configurationSource: 'saved',
			configuration: { __rl: true, mode: 'id', value: DEMO_IDS.llamaConfigurationId },
			options: { includeMetadata: true },
		},
		[item],
		{ credentials },
	);
	expect(result.error).toBeUndefined();
	expect((result.items[0].json.data as IDataObject).total).toBe(EXPECTED[NAMES[0]].fields.total);
	expect(result.items[0].json).toHaveProperty('metadata');
});

test('Job (v1) Create through jobs/file with the demo agent returns the run result', async () => {
	const items = (await sampleItems()).slice(0, 2);
	const result = await runLlama(
		{ resource: 'job', operation: 'create', agent: { __rl: true, mode: 'id', value: DEMO_IDS.llamaAgentId } },
		items,
		{ credentials },
	);
	expect(result.error).toBeUndefined();
	result.items.forEach((item, i) => {
		expect(item.json.status).toBe('SUCCESS');
		expect((item.json.data as IDataObject).invoice_number).toBe(EXPECTED[NAMES[i]].fields.invoice_number);
	});
});

test('Extract v2 Create over many items waits with list calls (job_ids repeated) and reports credits used', async () => {
	const result = await runLlama(
		{ resource: 'extract', operation: 'create', fileSource: 'binary', configurationSource: 'inline', dataSchema: JSON.stringify(SCHEMA), options: { includeUsage: true } },
		await sampleItems(),
		{ credentials },
	);
	expect(result.error).toBeUndefined();
	expectOwnInvoiceNumbers(result.items);
	for (const item of result.items) expect(item.json.credits_used).toEqual(expect.any(Number));
	const count = (route: string) =>
		sandbox
			.stats()
			.rows.filter((row) => row.service === 'llamacloud' && row.method === 'GET' && row.route === route)
			.reduce((sum, row) => sum + row.count, 0);
	// Looks at several jobs are list calls; a GET by id only once a single job is left, so fewer
	// of those than items (one per item per poll before).
	expect(count('/llamacloud/api/v2/extract')).toBeGreaterThan(0);
	expect(count('/llamacloud/api/v2/extract/:job_id')).toBeLessThan(NAMES.length);
});

test('Configuration CRUD, then an extraction with the saved configuration; the picker lists it', async () => {
	const saved = await runLlama({ resource: 'configuration', operation: 'create', name: 'Integration invoices', dataSchema: JSON.stringify(SCHEMA), extractionOptions: { tier: 'agentic' } }, undefined, { credentials });
	expect(saved.error).toBeUndefined();
	const id = String(saved.items[0].json.configuration_id);
	expect(saved.items[0].json).toMatchObject({ product_type: 'extract_v2', version: expect.any(String), parameters: { tier: 'agentic' } });
	const locator = { __rl: true, mode: 'id', value: id };
	const updated = await runLlama({ resource: 'configuration', operation: 'update', configuration: locator, extractionOptions: { tier: 'cost_effective' } }, undefined, { credentials });
	expect(updated.items[0].json.parameters).toMatchObject({ tier: 'cost_effective', data_schema: SCHEMA });
	const listed = await runLlama({ resource: 'configuration', operation: 'getAll', returnAll: true }, undefined, { credentials });
	expect(listed.items.map((i) => i.json.configuration_id)).toEqual(expect.arrayContaining([id, DEMO_IDS.llamaConfigurationId]));
	const [item] = await sampleItems();
	const extracted = await runLlama({ resource: 'extract', operation: 'create', configurationSource: 'saved', configuration: locator }, [item], { credentials });
	expect((extracted.items[0].json.data as IDataObject).invoice_number).toBe(EXPECTED[NAMES[0]].fields.invoice_number);
	const deleted = await runLlama({ resource: 'configuration', operation: 'delete', configuration: locator }, undefined, { credentials });
	expect(deleted.items[0].json).toEqual({ configuration_id: id, deleted: true });
	const missing = await runLlama({ resource: 'configuration', operation: 'get', configuration: locator }, undefined, { credentials });
	expect(missing.error?.message).toBe(`Configuration ${id} was not found [item 0]`);
});

test('File Upload, Get, Get Many, Get Content (as many bytes as the sample), Delete', async () => {
	const [item] = await sampleItems();
	const uploaded = await runLlama({ resource: 'file', operation: 'upload', options: { externalFileId: 'int-1' } }, [item], { credentials });
	const fileId = String(uploaded.items[0].json.file_id);
	expect((await runLlama({ resource: 'file', operation: 'get', fileId }, undefined, { credentials })).items[0].json.name).toBe(NAMES[0]);
	const listed = await runLlama({ resource: 'file', operation: 'getAll', returnAll: true, filters: { externalFileId: 'int-1' } }, undefined, { credentials });
	expect(listed.items.map((i) => i.json.file_id)).toEqual([fileId]);
	const content = await runLlama({ resource: 'file', operation: 'getContent', fileId }, undefined, { credentials });
	expect(content.error).toBeUndefined();
	expect(content.items[0].json).toMatchObject({ file_name: NAMES[0], file_size: readFileSync(join(SAMPLES, NAMES[0])).length });
	expect((await runLlama({ resource: 'file', operation: 'delete', fileId }, undefined, { credentials })).items[0].json.deleted).toBe(true);
	expect((await runLlama({ resource: 'file', operation: 'get', fileId }, undefined, { credentials })).error?.message).toBe(`File ${fileId} was not found [item 0]`);
});

test('Schema Validate and Generate on the v2 paths', async () => {
	const valid = await runLlama({ resource: 'schema', operation: 'validate', dataSchema: JSON.stringify(SCHEMA) }, undefined, { credentials });
	expect(valid.items[0].json).toEqual({ valid: true, data_schema: SCHEMA });
	const invalid = await runLlama({ resource: 'schema', operation: 'validate', dataSchema: '{"type": "array", "items": {}}' }, undefined, { credentials });
	expect(invalid.error?.message).toBe('Data Schema is not an object schema [item 0]');
	const generated = await runLlama({ resource: 'schema', operation: 'generate', prompt: 'invoice number and total' }, undefined, { credentials });
	expect(generated.items[0].json).toMatchObject({ data_schema: { type: 'object' }, parameters: { product_type: 'extract_v2' } });
	const routes = sandbox.stats().rows.filter((row) => row.service === 'llamacloud').map((row) => `${row.method} ${row.route}`);
	expect(routes).toEqual(expect.arrayContaining([expect.stringContaining('POST /llamacloud/api/v2/extract/schema/validation'), expect.stringContaining('POST /llamacloud/api/v2/extract/schema/generate')]));
});

test('Extract v2 Create run twice on the same files uploads each once (Skip Already Uploaded Files): the second run reuses them, its values still its own', async () => {
	const params = { resource: 'extract', operation: 'create', fileSource: 'binary', configurationSource: 'inline', dataSchema: JSON.stringify(SCHEMA) };
	const first = await runLlama(params, await sampleItems(), { credentials });
	const second = await runLlama(params, await sampleItems(), { credentials });
	expect(first.error).toBeUndefined();
	expect(second.error).toBeUndefined();
	expectOwnInvoiceNumbers(second.items);
	expect(second.items.map((item) => item.json.file_id)).toEqual(first.items.map((item) => item.json.file_id));
	const stats = sandbox.stats();
	expect(stats.resources.llamacloud?.files).toBe(NAMES.length);
	expect(stats.resources.llamacloud?.v2Jobs).toBe(2 * NAMES.length);
});
