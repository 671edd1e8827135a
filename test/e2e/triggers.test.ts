/**
 * The four trigger examples published together in one real n8n (`n8n start`), against the
 * sandbox. Each feeds an HTTP Request to a sandbox sink; the sink must see exactly one call per
 * completion — across minute polls, a restart with completions made while n8n was down, and
 * polls after the last emission (no duplicates, no misses).
 *
 * Timeline (polling triggers poll at activation, then every minute — the shortest schedule):
 *   start → batch 1 (while running) → ≤ 1 min poll → stop → batch 2 (while stopped) → start
 *   (activation poll) → batch 3 → ≤ 1 min poll → one more poll round → counts unchanged.
 * The PerfectParser webhook trigger uses its own account (the polling trigger another), so
 * completions made while n8n is down are not webhook deliveries lost on purpose.
 */
import { EXAMPLES } from '../../dev/examples';
import { DEMO_IDS } from '../../dev/sandbox';
import {
	eventually,
	routeCount,
	sandboxCall,
	SAMPLE_NAMES,
	sink,
	startHarness,
	startLlamaJob,
	submitPerfectParser,
	type Harness,
} from './harness';

jest.setTimeout(420000);

const POLL_KEY = 'pp_live_e2e_polling_account';
const POLL_PARSER = 'prs_e2e_polling';
const POLL_CRED = { id: 'SbxPerfectPoll01', name: 'PerfectParser (sandbox, polling account)' };
/** One minute poll (random second) + margin. */
const POLL_WAIT_MS = 80000;

const LIST_ROUTES = {
	raydocs: 'raydocs GET /raydocs/workspaces/:workspaceId/workflows/:workflowId/runs',
	llama: 'llamacloud GET /llamacloud/api/v2/extract',
	polling: 'perfectparser GET /perfectparser/v1/extractions',
};
const SINKS = {
	raydocs: 'raydocs-runs',
	llama: 'llamaextract-jobs',
	polling: 'perfectparser-polling',
	webhook: 'perfectparser-webhook',
} as const;
type Kind = keyof typeof SINKS;

let h: Harness;
const ids: Record<string, string> = {};
/** Every completion made in the sandbox, per trigger. */
const made: Record<Kind, string[]> = { raydocs: [], llama: [], polling: [], webhook: [] };
let webhookUrl = '';

/** The id of the completion a sink call carries (each trigger's own id field). */
function completionId(kind: Kind, body: any): string {
	const id = kind === 'raydocs' ? body.id ?? body.run_id : kind === 'llama' ? body.job_id ?? body.id : body.extraction_id ?? body.id;
	if (!id) throw new Error(`${kind}: no id in ${JSON.stringify(body).slice(0, 300)}`);
	return String(id);
}

async function sinkIds(kind: Kind): Promise<string[]> {
	return (await sink(h.sandbox, SINKS[kind])).map((r) => completionId(kind, r.json));
}

/** Waits until every sink has seen every completion made so far, then checks: once each. */
async function expectEachOnce(kinds: Kind[], timeoutMs: number): Promise<void> {
	await eventually(
		async () => {
			for (const kind of kinds) expect((await sinkIds(kind)).length).toBeGreaterThanOrEqual(made[kind].length);
		},
		timeoutMs,
		1000,
	);
	for (const kind of kinds) expect({ kind, ids: (await sinkIds(kind)).sort() }).toEqual({ kind, ids: [...made[kind]].sort() });
}

async function makeRaydocsRuns(count: number): Promise<void> {
	const body = await sandboxCall(h.sandbox, 'POST', `/_sandbox/raydocs/workflows/${DEMO_IDS.raydocsWorkflowId}/runs`, { count, complete_in_ms: 50 });
	made.raydocs.push(...body.data.map((run: any) => run.id));
}

async function makeLlamaJobs(count: number): Promise<void> {
	for (let i = 0; i < count; i++) {
		made.llama.push(await startLlamaJob(h.sandbox, h.sandbox.tokens.llama, DEMO_IDS.llamaConfigurationId, SAMPLE_NAMES[i % SAMPLE_NAMES.length]));
	}
}

async function makePerfectParser(kind: 'polling' | 'webhook', count: number): Promise<void> {
	for (let i = 0; i < count; i++) {
		const [key, parser] = kind === 'polling' ? [POLL_KEY, POLL_PARSER] : [h.sandbox.tokens.perfectParser, 'prs_sandbox_invoice'];
		made[kind].push(await submitPerfectParser(h.sandbox, key, parser, [SAMPLE_NAMES[i % SAMPLE_NAMES.length]]));
	}
}

/** Lets every sandbox job finish now (complete_in_ms timers, document processing). */
async function settle(): Promise<void> {
	await new Promise((r) => setTimeout(r, 300));
	await sandboxCall(h.sandbox, 'POST', '/_sandbox/advance');
	// Raydocs withholds runs completed in the current second from cursor pages.
	await new Promise((r) => setTimeout(r, 1200));
}

async function registeredWebhooks(apiKey = h.sandbox.tokens.perfectParser): Promise<any[]> {
	const res = await fetch(`${h.sandbox.perfectParserUrl}/v1/webhooks`, { headers: { 'X-API-Key': apiKey } });
	return ((await res.json()) as any).webhooks;
}

async function executions(workflowId: string): Promise<any[]> {
	const { api } = await h.n8n.setupOwnerAndApiKey();
	return (await api.get(`/executions?workflowId=${workflowId}&limit=250`)).data;
}

beforeAll(async () => {
	h = await startHarness();
	await sandboxCall(h.sandbox, 'POST', '/_sandbox/perfectparser/accounts', { api_key: POLL_KEY, credits: 1000, name: 'Polling account' });
	await sandboxCall(h.sandbox, 'POST', '/_sandbox/perfectparser/parsers', {
		api_key: POLL_KEY,
		parser_id: POLL_PARSER,
		name: 'Invoices (polling account)',
		fields: ['invoice_number', 'invoice_date', 'vendor', 'total', 'currency'].map((name) => ({ name, type: name === 'total' ? 'number' : 'string' })),
	});
	await h.n8n.importCredentials([{ ...POLL_CRED, type: 'perfectParserApi', data: { apiKey: POLL_KEY, baseUrl: h.sandbox.perfectParserUrl } }]);
	const workflows = [
		h.example(EXAMPLES.raydocsTrigger),
		h.example(EXAMPLES.llamaTrigger),
		h.example(EXAMPLES.perfectParserPolling, { credentials: { perfectParserApi: POLL_CRED } }),
		h.example(EXAMPLES.perfectParserWebhook),
	];
	const [raydocs, llama, polling, webhook] = await h.n8n.importWorkflows(workflows);
	Object.assign(ids, { raydocs, llama, polling, webhook });
	for (const id of Object.values(ids)) await h.n8n.publish(id);
});

afterAll(async () => await h?.dispose());

test('start: the published triggers activate; the PerfectParser webhook is registered in the sandbox; nothing old is emitted', async () => {
	await h.n8n.start();

	// n8n activates published workflows in the background after it is ready.
	const hooks = await eventually(async () => {
		const list = await registeredWebhooks();
		expect(list).toHaveLength(1);
		return list;
	}, 30000);
	expect(hooks[0].url).toMatch(new RegExp(`^${h.n8n.baseUrl}/webhook/[0-9a-f-]+/webhook$`));
	expect(hooks[0].events).toEqual(['extraction.job_completed']);
	webhookUrl = hooks[0].url;
	await h.n8n.waitForWebhook(webhookUrl.slice(`${h.n8n.baseUrl}/webhook/`.length));
	// Activation polled each service once (and started from now: nothing emitted).
	await eventually(() => {
		for (const route of Object.values(LIST_ROUTES)) expect(routeCount(h.sandbox, route)).toBeGreaterThanOrEqual(1);
	}, 30000);
	// The same node type with Delivery "Polling" (the polling account's workflow, active now that it
	// has polled) registers no webhook.
	expect(await registeredWebhooks(POLL_KEY)).toEqual([]);
	await new Promise((r) => setTimeout(r, 1500));
	for (const kind of Object.keys(SINKS) as Kind[]) expect(await sinkIds(kind)).toEqual([]);
});

test('completions while n8n runs: the webhook fires at once, the pollers within a minute — each downstream call once per completion', async () => {
	await makeRaydocsRuns(2);
	await makeLlamaJobs(2);
	await makePerfectParser('polling', 2);
	await makePerfectParser('webhook', 2);
	await settle();

	await expectEachOnce(['webhook'], 20000);
	await expectEachOnce(['raydocs', 'llama', 'polling'], POLL_WAIT_MS);
	// Each webhook delivery started one successful execution.
	await eventually(async () => {
		const runs = await executions(ids.webhook);
		expect(runs.map((e) => [e.mode, e.status])).toEqual(made.webhook.map(() => ['webhook', 'success']));
	});
});

test('a forged webhook delivery is refused with 401 and starts nothing', async () => {
	const body = JSON.stringify({ event: 'extraction.job_completed', extraction_id: 'ext_forged', status: 'completed' });
	const res = await fetch(webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'X-PerfectParser-Signature': 'f'.repeat(64) },
		body,
	});
	expect(res.status).toBe(401);
	const unsigned = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
	expect(unsigned.status).toBe(401);
	await new Promise((r) => setTimeout(r, 1500));
	expect((await sinkIds('webhook')).sort()).toEqual([...made.webhook].sort());
	expect(await executions(ids.webhook)).toHaveLength(made.webhook.length);
});

test('restart: completions made while n8n was down are emitted by the activation poll; later ones by the next poll; each exactly once', async () => {
	await h.n8n.stop();
	await makeRaydocsRuns(2);
	await makeLlamaJobs(2);
	await makePerfectParser('polling', 2);
	await settle();
	const before = Object.fromEntries(Object.entries(LIST_ROUTES).map(([k, route]) => [k, routeCount(h.sandbox, route)]));

	await h.n8n.start();
	// Emitted at activation: no minute wait needed.
	await expectEachOnce(['raydocs', 'llama', 'polling'], 30000);
	for (const [k, route] of Object.entries(LIST_ROUTES)) expect(routeCount(h.sandbox, route)).toBeGreaterThan(before[k]);
	// The webhook survived the restart without a second registration, and still delivers.
	expect(await registeredWebhooks()).toHaveLength(1);
	await makePerfectParser('webhook', 2);

	await makeRaydocsRuns(1);
	await makeLlamaJobs(1);
	await makePerfectParser('polling', 1);
	await settle();
	await expectEachOnce(['webhook'], 20000);
	await expectEachOnce(['raydocs', 'llama', 'polling'], POLL_WAIT_MS);

	// One more poll of every trigger after the last emission: nothing emitted again.
	const polled = Object.fromEntries(Object.entries(LIST_ROUTES).map(([k, route]) => [k, routeCount(h.sandbox, route)]));
	await eventually(
		() => {
			for (const [k, route] of Object.entries(LIST_ROUTES)) expect(routeCount(h.sandbox, route)).toBeGreaterThan(polled[k]);
		},
		POLL_WAIT_MS,
		1000,
	);
	await new Promise((r) => setTimeout(r, 1500));
	await expectEachOnce(['raydocs', 'llama', 'polling', 'webhook'], 1000);
	expect(made.raydocs).toHaveLength(5);
	expect(made.webhook).toHaveLength(4);
});

test('deactivation removes the webhook from the sandbox, and n8n stops serving it', async () => {
	await h.n8n.deactivate(ids.webhook);
	await eventually(async () => expect(await registeredWebhooks()).toEqual([]), 15000);
	await h.n8n.waitForWebhook(webhookUrl.slice(`${h.n8n.baseUrl}/webhook/`.length), { registered: false });
});
