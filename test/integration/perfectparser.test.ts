/**
 * The PerfectParser node against the sandbox emulator over real HTTP: Submit (multipart, 50 per
 * request, Idempotency-Key) + wait + results, Get Results from Submit's outputs, Export, and the
 * polling trigger. Each document's values must be that document's own.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { binaryItem } from '../../dev/harness/n8nContext';
import { fastRetries, outputBytes, pollPP, ppCredentials, runPP } from '../helpers/perfectparser';

const SAMPLES = join(__dirname, '../../dev/sandbox/samples');
const EXPECTED = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as Record<string, { mime: string; fields: IDataObject }>;
const NAMES = Object.keys(EXPECTED);
const PARSER = { __rl: true, mode: 'id', value: 'prs_sandbox_invoice' };

let sandbox: Sandbox;
let credentials: ReturnType<typeof ppCredentials>;

beforeAll(async () => {
	sandbox = await startSandbox({ timing: { parseMs: 15, extractMs: 25, jitterMs: 10 }, rateLimits: { windowMs: 2000 } });
	credentials = ppCredentials({ apiKey: sandbox.tokens.perfectParser, baseUrl: sandbox.perfectParserUrl });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	fastRetries();
});

async function sampleItems(): Promise<INodeExecutionData[]> {
	return await Promise.all(
		NAMES.map(async (name, i) => await binaryItem(readFileSync(join(SAMPLES, name)), name, EXPECTED[name].mime, { json: { n: i } })),
	);
}

function expectOwnValues(items: INodeExecutionData[]): void {
	expect(items).toHaveLength(NAMES.length);
	items.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(item.json.filename).toBe(NAMES[i]);
		expect(item.json.status).toBe('completed');
		expect(item.json.extracted_data).toMatchObject(EXPECTED[NAMES[i]].fields);
	});
}

test('Submit and wait: one item per file, each with its own document\'s values', async () => {
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: true }, await sampleItems(), { credentials });
	expect(result.error).toBeUndefined();
	expectOwnValues(result.items);
	expect(new Set(result.items.map((item) => item.json.extraction_id)).size).toBe(1);
	expect(JSON.stringify(result.items)).not.toContain(sandbox.tokens.perfectParser);
});

test('Submit, then Wait and Get Results from the Submit outputs: results stay paired with their files; a re-run is replayed, not charged', async () => {
	const input = await sampleItems();
	const submitted = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, input, { credentials });
	expect(submitted.error).toBeUndefined();
	const credits = (await runPP({ resource: 'account', operation: 'getCredits' }, undefined, { credentials })).items[0].json.available;
	// Another execution with the same files (a re-run, the same invoices again) sends the same Idempotency-Key.
	const again = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, input, { credentials, executionId: 'exec-rerun' });
	expect(again.items.map((item) => item.json.document_id)).toEqual(submitted.items.map((item) => item.json.document_id));
	expect(again.items[0].json.idempotent_replay).toBe(true);
	expect((await runPP({ resource: 'account', operation: 'getCredits' }, undefined, { credentials })).items[0].json.available).toBe(credits);

	const extractionId = String(submitted.items[0].json.extraction_id);
	const waited = await runPP({ resource: 'extraction', operation: 'wait', extractionId }, undefined, { credentials });
	expect(waited.items[0].json).toMatchObject({ status: 'completed', timed_out: false });
	const results = await runPP(
		{ resource: 'extraction', operation: 'getResults', extractionId: '={{ $json.extraction_id }}' },
		submitted.items.map((item) => ({ json: item.json })),
		{ credentials },
	);
	expect(results.error).toBeUndefined();
	expectOwnValues(results.items);

	const exported = await runPP({ resource: 'extraction', operation: 'export', extractionId, format: 'csv' }, undefined, { credentials });
	expect(exported.items[0].binary!.data).toMatchObject({ mimeType: 'text/csv', fileName: `${extractionId}.csv` });
	const csv = (await outputBytes(exported.items[0])).toString('utf8');
	for (const name of NAMES) expect(csv).toContain(String(EXPECTED[name].fields.invoice_number));
});

test('an unknown parser is a 404 naming it', async () => {
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: 'prs_missing' }, waitForCompletion: false },
		(await sampleItems()).slice(0, 1),
		{ credentials },
	);
	expect(result.error?.message).toBe('Parser prs_missing was not found [item 0]');
});

test('the polling trigger emits each completed extraction once', async () => {
	const staticData: IDataObject = {};
	const params = { statuses: ['completed'] };
	expect((await pollPP(params, staticData, 'trigger', credentials)).items).toBeNull();
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: true }, (await sampleItems()).slice(0, 2), { credentials });
	expect(result.error).toBeUndefined();
	const fired = await pollPP(params, staticData, 'trigger', credentials);
	expect(fired.items?.map((item) => item.json.extraction_id)).toEqual([result.items[0].json.extraction_id]);
	expect((await pollPP(params, staticData, 'trigger', credentials)).items).toBeNull();
});
