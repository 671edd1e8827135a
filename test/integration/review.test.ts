/**
 * "Route Results Needing Review" on the three nodes against the sandbox over real HTTP: a
 * document with a `Sandbox-Confidence:` line or a missing value lands on Needs Review with the
 * reason a person reads; a clean one stays on Extracted; a failed run is routed too.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_IDS, startSandbox, type Sandbox } from '../../dev/sandbox';
import { makeInvoicePdf, type InvoiceSpec } from '../../dev/sandbox/samples/invoice';
import { binaryItem } from '../../dev/harness/n8nContext';
import { fastClock, fastTiming, llamaCredentials, runLlama } from '../helpers/llamaextract';
import { ppCredentials, runPP } from '../helpers/perfectparser';
import { fastRetries, fastWaits, raydocsCredentials, runRaydocs } from '../helpers/raydocs';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ timing: { parseMs: 10, extractMs: 20, jitterMs: 5 }, rateLimits: { windowMs: 2000 } });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	fastTiming();
	fastRetries();
	fastWaits();
});

const base: InvoiceSpec = { invoiceNumber: 'INV-100', date: '2024-03-01', total: 120.5, vendor: 'Acme Supplies' };

/** Clean, low-confidence total, no total, failed — in that order. */
async function invoices(): Promise<INodeExecutionData[]> {
	const specs: InvoiceSpec[] = [
		base,
		{ ...base, invoiceNumber: 'INV-101', extraLines: ['Sandbox-Confidence: total=0.4'] },
		{ ...base, invoiceNumber: 'INV-102', omitLabels: ['Total'] },
		{ ...base, invoiceNumber: 'INV-103', extraLines: ['Sandbox-Fail: unreadable scan'] },
	];
	return await Promise.all(specs.map(async (spec, n) => await binaryItem(makeInvoicePdf(spec), `${spec.invoiceNumber}.pdf`, 'application/pdf', { json: { n } })));
}

function routed(outputs: INodeExecutionData[][] | undefined) {
	expect(outputs).toHaveLength(2);
	const [extracted, needsReview] = outputs!;
	const byItem = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);
	const reasons = Object.fromEntries(needsReview.map((item) => [(item.pairedItem as { item: number }).item, (item.json.review as IDataObject).reasons]));
	return { extracted: byItem(extracted), needsReview: byItem(needsReview), reasons, items: [...extracted, ...needsReview] };
}

test('Raydocs Batch Create Sessions: a missing total and a failed run need review; page and source text in the reasons', async () => {
	const credentials = raydocsCredentials({ accessToken: sandbox.tokens.raydocs, baseUrl: sandbox.raydocsUrl });
	const result = await runRaydocs(
		{
			resource: 'batch',
			operation: 'createSessions',
			template: { __rl: true, mode: 'id', value: DEMO_IDS.raydocsTemplateId },
			routeResultsNeedingReview: true,
			reviewRules: { fieldChecks: { check: [{ field: 'invoice_number', kind: 'pattern', pattern: '^INV-10[0-2]$' }] } },
		},
		await invoices(),
		{ credentials },
	);
	expect(result.error).toBeUndefined();
	const out = routed(result.outputs);
	// Raydocs reports no confidence: the low-confidence line changes nothing there.
	expect(out.extracted).toEqual([0, 1]);
	expect(out.needsReview).toEqual([2, 3]);
	expect(out.reasons[2]).toEqual(['invoice_details.total is empty']);
	expect(out.reasons[3]).toEqual(['the extraction failed: Extraction failed: unreadable scan']);
	expect(result.outputs![0][0].json.review).toEqual({ needed: false, reasons: [] });

	const pattern = await runRaydocs(
		{
			resource: 'batch',
			operation: 'createSessions',
			template: { __rl: true, mode: 'id', value: DEMO_IDS.raydocsTemplateId },
			routeResultsNeedingReview: true,
			reviewRules: { fieldChecks: { check: [{ field: 'invoice_number', kind: 'pattern', pattern: '^X' }] } },
		},
		(await invoices()).slice(0, 1),
		{ credentials },
	);
	expect(routed(pattern.outputs).reasons[0]).toEqual(['invoice_number: "INV-100" does not match /^X/ (page 1: "Invoice Number: INV-100")']);
});

test('Raydocs: a listed field the template lacks is refused before anything is uploaded', async () => {
	const credentials = raydocsCredentials({ accessToken: sandbox.tokens.raydocs, baseUrl: sandbox.raydocsUrl });
	const result = await runRaydocs(
		{ resource: 'batch', operation: 'createSessions', template: { __rl: true, mode: 'id', value: DEMO_IDS.raydocsTemplateId }, routeResultsNeedingReview: true, reviewRules: { alsoRequired: 'iban' } },
		(await invoices()).slice(0, 1),
		{ credentials },
	);
	expect(result.error?.message).toBe('Review field "iban" is not a field of template "Invoice Extraction" [item 0]');
	expect(sandbox.stats().storage.puts).toBe(0);
	expect(sandbox.stats().resources.raydocs?.sessions ?? 0).toBe(0);
});

test('LlamaExtract Extract Create: confidence scores are asked for; a low confidence, a required field from the schema and a failed job need review', async () => {
	const credentials = llamaCredentials({ apiKey: sandbox.tokens.llama, baseUrl: sandbox.llamaUrl });
	const schema = {
		type: 'object',
		required: ['invoice_number', 'total'],
		properties: { invoice_number: { type: 'string' }, vendor: { type: 'string' }, total: { type: 'number' }, invoice_date: { type: 'string' } },
	};
	const result = await runLlama(
		{ resource: 'extract', operation: 'create', fileSource: 'binary', configurationSource: 'inline', dataSchema: JSON.stringify(schema), routeResultsNeedingReview: true },
		await invoices(),
		{ credentials },
	);
	expect(result.error).toBeUndefined();
	const out = routed(result.outputs);
	expect(out.extracted).toEqual([0]);
	expect(out.needsReview).toEqual([1, 2, 3]);
	expect(out.reasons[1]).toEqual(['total: confidence 0.40 < 0.80 (page 1: "Total: $120.50")']);
	expect(out.reasons[2]).toEqual(['total is empty']);
	expect(out.reasons[3]).toEqual(['the extraction failed: unreadable scan']);

	// With "Route Failed or Timed-Out Runs" off, the failed job is an error again.
	const strict = await runLlama(
		{ resource: 'extract', operation: 'create', fileSource: 'binary', configurationSource: 'inline', dataSchema: JSON.stringify(schema), routeResultsNeedingReview: true, reviewRules: { routeFailures: false } },
		(await invoices()).slice(3),
		{ credentials },
	);
	expect(strict.error?.message).toMatch(/failed \(FAILED\): unreadable scan/);
});

test('LlamaExtract Extract Get with the saved configuration: the listed field must be in its schema', async () => {
	const credentials = llamaCredentials({ apiKey: sandbox.tokens.llama, baseUrl: sandbox.llamaUrl });
	const created = await runLlama(
		{ resource: 'extract', operation: 'create', fileSource: 'binary', configurationSource: 'saved', configuration: { __rl: true, mode: 'id', value: DEMO_IDS.llamaConfigurationId } },
		(await invoices()).slice(2, 3),
		{ credentials },
	);
	const jobId = created.items[0].json.job_id;
	const got = await runLlama({ resource: 'extract', operation: 'get', jobId, routeResultsNeedingReview: true, reviewRules: { alsoRequired: 'total' } }, undefined, { credentials });
	expect(routed(got.outputs).reasons[0]).toEqual(['total is empty']);
	const wrong = await runLlama({ resource: 'extract', operation: 'get', jobId, routeResultsNeedingReview: true, reviewRules: { alsoRequired: 'iban' } }, undefined, { credentials });
	expect(wrong.error?.message).toMatch(/Review field "iban" is not a field of configuration/);
});

test('PerfectParser Submit with wait: the document confidence and a listed field; Get Results routes the same way', async () => {
	const credentials = ppCredentials({ apiKey: sandbox.tokens.perfectParser, baseUrl: sandbox.perfectParserUrl });
	const parameters = {
		resource: 'extraction',
		operation: 'submit',
		parser: { __rl: true, mode: 'id', value: DEMO_IDS.perfectParserParserId },
		waitForCompletion: true,
		routeResultsNeedingReview: true,
		reviewRules: { alsoRequired: 'total', fieldChecks: { check: [{ field: 'invoice_date', kind: 'date' }] } },
	};
	const result = await runPP(parameters, await invoices(), { credentials });
	expect(result.error).toBeUndefined();
	const out = routed(result.outputs);
	expect(out.extracted).toEqual([0]);
	expect(out.needsReview).toEqual([1, 2, 3]);
	expect(out.reasons[1]).toEqual(['document: confidence 0.40 < 0.80']);
	expect(out.reasons[2]).toEqual(['total is empty']);
	expect(out.reasons[3]).toEqual(['the extraction failed: unreadable scan']);

	const extractionId = result.outputs![0][0].json.extraction_id;
	const again = await runPP({ resource: 'extraction', operation: 'getResults', extractionId, routeResultsNeedingReview: true, reviewRules: { alsoRequired: 'total' } }, undefined, { credentials });
	expect(routed(again.outputs).needsReview).toHaveLength(3);

	const wrong = await runPP({ ...parameters, reviewRules: { alsoRequired: 'iban' } }, (await invoices()).slice(0, 1), { credentials });
	expect(wrong.error?.message).toBe('Review field "iban" is not a field of parser prs_sandbox_invoice [item 0]');
});

test('LlamaExtract: a wait set to fail on timeout goes to Needs Review with its job id; a number range check', async () => {
	const credentials = llamaCredentials({ apiKey: sandbox.tokens.llama, baseUrl: sandbox.llamaUrl });
	const parameters = {
		resource: 'extract',
		operation: 'create',
		fileSource: 'binary',
		configurationSource: 'saved',
		configuration: { __rl: true, mode: 'id', value: DEMO_IDS.llamaConfigurationId },
		routeResultsNeedingReview: true,
		reviewRules: { fieldChecks: { check: [{ field: 'total', kind: 'range', min: 200 }] } },
	};
	const ranged = await runLlama(parameters, (await invoices()).slice(0, 1), { credentials });
	expect(routed(ranged.outputs).reasons[0]).toEqual(['total: 120.5 is below 200']);

	fastClock(120_000);
	const late = await runLlama({ ...parameters, options: { maxWaitMinutes: 1, onTimeout: 'fail' } }, (await invoices()).slice(0, 1), { credentials });
	expect(late.error).toBeUndefined();
	const [item] = late.outputs![1];
	expect(item.json).toMatchObject({ job_id: expect.stringMatching(/^ext-/), review: { needed: true, reasons: [expect.stringMatching(/^the extraction did not finish within the max wait \(last status "(PENDING|RUNNING)"\)$/)] } });
});
