/**
 * The Raydocs Trigger against the sandbox emulator over real HTTP: workflow runs in cursor mode
 * (signed cursor, ties on completed_at, current second withheld), watched sessions whose runs
 * the Raydocs node started, and processed workspace documents. Every completion after
 * activation is emitted once; a restart (static data through JSON into a new node) changes
 * nothing; a service outage is logged and resumed from. SANDBOX_VARIANT=docs runs the same tests
 * against the forms the documentation pages print (workflow-runs clock three hours behind the
 * host's, `parsed` documents, a status filter the server ignores, slim session embeds).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_IDS, makeInvoicePdf, resolveOptions, startSandbox, type Sandbox, type VariantName } from '../../dev/sandbox';
import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { RaydocsTrigger } from '../../nodes/Raydocs/RaydocsTrigger.node';
import { binaryItem, core, runNode, runPoll, type CredentialMap } from '../../dev/harness/n8nContext';
import { fastRetries } from '../helpers/raydocs';

const VARIANT = (process.env.SANDBOX_VARIANT ?? 'default') as VariantName;
/** The sandbox's workflow-runs clock (hours off the host's in the docs variant). */
const serverNow = () => Date.now() + resolveOptions({ variant: VARIANT }).raydocs.serverTimeOffsetMs;

let sandbox: Sandbox;
let credentials: CredentialMap;
const WORKSPACE = { __rl: true, mode: 'id', value: String(DEMO_IDS.raydocsWorkspaceId) };
const WORKFLOW = DEMO_IDS.raydocsWorkflowId;

beforeAll(async () => {
	sandbox = await startSandbox({ variant: VARIANT, timing: { parseMs: 15, extractMs: 25, jitterMs: 10 }, rateLimits: { enabled: false } });
	credentials = { raydocsApi: { type: new RaydocsApi(), data: { accessToken: sandbox.tokens.raydocs, baseUrl: sandbox.raydocsUrl } } };
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	fastRetries();
});
afterEach(() => jest.restoreAllMocks());

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** A poll by a new node instance over static data persisted as JSON, as n8n keeps it. */
async function poll(parameters: IDataObject, store: { data: IDataObject }, mode?: 'manual'): Promise<{ items: INodeExecutionData[] | null; error?: Error }> {
	const staticData = JSON.parse(JSON.stringify(store.data)) as IDataObject;
	const result = await runPoll({ nodeType: new RaydocsTrigger(), parameters, credentials, staticData, mode });
	store.data = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	return result;
}

async function admin<T>(path: string, body: unknown): Promise<T> {
	const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

function spyOnWarn(): jest.SpyInstance {
	let proto: object | null = core.PollContext.prototype;
	while (proto && !Object.getOwnPropertyDescriptor(proto, 'logger')) proto = Object.getPrototypeOf(proto) as object | null;
	const getter = (Object.getOwnPropertyDescriptor(proto as object, 'logger') as PropertyDescriptor).get as () => { warn: () => void };
	return jest.spyOn(getter.call({}), 'warn').mockImplementation(() => undefined);
}

/** Polls until `expected` ids were emitted (or a bound is hit), collecting every emitted id. */
async function pollUntil(parameters: IDataObject, store: { data: IDataObject }, idOf: (json: IDataObject) => string, expected: number): Promise<string[]> {
	const seen: string[] = [];
	for (let i = 0; i < 60 && seen.length < expected; i++) {
		const result = await poll(parameters, store);
		expect(result.error).toBeUndefined();
		seen.push(...(result.items ?? []).map((item) => idOf(item.json)));
		if (seen.length < expected) await sleep(100);
	}
	return seen;
}

async function createSessions(count: number, prefix: string): Promise<string[]> {
	const input = await Promise.all(
		Array.from({ length: count }, async (_, i) =>
			await binaryItem(makeInvoicePdf({ invoiceNumber: `${prefix}-${i}`, date: '2024-05-01', total: 100 + i, vendor: `Vendor ${prefix} ${i}` }), `${prefix}-${i}.pdf`, 'application/pdf'),
		),
	);
	const created = await runNode({
		nodeType: new Raydocs(),
		parameters: { resource: 'batch', operation: 'createSessions', template: { __rl: true, mode: 'id', value: DEMO_IDS.raydocsTemplateId }, autoExtract: true, waitForCompletion: true },
		credentials,
		input,
	});
	expect(created.error).toBeUndefined();
	return created.items.map((item) => String(item.json.session_id));
}

describe(`Workflow Run Completed against the sandbox (${VARIANT})`, () => {
	const params = { event: 'workflowRunCompleted', workspace: WORKSPACE, workflowId: WORKFLOW };
	const runId = (json: IDataObject) => String(json.run_id);

	test('runs before activation are history; a burst of 250 runs completing in the same instant is emitted once each, across a restart', async () => {
		await admin(`/_sandbox/raydocs/workflows/${WORKFLOW}/runs`, { count: 3, created_at: new Date(serverNow() - 60_000).toISOString(), completed_at: new Date(serverNow() - 30_000).toISOString() });
		const store = { data: {} as IDataObject };
		expect((await poll(params, store)).items).toBeNull();
		await sleep(5);

		// Same completed_at for all: the page boundaries fall inside the tie; the signed cursor breaks it by id.
		const completedAt = new Date(serverNow() - 1000).toISOString();
		const burst = await admin<{ data: IDataObject[] }>(`/_sandbox/raydocs/workflows/${WORKFLOW}/runs`, { count: 250, completed_at: completedAt });
		const first = await poll(params, store);
		expect(first.error).toBeUndefined();
		const emitted = (first.items ?? []).map((item) => runId(item.json));
		expect(emitted.sort()).toEqual(burst.data.map((run) => String(run.id)).sort());

		// Restart: a new node over the persisted static data.
		const restarted = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		expect((await poll(params, restarted)).items).toBeNull();
		const more = await admin<{ data: IDataObject[] }>(`/_sandbox/raydocs/workflows/${WORKFLOW}/runs`, { count: 5, completed_at: new Date(serverNow() - 1000).toISOString() });
		const again = await pollUntil(params, restarted, runId, 5);
		expect(again.sort()).toEqual(more.data.map((run) => String(run.id)).sort());
	});

	test('a run created after activation that completes later is emitted when it completes, with its output', async () => {
		const store = { data: {} as IDataObject };
		const withOutput = { ...params, options: { includeOutput: true } };
		expect((await poll(withOutput, store)).items).toBeNull();
		await sleep(5);
		const created = await admin<{ data: IDataObject[] }>(`/_sandbox/raydocs/workflows/${WORKFLOW}/runs`, { count: 1, status: 'running' });
		const id = String(created.data[0].id);
		expect((await poll(withOutput, store)).items).toBeNull();
		const output = { documents: [{ type: 'documentRef', documentId: 'doc-1', workspaceId: '1', filename: 'export.zip', mime: 'application/zip' }] };
		await admin(`/_sandbox/raydocs/workflow-runs/${id}/complete`, { completed_at: new Date(serverNow() - 1000).toISOString(), output });
		const fired = await poll(withOutput, store);
		expect(fired.items?.map((item) => item.json.run_id)).toEqual([id]);
		expect(fired.items?.[0].json.output).toEqual(output);
		expect((await poll(withOutput, store)).items).toBeNull();
	});

	test('a service outage is logged and resumed from; a token that is not a workspace admin fails with what to fix', async () => {
		const store = { data: {} as IDataObject };
		await poll(params, store);
		await sleep(5);
		const runs = await admin<{ data: IDataObject[] }>(`/_sandbox/raydocs/workflows/${WORKFLOW}/runs`, { count: 3, completed_at: new Date(serverNow() - 1000).toISOString() });
		const warn = spyOnWarn();
		sandbox.setFaults({ rules: [{ kind: 'status', status: 503, service: 'raydocs' }] } as never);
		const down = await poll(params, store);
		expect(down.error).toBeUndefined();
		expect(down.items).toBeNull();
		expect(warn).toHaveBeenCalled();
		expect(JSON.stringify(warn.mock.calls)).not.toContain(sandbox.tokens.raydocs);
		sandbox.setFaults({ rules: [] } as never);
		const back = await poll(params, store);
		expect(back.items?.map((item) => item.json.run_id).sort()).toEqual(runs.data.map((run) => String(run.id)).sort());

		const member = { raydocsApi: { type: new RaydocsApi(), data: { accessToken: 'rd_live_sandbox_member_not_admin', baseUrl: sandbox.raydocsUrl } } };
		const refused = await runPoll({ nodeType: new RaydocsTrigger(), parameters: params, credentials: member, staticData: {} });
		expect(refused.error?.message).toMatch(/Raydocs refused this request|lacks the/);
		expect(refused.error?.message + String((refused.error as { description?: string }).description)).toMatch(/admin/);
	});

	test('manual test run returns the newest completed run', async () => {
		const runs = await admin<{ data: IDataObject[] }>(`/_sandbox/raydocs/workflows/${WORKFLOW}/runs`, { count: 2, completed_at: new Date(serverNow() - 1000).toISOString() });
		const result = await poll(params, { data: {} }, 'manual');
		expect(result.error).toBeUndefined();
		expect(runs.data.map((run) => String(run.id))).toContain(String(result.items?.[0].json.run_id));
	});
});

describe('Extraction Completed in Watched Sessions against the sandbox', () => {
	test('runs finished before activation are history; each new run is emitted once with its data, across a restart', async () => {
		const sessions = await createSessions(4, 'WS');
		const params = { event: 'extractionCompleted', sessionIds: sessions.join(', ') };
		const store = { data: {} as IDataObject };
		expect((await poll(params, store)).items).toBeNull();

		const started: string[] = [];
		const headers = { Authorization: `Bearer ${sandbox.tokens.raydocs}`, Accept: 'application/json' };
		const runIds = async (session: string) =>
			(((await (await fetch(`${sandbox.raydocsUrl}/extractions/sessions/${session}/results`, { headers })).json()) as { data: IDataObject[] }).data).map((run) => String(run.id));
		for (const session of sessions) {
			const before = await runIds(session);
			const response = await fetch(`${sandbox.raydocsUrl}/extractions/sessions/${session}/results`, { method: 'POST', headers });
			expect(response.status).toBe(201);
			// The answer is the run, or (docs variant) `{message, job_id}`: the new run is the one not there before.
			started.push(...(await runIds(session)).filter((id) => !before.includes(id)));
		}
		const resultId = (json: IDataObject) => String(json.result_id);
		const half = await pollUntil(params, store, resultId, 2);
		const restarted = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		const rest = await pollUntil(params, restarted, resultId, started.length - half.length);
		const all = [...half, ...rest];
		expect(all.sort()).toEqual([...started].sort());
		expect((await poll(params, restarted)).items).toBeNull();

		const manual = await poll(params, { data: {} }, 'manual');
		expect(manual.items?.[0].json.data).toMatchObject({ invoice_details: expect.any(Object) });
	});
});

describe('Document Processed against the sandbox', () => {
	test('documents processed after activation are emitted once each', async () => {
		const params = { event: 'documentProcessed', workspace: WORKSPACE };
		const store = { data: {} as IDataObject };
		await createSessions(2, 'OLD');
		expect((await poll(params, store)).items).toBeNull();
		await createSessions(3, 'NEW');
		// Batch-created documents carry no file name of ours (the reference gives none), so count ids.
		const fired = await pollUntil(params, store, (json) => String(json.document_id), 3);
		expect(fired).toHaveLength(3);
		expect(new Set(fired).size).toBe(3);
		expect((await poll(params, store)).items).toBeNull();
	});
});
