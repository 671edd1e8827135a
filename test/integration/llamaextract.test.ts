/**
 * The LlamaExtract node against the sandbox emulator over real HTTP: Extract v2 Create (upload +
 * inline schema, or a saved configuration) + wait on the sample invoices, and a v1 agent job
 * through the one-call jobs/file upload. Each document's values must be that document's own.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_IDS, startSandbox, type Sandbox } from '../../dev/sandbox';
import { binaryItem } from '../helpers/n8n';
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
