/**
 * Issue 28 in a real n8n (`n8n start` / `n8n execute`) against the sandbox: the same document is
 * never billed twice and the same delivery never runs twice.
 *   - the PerfectParser example run twice with the same files creates one extraction;
 *   - a LlamaExtract webhook delivery sent twice (byte for byte) runs the workflow once;
 *   - a `batch.completed` delivery from a dashboard webhook starts the PerfectParser workflow.
 * n8n's webhook URL is given as https (LlamaCloud delivers over https only, so the trigger refuses
 * http); the sandbox delivers to loopback https addresses in plain http on the same port.
 */
import { EXAMPLES, nodeOutput } from '../../dev/examples';
import { DEMO_IDS } from '../../dev/sandbox';
import { eventually, SAMPLE_NAMES, sandboxCall, sink, startHarness, submitPerfectParser, samplePath, EXPECTED, type Harness } from './harness';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';

jest.setTimeout(420000);

const DASH_SECRET = 'wh_sec_e2e_dashboard_0123456789';
const DASH_CRED = { id: 'SbxPerfectDash01', name: 'PerfectParser (sandbox, dashboard secret)' };
const LLAMA_SINK = 'llamaextract-webhook';

let h: Harness;
const ids: Record<string, string> = {};

async function executions(workflowId: string): Promise<any[]> {
	const { api } = await h.n8n.setupOwnerAndApiKey();
	return (await api.get(`/executions?workflowId=${workflowId}&limit=250`)).data;
}

/** A workflow: the LlamaExtract Webhook Trigger (Job Completed, no fetch) → the sink, as the PerfectParser example posts. */
function llamaWebhookWorkflow() {
	const base = h.example(EXAMPLES.perfectParserWebhook);
	const nodes = (base.nodes as any[]).filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
	const send = nodes.find((node) => node.type === 'n8n-nodes-base.httpRequest');
	send.parameters.url = String(send.parameters.url).replace(/[^/]+$/, LLAMA_SINK);
	const trigger = {
		id: 'e2e-llama-webhook-trigger',
		name: 'PerfectParser Trigger', // the name the example's connections use
		type: 'n8n-nodes-llamaextract.llamaExtractWebhookTrigger',
		typeVersion: 2,
		position: [0, 0],
		webhookId: '5b1f3c2e-8a7d-4e6f-9b0a-1c2d3e4f5a6b',
		parameters: { events: ['extract.success'], fetchJob: false },
		credentials: { llamaCloudExtractApi: h.target.credentials.llamaCloudExtractApi },
	};
	return { ...base, name: 'E2E LlamaExtract webhook', nodes: [trigger, send] };
}

beforeAll(async () => {
	h = await startHarness();
	await h.n8n.importCredentials([
		{ ...DASH_CRED, type: 'perfectParserApi', data: { apiKey: h.sandbox.tokens.perfectParser, baseUrl: h.sandbox.perfectParserUrl, dashboardSigningSecret: DASH_SECRET } },
	]);
});

afterAll(async () => await h?.dispose());

test('the PerfectParser example run twice with the same files creates one extraction; the second run says idempotent_replay', async () => {
	const [id] = await h.n8n.importWorkflows([h.example(EXAMPLES.perfectParserCsv)]);
	const first = await h.n8n.execute(id);
	const second = await h.n8n.execute(id);
	for (const run of [first, second]) {
		expect(run.errorMessage).toBeUndefined();
		expect(run.exitCode).toBe(0);
	}
	const before = nodeOutput(first.json, 'Submit files');
	const after = nodeOutput(second.json, 'Submit files');
	expect(after.map((d: any) => d.document_id).sort()).toEqual(before.map((d: any) => d.document_id).sort());
	expect(after.every((d: any) => d.idempotent_replay === true)).toBe(true);
	const stats = h.sandbox.stats();
	expect(stats.resources.perfectparser?.extractions).toBe(1);
	expect(Object.keys(stats.duplicateDocuments.perfectparser ?? {})).toEqual([]);
	expect(stats.idempotentReplays.perfectparser).toBeGreaterThanOrEqual(1);
});

const https = () => `${h.n8n.baseUrl.replace(/^http:/, 'https:')}/`;
const llamaAuth = () => ({ Authorization: `Bearer ${h.sandbox.tokens.llama}` });
const ppKey = () => ({ 'X-API-Key': h.sandbox.tokens.perfectParser });
let ppHookUrl = '';

test('a batch.completed delivery from a dashboard webhook starts the PerfectParser workflow with the job_completed item', async () => {
	const pp = h.example(EXAMPLES.perfectParserWebhook, { credentials: { perfectParserApi: DASH_CRED } });
	[ids.pp, ids.llama] = await h.n8n.importWorkflows([pp, llamaWebhookWorkflow()]);
	for (const id of Object.values(ids)) await h.n8n.publish(id);
	// LlamaCloud delivers over https only: n8n gives its webhook URLs as https.
	await h.n8n.start({ env: { N8N_WEBHOOK_URL: https(), WEBHOOK_URL: https() } });

	// A webhook added in the dashboard, pointing at the trigger; the trigger's own API webhook is
	// paused, so only the batch family delivers.
	const hooks: any[] = await eventually(async () => {
		const list: any = await (await fetch(`${h.sandbox.perfectParserUrl}/v1/webhooks`, { headers: ppKey() })).json();
		expect(list.webhooks).toHaveLength(1);
		return list.webhooks;
	}, 60000);
	ppHookUrl = hooks[0].url;
	await h.n8n.waitForWebhook(ppHookUrl.replace(/^https?:\/\/[^/]+\/webhook\//, ''));
	await fetch(`${h.sandbox.perfectParserUrl}/v1/webhooks/${hooks[0].webhook_id}`, { method: 'PATCH', headers: { ...ppKey(), 'content-type': 'application/json' }, body: JSON.stringify({ is_active: false }) });
	await sandboxCall(h.sandbox, 'POST', '/_sandbox/perfectparser/dashboard-webhooks', { url: ppHookUrl, signing_secret: DASH_SECRET });
	const extractionId = await submitPerfectParser(h.sandbox, h.sandbox.tokens.perfectParser, DEMO_IDS.perfectParserParserId, [SAMPLE_NAMES[1]]);
	const calls = await eventually(async () => {
		const got = await sink(h.sandbox, 'perfectparser-webhook');
		expect(got.length).toBeGreaterThanOrEqual(1);
		return got;
	}, 30000, 500);
	expect(calls).toHaveLength(1);
	expect(calls[0].json).toMatchObject({ event: 'extraction.job_completed', webhook_event: 'batch.completed', extraction_id: extractionId, status: 'completed' });
	// Fetch Data (on in the example) fetched the job's results, as for extraction.job_completed.
	expect(calls[0].json.extraction.documents[0].extracted_data).toBeDefined();
});

/*
 * What a trigger's webhook() writes to static data during a delivery that starts an execution is
 * saved only if the answer goes out before n8n sets the run up: n8n 2.41 builds the execution's
 * Workflow over the same static-data object first, and that resets its "changed" mark. The triggers
 * answer such deliveries themselves (nodes/shared/triggers/webhookDelivery.ts); left to n8n, this
 * test saw both copies run.
 */
test('the same webhook delivery sent twice runs its workflow once (LlamaExtract redelivered by the sandbox; PerfectParser posted twice)', async () => {
	const auth = llamaAuth();
	const configs = await eventually(async () => {
		const list: any = await (await fetch(`${h.sandbox.llamaUrl}/api/v1/beta/webhook-configs`, { headers: auth })).json();
		const items = Array.isArray(list) ? list : list.items;
		expect(items).toHaveLength(1);
		return items;
	}, 60000);
	expect(configs[0].webhook_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/webhook\//);
	await h.n8n.waitForWebhook(configs[0].webhook_url.replace(/^https:\/\/[^/]+\/webhook\//, ''));
	const form = new FormData();
	form.append('purpose', 'extract');
	form.append('file', new Blob([fs.readFileSync(samplePath(SAMPLE_NAMES[0]))], { type: EXPECTED[SAMPLE_NAMES[0]].mime }), SAMPLE_NAMES[0]);
	const file: any = await (await fetch(`${h.sandbox.llamaUrl}/api/v1/beta/files`, { method: 'POST', headers: auth, body: form })).json();
	const job: any = await (
		await fetch(`${h.sandbox.llamaUrl}/api/v2/extract`, {
			method: 'POST',
			headers: { ...auth, 'content-type': 'application/json' },
			body: JSON.stringify({ file_input: file.id, configuration_id: DEMO_IDS.llamaConfigurationId, webhook_configuration_ids: [configs[0].id] }),
		})
	).json();
	await eventually(async () => expect((await sink(h.sandbox, LLAMA_SINK)).map((r) => r.json.job_id)).toEqual([job.id]), 30000, 500);
	const again = await sandboxCall(h.sandbox, 'POST', '/_sandbox/llamacloud/webhooks/redeliver', {});
	expect(again).toMatchObject({ job_id: job.id, event_type: 'extract.success' });

	// PerfectParser: the same signed batch delivery posted twice to the trigger.
	const body = Buffer.from(JSON.stringify({ event: 'batch.failed', extraction_id: 'ext_e2e_twice', parser_id: DEMO_IDS.perfectParserParserId, status: 'failed', created_at: new Date().toISOString() }));
	const post = async () =>
		await fetch(ppHookUrl.replace(/^https:/, 'http:'), { method: 'POST', headers: { 'content-type': 'application/json', 'X-PerfectParser-Signature': createHmac('sha256', DASH_SECRET).update(body).digest('hex') }, body });
	expect((await post()).status).toBe(200);
	expect((await post()).status).toBe(200);

	// Both copies are answered 200; give them time to run, if they were going to.
	await new Promise((resolve) => setTimeout(resolve, 5000));
	expect((await sink(h.sandbox, LLAMA_SINK)).map((r) => r.json.job_id)).toEqual([job.id]);
	expect(await executions(ids.llama)).toHaveLength(1);
	expect((await sink(h.sandbox, 'perfectparser-webhook')).filter((r) => r.json.extraction_id === 'ext_e2e_twice')).toHaveLength(1);
});
