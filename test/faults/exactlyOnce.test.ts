/**
 * 500 documents per service through the main path, with the standard fault mix on: every document
 * ends in exactly one result item or one error item naming it; nothing is created twice where the
 * API offers a way to avoid it (PerfectParser Idempotency-Key), and where it offers none (Raydocs
 * batch create, LlamaExtract job create) a lost answer is reported as "may have been done", not
 * silently sent again.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_IDS, type Sandbox, type SandboxStats } from '../../dev/sandbox';
import { LlamaExtract } from '../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { runNode } from '../../dev/harness/n8nContext';
import { expectedInvoiceFields, inputItems, invoices, type Doc } from './documents';
import {
	admin,
	ALL_TOKENS,
	byId,
	captureLogs,
	errorText,
	fastPolicies,
	fastSandbox,
	isAmbiguous,
	isErrorItem,
	llamaCreds,
	nockLoaded,
	ppCreds,
	raydocsCreds,
	remember,
	standardFaults,
	tokenLeaks,
} from './harness';

const COUNT = 500;
let sandbox: Sandbox;

beforeAll(async () => {
	captureLogs();
	sandbox = await fastSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	fastPolicies();
});

interface Tally {
	success: INodeExecutionData[];
	errors: INodeExecutionData[];
	ambiguous: INodeExecutionData[];
}

/** One output per input, each paired with its own item; errors name that item. */
function tally(items: INodeExecutionData[], docs: Doc[]): Tally {
	const paired = items.map((item) => (item.pairedItem as { item: number }).item);
	expect(paired.sort((a, b) => a - b)).toEqual(docs.map((_, index) => index));
	const success: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	for (const item of items) {
		const index = (item.pairedItem as { item: number }).item;
		if (isErrorItem(item)) {
			errors.push(item);
			const text = errorText(item);
			expect(text).toMatch(new RegExp(`\\[item ${index}\\]|Item ${index}\\b`));
		} else {
			success.push(item);
		}
	}
	return { success, errors, ambiguous: errors.filter(isAmbiguous) };
}

function routeCount(stats: SandboxStats, method: string, pattern: RegExp, exceptStatus: number[] = []): number {
	return stats.rows
		.filter((row) => row.method === method && pattern.test(row.route) && !exceptStatus.includes(row.status))
		.reduce((sum, row) => sum + row.count, 0);
}

function fields(data: unknown): IDataObject {
	const value = (data ?? {}) as IDataObject;
	return ((value.invoice_details as IDataObject | undefined) ?? value) as IDataObject;
}

test('nock is not loaded: the suite talks real HTTP', () => {
	expect(nockLoaded()).toBe(false);
});

test(`Raydocs: ${COUNT} documents, batch create + auto-extract + wait, faults on`, async () => {
	const docs = invoices(COUNT, 'RD');
	const input = await inputItems(docs);
	sandbox.setFaults(standardFaults(101));
	const result = await runNode({
		nodeType: new Raydocs(),
		parameters: {
			resource: 'batch',
			operation: 'createSessions',
			template: byId(DEMO_IDS.raydocsTemplateId),
			autoExtract: true,
			waitForCompletion: true,
			options: { maxWaitMinutes: 2 },
		},
		credentials: raydocsCreds(sandbox),
		input,
		continueOnFail: true,
	});
	sandbox.setFaults({ rules: [] });
	remember(result);
	expect(result.error).toBeUndefined();
	const { success, errors, ambiguous } = tally(result.items, docs);
	for (const item of success) {
		const doc = docs[(item.pairedItem as { item: number }).item];
		expect(item.json.filename).toBe(doc.fileName);
		expect(item.json.status).toBe('completed');
		expect(fields(item.json.data)).toMatchObject(expectedInvoiceFields(doc.spec));
	}
	expect(new Set(success.map((item) => item.json.session_id)).size).toBe(success.length);

	const stats = sandbox.stats();
	const sessions = stats.resources.raydocs?.sessions ?? 0;
	expect(sessions).toBeGreaterThanOrEqual(success.length);
	expect(sessions).toBeLessThanOrEqual(success.length + ambiguous.length);
	// The batch create POST creates sessions and has no idempotency key: never sent twice (429s aside).
	const batchCalls = Math.ceil(COUNT / 50);
	expect(routeCount(stats, 'POST', /sessions\/batch$/, [429])).toBe(batchCalls);
	// Errors are whole failed batches (5xx/reset on the create), each reported per item.
	expect(errors.length % 50).toBe(0);
	expect(stats.faults.injected.status ?? 0).toBeGreaterThan(0);
	expect(stats.faults.resetAfterHandling ?? 0).toBeGreaterThan(0);
});

test(`LlamaExtract: ${COUNT} documents, job create (file upload in the same call) + wait, faults on`, async () => {
	const docs = invoices(COUNT, 'LL');
	const input = await inputItems(docs);
	sandbox.setFaults(standardFaults(202));
	const result = await runNode({
		nodeType: new LlamaExtract(),
		parameters: {
			resource: 'job',
			operation: 'create',
			agent: byId(DEMO_IDS.llamaAgentId),
			fileSource: 'binary',
			waitForCompletion: true,
		},
		credentials: llamaCreds(sandbox),
		input,
		continueOnFail: true,
	});
	sandbox.setFaults({ rules: [] });
	remember(result);
	expect(result.error).toBeUndefined();
	const { success, ambiguous, errors } = tally(result.items, docs);
	for (const item of success) {
		const doc = docs[(item.pairedItem as { item: number }).item];
		expect(fields(item.json.data)).toMatchObject(expectedInvoiceFields(doc.spec));
	}
	const stats = sandbox.stats();
	const jobs = stats.resources.llamacloud?.jobs ?? 0;
	expect(jobs).toBeGreaterThanOrEqual(success.length);
	expect(jobs).toBeLessThanOrEqual(success.length + ambiguous.length);
	// One job create per document at most (429s are safe to repeat, nothing else is).
	expect(routeCount(stats, 'POST', /extraction\/jobs\/file$/, [429])).toBe(COUNT);
	expect(errors.length).toBeGreaterThan(0);
	expect(ambiguous.length).toBeGreaterThan(0);
});

test(`PerfectParser: ${COUNT} documents, submit (Idempotency-Key) + wait, faults on: no duplicates`, async () => {
	const docs = invoices(COUNT, 'PP');
	const input = await inputItems(docs);
	await admin(sandbox, 'POST', '/_sandbox/perfectparser/credits', { credits: 100_000 });
	sandbox.setFaults(standardFaults(303));
	const result = await runNode({
		nodeType: new PerfectParser(),
		parameters: {
			resource: 'extraction',
			operation: 'submit',
			parser: byId(DEMO_IDS.perfectParserParserId),
			waitForCompletion: true,
			options: { maxWaitMinutes: 2 },
		},
		credentials: ppCreds(sandbox),
		input,
		continueOnFail: true,
	});
	sandbox.setFaults({ rules: [] });
	remember(result);
	expect(result.error).toBeUndefined();
	const { success } = tally(result.items, docs);
	for (const item of success) {
		const doc = docs[(item.pairedItem as { item: number }).item];
		expect(item.json.filename).toBe(doc.fileName);
		expect(item.json.extracted_data).toMatchObject(expectedInvoiceFields(doc.spec));
	}
	const stats = sandbox.stats();
	// Retries carried the same key: one extraction per 50-file request, no document twice.
	expect(stats.resources.perfectparser?.extractions).toBe(Math.ceil(COUNT / 50));
	expect(Object.keys(stats.duplicateDocuments.perfectparser ?? {})).toEqual([]);
	expect(success.length).toBe(COUNT);
});

test('PerfectParser: the same files in two executions (a re-run, or the same invoices again), faults on: 0 duplicate billable creates', async () => {
	const count = 120;
	const docs = invoices(count, 'PP2');
	await admin(sandbox, 'POST', '/_sandbox/perfectparser/credits', { credits: 100_000 });
	sandbox.setFaults(standardFaults(404));
	const run = async (executionId: string) =>
		await runNode({
			nodeType: new PerfectParser(),
			parameters: { resource: 'extraction', operation: 'submit', parser: byId(DEMO_IDS.perfectParserParserId), waitForCompletion: true, options: { maxWaitMinutes: 2 } },
			credentials: ppCreds(sandbox),
			// Each execution reads its own copy of the files.
			input: await inputItems(docs),
			continueOnFail: true,
			executionId,
		});
	const first = await run('exec-first');
	const charged = sandbox.stats().credits.perfectParserCharged;
	const second = await run('exec-second');
	sandbox.setFaults({ rules: [] });
	remember(first);
	remember(second);
	for (const result of [first, second]) {
		expect(result.error).toBeUndefined();
		expect(tally(result.items, docs).success.length).toBe(count);
	}
	const stats = sandbox.stats();
	// One extraction per 50-file request over both executions; nothing charged by the second.
	expect(stats.resources.perfectparser?.extractions).toBe(Math.ceil(count / 50));
	expect(Object.keys(stats.duplicateDocuments.perfectparser ?? {})).toEqual([]);
	expect(stats.credits.perfectParserCharged).toBe(charged);
	expect(stats.idempotentReplays.perfectparser).toBeGreaterThanOrEqual(Math.ceil(count / 50));
	expect(second.items.every((item) => item.json.idempotent_replay === true)).toBe(true);
	expect(second.items.map((item) => item.json.document_id).sort()).toEqual(first.items.map((item) => item.json.document_id).sort());
});

test('no token in any output, error or log line', () => {
	expect(tokenLeaks(ALL_TOKENS)).toEqual([]);
});
