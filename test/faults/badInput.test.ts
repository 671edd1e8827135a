/**
 * Bad-input matrix across the three services, against the sandbox over real HTTP: each bad item
 * gets an error that names it and says how to fix it, and under Continue On Fail the good items
 * around it still succeed. Per-item values come from expressions on the item's JSON.
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { DEMO_IDS, makeInvoicePdf, type Sandbox } from '../../dev/sandbox';
import { LlamaExtract } from '../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { binaryItem, runNode, type CredentialMap, type RunResult } from '../../dev/harness/n8nContext';
import { inputItems, invoices } from './documents';
import {
	admin,
	ALL_TOKENS,
	byId,
	captureLogs,
	errorText,
	fastPolicies,
	fastSandbox,
	isErrorItem,
	llamaCreds,
	nockLoaded,
	ppCreds,
	raydocsCreds,
	remember,
	tokenLeaks,
} from './harness';

let sandbox: Sandbox;
/** Ids of things that exist, for the good items. */
const good: { resultIds: string[]; sessionIds: string[]; llamaJobIds: string[]; ppExtractionIds: string[] } = {
	resultIds: [],
	sessionIds: [],
	llamaJobIds: [],
	ppExtractionIds: [],
};

const UNKNOWN_UUID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const TEMPLATE = byId(DEMO_IDS.raydocsTemplateId);
const AGENT = byId(DEMO_IDS.llamaAgentId);
const PARSER = byId(DEMO_IDS.perfectParserParserId);

beforeAll(async () => {
	captureLogs();
	fastPolicies();
	sandbox = await fastSandbox();
	await admin(sandbox, 'POST', '/_sandbox/perfectparser/credits', { credits: 100_000 });
	const rd = await runNode({
		nodeType: new Raydocs(),
		parameters: { resource: 'batch', operation: 'createSessions', template: TEMPLATE, autoExtract: true, waitForCompletion: true },
		credentials: raydocsCreds(sandbox),
		input: await inputItems(invoices(2, 'BI')),
	});
	expect(rd.error).toBeUndefined();
	good.resultIds = rd.items.map((item) => String(item.json.result_id));
	good.sessionIds = rd.items.map((item) => String(item.json.session_id));
	const ll = await runNode({
		nodeType: new LlamaExtract(),
		parameters: { resource: 'job', operation: 'create', agent: AGENT, fileSource: 'binary', waitForCompletion: false },
		credentials: llamaCreds(sandbox),
		input: await inputItems(invoices(2, 'BL')),
	});
	expect(ll.error).toBeUndefined();
	good.llamaJobIds = ll.items.map((item) => String(item.json.job_id ?? item.json.id));
	// Two submits: two extractions, so each good item of a results case names its own.
	for (const prefix of ['BP', 'BQ']) {
		const pp = await runNode({
			nodeType: new PerfectParser(),
			parameters: { resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: true },
			credentials: ppCreds(sandbox),
			input: await inputItems(invoices(1, prefix)),
		});
		expect(pp.error).toBeUndefined();
		good.ppExtractionIds.push(String(pp.items[0].json.extraction_id));
	}
});
afterAll(async () => await sandbox.close());
beforeEach(() => fastPolicies());

const pdf = (n: number) => makeInvoicePdf({ invoiceNumber: `M-${n}`, date: '2024-02-02', total: n, vendor: 'Matrix' });

/** good, BAD, good: the bad one is item 1. */
async function files(bad: () => Promise<INodeExecutionData>, offset: number): Promise<INodeExecutionData[]> {
	return [
		await binaryItem(pdf(offset), `m${offset}.pdf`, 'application/pdf'),
		await bad(),
		await binaryItem(pdf(offset + 1), `m${offset + 1}.pdf`, 'application/pdf'),
	];
}

const noBinary = async (): Promise<INodeExecutionData> => ({ json: { note: 'no file here' } });
const emptyFile = async () => await binaryItem(Buffer.alloc(0), 'empty.pdf', 'application/pdf');
const wrongType = async () => await binaryItem(Buffer.from('MZ\x90\x00 not a document'), 'setup.exe', 'application/x-msdownload');
const ids = (values: string[]): INodeExecutionData[] => values.map((v) => ({ json: { v } }));

interface Case {
	name: string;
	nodeType: () => INodeType;
	parameters: IDataObject;
	input: () => Promise<INodeExecutionData[]>;
	credentials: () => CredentialMap;
	/** The bad item (the others must succeed). */
	bad: number;
	/** What the error must say (besides naming the item). */
	says: RegExp;
	/** What the fix in the error's description must say. */
	fix: RegExp;
}

const rd = (name: string, parameters: IDataObject, input: Case['input'], says: RegExp, fix: RegExp, extra: Partial<Case> = {}): Case => ({
	name: `Raydocs: ${name}`,
	nodeType: () => new Raydocs(),
	parameters,
	input,
	credentials: () => raydocsCreds(sandbox),
	bad: 1,
	says,
	fix,
	...extra,
});
const ll = (name: string, parameters: IDataObject, input: Case['input'], says: RegExp, fix: RegExp, extra: Partial<Case> = {}): Case => ({
	name: `LlamaExtract: ${name}`,
	nodeType: () => new LlamaExtract(),
	parameters,
	input,
	credentials: () => llamaCreds(sandbox),
	bad: 1,
	says,
	fix,
	...extra,
});
const pp = (name: string, parameters: IDataObject, input: Case['input'], says: RegExp, fix: RegExp, extra: Partial<Case> = {}): Case => ({
	name: `PerfectParser: ${name}`,
	nodeType: () => new PerfectParser(),
	parameters,
	input,
	credentials: () => ppCreds(sandbox),
	bad: 1,
	says,
	fix,
	...extra,
});

const rdBatch = { resource: 'batch', operation: 'createSessions', template: TEMPLATE, autoExtract: true, waitForCompletion: true };
const rdResult = { resource: 'result', operation: 'get', resultId: '={{ $json.v }}' };
const rdSession = { resource: 'session', operation: 'get', sessionId: '={{ $json.v }}' };
const llJob = { resource: 'job', operation: 'create', agent: AGENT, fileSource: 'binary', waitForCompletion: false };
const llGet = { resource: 'job', operation: 'get', jobId: '={{ $json.v }}' };
const ppSubmit = { resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false };
const ppStatus = { resource: 'extraction', operation: 'getStatus', extractionId: '={{ $json.v }}' };
const ppResults = { resource: 'extraction', operation: 'getResults', extractionId: '={{ $json.v }}' };

const CASES: Case[] = [
	rd('missing binary', rdBatch, async () => await files(noBinary, 10), /no binary field "data"/, /Read Files from Disk|Input Binary Field/),
	rd('empty file', rdBatch, async () => await files(emptyFile, 20), /is empty/, /0 bytes/),
	rd('wrong file type', rdBatch, async () => await files(wrongType, 30), /file type this service does not accept/, /Accepted types: PDF/),
	rd('storage key unknown to Raydocs (422)', { ...rdBatch, source: 'keys', fileKeys: '={{ $json.v }}' }, async () => [], /./, /./, {
		// One item per call here: a batch answer is all-or-nothing for its files.
		input: async () => ids(['tmp/00000000-0000-4000-8000-000000000000']),
		bad: 0,
		says: /rejected the request|unknown|not found|invalid/i,
		fix: /Correct|key|upload/i,
	}),
	rd('result id not a UUID', rdResult, async () => ids([good.resultIds[0], 'not-a-uuid', good.resultIds[1]]), /not a valid|UUID/i, /./),
	rd('result 404', rdResult, async () => ids([good.resultIds[0], UNKNOWN_UUID, good.resultIds[1]]), /Result .* was not found/, /Check the ID/),
	rd('session 404', rdSession, async () => ids([good.sessionIds[0], UNKNOWN_UUID, good.sessionIds[1]]), /Session .* was not found/, /Check the ID/),
	rd('401 revoked token', rdResult, async () => ids([good.resultIds[0]]), /did not accept/, /credential/i, {
		bad: 0,
		credentials: () => raydocsCreds(sandbox, 'rd_live_revoked_or_mistyped_token'),
	}),
	rd('403 read-only token writes', { resource: 'session', operation: 'create', template: TEMPLATE, name: 'x' }, async () => [{ json: {} }], /lacks the "sessions-write" ability/, /ability/, {
		bad: 0,
		credentials: () => raydocsCreds(sandbox, sandbox.tokens.raydocsReadOnly),
	}),
	rd('template schema is not JSON', { resource: 'template', operation: 'create', workspace: byId('1'), name: 'T', schema: '={{ $json.v }}' }, async () => ids(['{"groups": [}']), /JSON|schema/i, /./, { bad: 0 }),

	ll('missing binary', llJob, async () => await files(noBinary, 40), /no binary field "data"/, /Input Binary Field|Read Files/),
	ll('empty file', llJob, async () => await files(emptyFile, 50), /is empty/, /0 bytes/),
	ll('job 404', llGet, async () => ids([good.llamaJobIds[0], UNKNOWN_UUID, good.llamaJobIds[1]]), /not found/i, /ID/),
	ll('job id empty', llGet, async () => ids([good.llamaJobIds[0], ' ', good.llamaJobIds[1]]), /Job ID|empty|valid/i, /./),
	ll('agent 404', { ...llJob, agent: byId(UNKNOWN_UUID) }, async () => [await binaryItem(pdf(60), 'm60.pdf', 'application/pdf')], /Agent .* was not found|not found/i, /ID/, { bad: 0 }),
	ll('401 bad key', llGet, async () => ids([good.llamaJobIds[0]]), /did not accept|API key/i, /credential/i, {
		bad: 0,
		credentials: () => llamaCreds(sandbox, 'llx-mistyped-key'),
	}),
	ll('agent data schema is not JSON', { resource: 'agent', operation: 'create', name: 'bad-schema', dataSchema: '={{ $json.v }}' }, async () => ids(['{"type": "object", "properties": ']), /JSON|Schema/i, /./, { bad: 0 }),
	ll('extract on a file LlamaCloud does not have (404)', {
		resource: 'extract',
		operation: 'create',
		fileSource: 'fileId',
		fileId: '={{ $json.v }}',
		configurationSource: 'saved',
		configuration: byId(DEMO_IDS.llamaConfigurationId),
		waitForCompletion: false,
	}, async () => ids(['dfl-00000000-0000-4000-8000-000000000000']), /not found/i, /Check the ID/, { bad: 0 }),

	pp('missing binary', ppSubmit, async () => await files(noBinary, 70), /no binary field "data"/, /Input Binary Field|Read Files/),
	pp('empty file', ppSubmit, async () => await files(emptyFile, 80), /is empty/, /0 bytes/),
	pp('wrong file type', ppSubmit, async () => await files(wrongType, 90), /file type this service does not accept/, /Accepted types: PDF/),
	pp('oversized file', { ...ppSubmit, options: { maxFileSizeMb: 0.01 } }, async () => [
		await binaryItem(Buffer.alloc(4000, 1), 'small.pdf', 'application/pdf'),
		await binaryItem(Buffer.concat([pdf(100), Buffer.alloc(20_000, 32)]), 'big.pdf', 'application/pdf'),
		await binaryItem(Buffer.alloc(5000, 2), 'small2.pdf', 'application/pdf'),
	], /over the 0.01 MB limit/, /Split or compress|Max File Size/),
	pp('extraction 404', ppStatus, async () => ids([good.ppExtractionIds[0], 'ext_does_not_exist', good.ppExtractionIds[1]]), /not found/i, /ID/),
	pp('results of unknown extraction', ppResults, async () => ids([good.ppExtractionIds[0], 'ext_nope', good.ppExtractionIds[1]]), /not found/i, /ID/),
	pp('parser 404', { ...ppSubmit, parser: byId('prs_no_such_parser') }, async () => [await binaryItem(pdf(110), 'm110.pdf', 'application/pdf')], /Parser .* was not found|not found/i, /ID|parser/i, { bad: 0 }),
	pp('401 bad key', ppStatus, async () => ids([good.ppExtractionIds[0]]), /did not accept|API key/i, /credential/i, {
		bad: 0,
		credentials: () => ppCreds(sandbox, 'pp_live_mistyped'),
	}),
	pp('402 out of credits', { ...ppSubmit, parser: byId('prs_broke_account_parser') }, async () => [await binaryItem(pdf(120), 'm120.pdf', 'application/pdf')], /credit/i, /credit|plan|top up|buy/i, {
		bad: 0,
		credentials: () => ppCreds(sandbox, 'pp_live_broke_account'),
	}),
];

beforeAll(async () => {
	// An account with no credits left for the 402 case.
	await admin(sandbox, 'POST', '/_sandbox/perfectparser/accounts', { api_key: 'pp_live_broke_account', credits: 0 });
	await admin(sandbox, 'POST', '/_sandbox/perfectparser/parsers', {
		api_key: 'pp_live_broke_account',
		name: 'Invoices',
		parser_id: 'prs_broke_account_parser',
		fields: [{ name: 'invoice_number', type: 'string' }],
	});
});

test('the matrix has at least 25 cases and nock is not loaded', () => {
	expect(CASES.length).toBeGreaterThanOrEqual(25);
	expect(nockLoaded()).toBe(false);
});

test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
	const input = await c.input();
	const result: RunResult = await runNode({ nodeType: c.nodeType(), parameters: c.parameters, credentials: c.credentials(), input, continueOnFail: true });
	remember(result);
	expect(result.error).toBeUndefined();
	const byItem = new Map<number, INodeExecutionData[]>();
	for (const item of result.items) {
		const index = (item.pairedItem as { item: number }).item;
		byItem.set(index, [...(byItem.get(index) ?? []), item]);
	}
	expect([...byItem.keys()].sort()).toEqual(input.map((_, index) => index));
	const bad = byItem.get(c.bad)!;
	expect(bad).toHaveLength(1);
	const text = errorText(bad[0]);
	expect(isErrorItem(bad[0])).toBe(true);
	expect(text).toMatch(new RegExp(`\\[item ${c.bad}\\]|Item ${c.bad}\\b`));
	expect(text).toMatch(c.says);
	expect(String(bad[0].json.errorDescription ?? '')).toMatch(c.fix);
	for (const [index, outputs] of byItem) {
		if (index === c.bad) continue;
		for (const output of outputs) expect(isErrorItem(output)).toBe(false);
	}

	// Without Continue On Fail the same input stops with that error, naming the item.
	const strict = await runNode({ nodeType: c.nodeType(), parameters: c.parameters, credentials: c.credentials(), input: await c.input() });
	remember(strict);
	expect(strict.error?.message).toMatch(new RegExp(`\\[item ${c.bad}\\]|Item ${c.bad}\\b`));
});

test('PerfectParser: a submit request that fails gives each of its items an error naming that item', async () => {
	const input = [0, 1, 2].map(async (n) => await binaryItem(pdf(200 + n), `s${n}.pdf`, 'application/pdf'));
	const result = await runNode({
		nodeType: new PerfectParser(),
		parameters: ppSubmit,
		credentials: ppCreds(sandbox, 'pp_live_mistyped'),
		input: await Promise.all(input),
		continueOnFail: true,
	});
	remember(result);
	expect(result.items).toHaveLength(3);
	result.items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(isErrorItem(item)).toBe(true);
		expect(errorText(item)).toContain(`[item ${index}]`);
		expect(String(item.json.errorDescription)).toMatch(/credential/i);
	});
});

test('no token in any output, error or log line', () => {
	expect(tokenLeaks([...ALL_TOKENS, 'rd_live_revoked_or_mistyped_token', 'llx-mistyped-key', 'pp_live_mistyped', 'pp_live_broke_account'])).toEqual([]);
});
