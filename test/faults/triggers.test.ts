/**
 * Each polling trigger over 30 poll cycles with the standard faults on, bursts larger than one
 * page, and a restart in the middle (static data through JSON into a fresh node instance and
 * context — every poll already goes through JSON, as n8n persists it): every completion that
 * happened after activation is emitted exactly once, and nothing else is.
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { DEMO_IDS, makeInvoicePdf, type Sandbox } from '../../dev/sandbox';
import { LlamaExtractTrigger } from '../../nodes/LlamaExtract/LlamaExtractTrigger.node';
import { PerfectParserTrigger } from '../../nodes/PerfectParser/PerfectParserTrigger.node';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { RaydocsTrigger } from '../../nodes/Raydocs/RaydocsTrigger.node';
import { runNode, runPoll, type CredentialMap } from '../../dev/harness/n8nContext';
import { inputItems, invoices } from './documents';
import {
	admin,
	ALL_TOKENS,
	byId,
	captureLogs,
	fastPolicies,
	fastSandbox,
	llamaCreds,
	logLines,
	ppCreds,
	raydocsCreds,
	remember,
	standardFaults,
	tokenLeaks,
} from './harness';

const CYCLES = 30;
const RESTART_AT = 15;
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

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

interface Feed {
	nodeType: () => INodeType;
	parameters: IDataObject;
	credentials: CredentialMap;
	/** Creates completions (faults off) at some cycles; returns the ids that will complete. */
	burst(cycle: number): Promise<string[]>;
	idOf(item: INodeExecutionData): string;
}

/** Runs the feed; returns how often each id was emitted, and the ids created. */
async function runCycles(feed: Feed): Promise<{ emitted: Map<string, number>; created: Set<string>; failedPolls: number }> {
	let stored: IDataObject = {};
	let nodeType = feed.nodeType();
	const emitted = new Map<string, number>();
	const created = new Set<string>();
	let failedPolls = 0;
	const poll = async () => {
		const staticData = JSON.parse(JSON.stringify(stored)) as IDataObject;
		const setup = { nodeType, parameters: feed.parameters, credentials: feed.credentials, staticData };
		const result = await runPoll(setup);
		remember(result);
		stored = JSON.parse(JSON.stringify(setup.staticData)) as IDataObject;
		if (result.error) failedPolls++;
		for (const item of result.items ?? []) {
			const id = feed.idOf(item);
			expect(id).toBeTruthy();
			emitted.set(id, (emitted.get(id) ?? 0) + 1);
		}
	};

	// Activation: remembers "now", emits nothing.
	await poll();
	expect(emitted.size).toBe(0);
	for (let cycle = 1; cycle <= CYCLES; cycle++) {
		sandbox.setFaults({ rules: [] });
		for (const id of await feed.burst(cycle)) created.add(id);
		await sleep(40);
		if (cycle === RESTART_AT) {
			// Restart: a new node instance; the state survives only as JSON.
			nodeType = feed.nodeType();
			stored = JSON.parse(JSON.stringify(stored)) as IDataObject;
		}
		sandbox.setFaults(standardFaults(1000 + cycle));
		await poll();
	}
	// Drain without faults: whatever is still due must come, once.
	sandbox.setFaults({ rules: [] });
	for (let extra = 0; extra < 12 && [...created].some((id) => !emitted.has(id)); extra++) {
		await sleep(400);
		await poll();
	}
	// Every poll failing would be a set-up mistake, not a fault.
	expect(failedPolls).toBeLessThan(CYCLES / 2);
	return { emitted, created, failedPolls };
}

function expectExactlyOnce(outcome: { emitted: Map<string, number>; created: Set<string> }, minCreated: number): void {
	expect(outcome.created.size).toBeGreaterThanOrEqual(minCreated);
	const missing = [...outcome.created].filter((id) => !outcome.emitted.has(id));
	const twice = [...outcome.emitted].filter(([, count]) => count > 1).map(([id]) => id);
	const unknown = [...outcome.emitted.keys()].filter((id) => !outcome.created.has(id));
	expect({ missing, twice, unknown }).toEqual({ missing: [], twice: [], unknown: [] });
}

/** Cycles with bursts: one larger than a page (100), smaller ones, and one right after the restart. */
const BURSTS: Record<number, number> = { 3: 150, 9: 7, 15: 40, 16: 1, 22: 120, 28: 5 };

async function raw(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<IDataObject> {
	const response = await fetch(url, {
		method,
		headers: body instanceof FormData ? headers : { 'Content-Type': 'application/json', ...headers },
		body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 200)}`);
	return JSON.parse(text) as IDataObject;
}

test('Raydocs Trigger, Workflow Run Completed (cursor): each run once over 30 faulty polls with a restart', async () => {
	const workflowId = DEMO_IDS.raydocsWorkflowId;
	const outcome = await runCycles({
		nodeType: () => new RaydocsTrigger(),
		parameters: { event: 'workflowRunCompleted', workspace: byId(String(DEMO_IDS.raydocsWorkspaceId)), workflowId },
		credentials: raydocsCreds(sandbox),
		async burst(cycle) {
			const count = BURSTS[cycle];
			if (!count) return [];
			const body = await admin<{ data: IDataObject[] }>(sandbox, 'POST', `/_sandbox/raydocs/workflows/${workflowId}/runs`, {
				count,
				completed_at: new Date().toISOString(),
			});
			return body.data.map((run) => String(run.id));
		},
		idOf: (item) => String(item.json.id ?? item.json.run_id ?? ''),
	});
	expectExactlyOnce(outcome, 323);
});

test('Raydocs Trigger, Extraction Completed in Watched Sessions: each new run once over 30 faulty polls with a restart', async () => {
	// 60 sessions, extracted once before activation (those runs are history, not emitted).
	const docs = invoices(60, 'WS');
	const created = await runNode({
		nodeType: new Raydocs(),
		parameters: {
			resource: 'batch',
			operation: 'createSessions',
			template: byId(DEMO_IDS.raydocsTemplateId),
			autoExtract: true,
			waitForCompletion: true,
		},
		credentials: raydocsCreds(sandbox),
		input: await inputItems(docs),
	});
	expect(created.error).toBeUndefined();
	const sessionIds = created.items.map((item) => String(item.json.session_id));
	expect(new Set(sessionIds).size).toBe(60);
	const waves: Record<number, number> = { 3: 60, 10: 20, 15: 30, 22: 45 };
	let next = 0;
	const outcome = await runCycles({
		nodeType: () => new RaydocsTrigger(),
		parameters: { event: 'extractionCompleted', sessionIds: sessionIds.join(', ') },
		credentials: raydocsCreds(sandbox),
		async burst(cycle) {
			const ids: string[] = [];
			for (let i = 0; i < (waves[cycle] ?? 0); i++) {
				const session = sessionIds[next++ % sessionIds.length];
				const run = await raw('POST', `${sandbox.raydocsUrl}/extractions/sessions/${session}/results`, {
					Authorization: `Bearer ${sandbox.tokens.raydocs}`,
				});
				ids.push(String(run.id));
			}
			return ids;
		},
		idOf: (item) => String(item.json.result_id ?? item.json.id ?? ''),
	});
	expectExactlyOnce(outcome, 155);
});

test('LlamaExtract Trigger, Extraction Job Completed: each job once over 30 faulty polls with a restart', async () => {
	const auth = { Authorization: `Bearer ${sandbox.tokens.llama}` };
	let fileId = '';
	const outcome = await runCycles({
		nodeType: () => new LlamaExtractTrigger(),
		parameters: { event: 'extractJobCompleted' },
		credentials: llamaCreds(sandbox),
		async burst(cycle) {
			const count = BURSTS[cycle];
			if (!count) return [];
			if (!fileId) {
				const form = new FormData();
				form.append('file', new Blob([makeInvoicePdf({ invoiceNumber: 'LT-1', date: '2024-05-01', total: 10, vendor: 'V' })]), 'lt.pdf');
				form.append('purpose', 'extract');
				fileId = String((await raw('POST', `${sandbox.llamaUrl}/api/v1/beta/files`, auth, form)).id);
			}
			const ids: string[] = [];
			for (let i = 0; i < count; i++) {
				const job = await raw('POST', `${sandbox.llamaUrl}/api/v2/extract`, auth, {
					file_input: fileId,
					configuration_id: DEMO_IDS.llamaConfigurationId,
				});
				ids.push(String(job.id));
			}
			return ids;
		},
		idOf: (item) => String(item.json.job_id ?? item.json.id ?? ''),
	});
	expectExactlyOnce(outcome, 323);
});

test('PerfectParser Trigger (Delivery: Polling): each extraction once over 30 faulty polls with a restart', async () => {
	await admin(sandbox, 'POST', '/_sandbox/perfectparser/credits', { credits: 100_000 });
	let serial = 0;
	const outcome = await runCycles({
		nodeType: () => new PerfectParserTrigger(),
		parameters: { delivery: 'polling', statuses: ['completed'] },
		credentials: ppCreds(sandbox),
		async burst(cycle) {
			const count = BURSTS[cycle];
			if (!count) return [];
			const ids: string[] = [];
			for (let i = 0; i < count; i++) {
				const form = new FormData();
				form.append('parser_id', DEMO_IDS.perfectParserParserId);
				const bytes = makeInvoicePdf({ invoiceNumber: `PT-${serial++}`, date: '2024-05-01', total: 10, vendor: 'V' });
				form.append('files', new Blob([bytes], { type: 'application/pdf' }), `pt-${serial}.pdf`);
				const body = await raw('POST', `${sandbox.perfectParserUrl}/v1/extractions`, { 'X-API-Key': sandbox.tokens.perfectParser }, form);
				const extraction = ((body.extraction ?? body.data ?? body) as IDataObject).extraction_id;
				ids.push(String(extraction));
			}
			return ids;
		},
		idOf: (item) => String(item.json.extraction_id ?? item.json.id ?? ''),
	});
	expectExactlyOnce(outcome, 323);
});

test('failed polls were logged as warnings, and no token appears in any output, error or log line', () => {
	expect(logLines.some((line) => line.startsWith('warn'))).toBe(true);
	expect(tokenLeaks(ALL_TOKENS)).toEqual([]);
});
