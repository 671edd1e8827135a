/**
 * Queue mode (how n8n scales past one machine): Debian's redis-server, n8n main and one worker.
 * The "Extract invoices with Raydocs" example and the PerfectParser webhook trigger run on the
 * worker, with the same per-document assertions as in single mode.
 *
 * A manual run (`n8n execute`) never goes through the queue, so for this test the example's
 * Manual Trigger is swapped for a Webhook trigger (responding with the last node's items); every
 * other node is the example file's own.
 */
import { EXAMPLES } from '../../dev/examples';
import type { WorkflowInput } from '../../dev/n8n/instance';
import { startRedis, type RedisServer } from '../../dev/n8n/redis';
import {
	eventually,
	expectedFields,
	fieldsByFile,
	SAMPLE_NAMES,
	sink,
	startHarness,
	submitPerfectParser,
	type Harness,
} from './harness';

let h: Harness;
let redis: RedisServer;
const ids: Record<string, string> = {};
const BATCH_PATH = 'e2e-raydocs-invoices';

/** The example with its Manual Trigger replaced by a Webhook trigger at `webhookPath`. */
function viaWebhook(workflow: WorkflowInput, webhookPath: string): WorkflowInput {
	const nodes = (workflow.nodes as any[]).map((node) =>
		node.type === 'n8n-nodes-base.manualTrigger'
			? {
					...node,
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					webhookId: `e2e-${webhookPath}`,
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
				}
			: node,
	);
	return { ...workflow, nodes };
}

/** Proof that an execution ran on the worker: main enqueued it, the worker started and finished it. */
async function expectRanOnWorker(executionId: string): Promise<void> {
	await h.n8n.waitForLog(new RegExp(`Worker finished execution ${executionId} \\(job \\d+\\)`), { worker: 0, timeoutMs: 30000 });
	expect(h.n8n.mainLog()).toMatch(new RegExp(`Enqueued execution ${executionId} \\(job \\d+\\)`));
	expect(h.n8n.workerLogs()[0]).toMatch(new RegExp(`Worker started execution ${executionId} \\(job \\d+\\)`));
	expect(h.n8n.mainLog()).not.toMatch(new RegExp(`Worker (started|finished) execution ${executionId} `));
}

beforeAll(async () => {
	redis = await startRedis();
	h = await startHarness();
	const [batch, webhook] = await h.n8n.importWorkflows([
		viaWebhook(h.example(EXAMPLES.raydocsInvoices), BATCH_PATH),
		h.example(EXAMPLES.perfectParserWebhook),
	]);
	Object.assign(ids, { batch, webhook });
	await h.n8n.publish(batch);
	await h.n8n.publish(webhook);
	await h.n8n.startQueueMode({ redisPort: redis.port });
});

afterAll(async () => {
	await h?.dispose();
	await redis?.stop();
});

test('queue mode: the Raydocs batch example runs on the worker; each invoice row carries its own fields', async () => {
	await h.n8n.waitForWebhook(BATCH_PATH);
	const res = await fetch(`${h.n8n.baseUrl}/webhook/${BATCH_PATH}`, { method: 'POST' });
	const rows = (await res.json()) as any[];

	expect(res.status).toBe(200);
	expect(rows.map((r) => r.status)).toEqual(SAMPLE_NAMES.map(() => 'completed'));
	expect(fieldsByFile(rows, 'filename')).toEqual(expectedFields());
	const { api } = await h.n8n.setupOwnerAndApiKey();
	const execution = await eventually(async () => {
		const [first] = (await api.get(`/executions?workflowId=${ids.batch}`)).data;
		expect(first).toMatchObject({ mode: 'webhook', status: 'success' });
		return first;
	});
	await expectRanOnWorker(execution.id);
});

test('queue mode: PerfectParser webhook trigger — registered on activation, each signed delivery runs once on the worker', async () => {
	const hooks = await eventually(async () => {
		const res = await fetch(`${h.sandbox.perfectParserUrl}/v1/webhooks`, { headers: { 'X-API-Key': h.sandbox.tokens.perfectParser } });
		const list = ((await res.json()) as any).webhooks;
		expect(list).toHaveLength(1);
		return list;
	}, 30000);
	await h.n8n.waitForWebhook(hooks[0].url.slice(`${h.n8n.baseUrl}/webhook/`.length));

	const made = [
		await submitPerfectParser(h.sandbox, h.sandbox.tokens.perfectParser, 'prs_sandbox_invoice', [SAMPLE_NAMES[0]]),
		await submitPerfectParser(h.sandbox, h.sandbox.tokens.perfectParser, 'prs_sandbox_invoice', [SAMPLE_NAMES[1], SAMPLE_NAMES[2]]),
	];
	const calls = await eventually(async () => {
		const requests = await sink(h.sandbox, 'perfectparser-webhook');
		expect(requests.length).toBeGreaterThanOrEqual(made.length);
		return requests;
	}, 30000);
	await new Promise((r) => setTimeout(r, 1500));
	expect((await sink(h.sandbox, 'perfectparser-webhook')).map((r) => r.json.extraction_id).sort()).toEqual([...made].sort());
	expect(calls.map((r) => r.json.extraction_id).sort()).toEqual([...made].sort());

	const { api } = await h.n8n.setupOwnerAndApiKey();
	const executions = await eventually(async () => {
		const list = (await api.get(`/executions?workflowId=${ids.webhook}`)).data;
		expect(list.map((e: any) => [e.mode, e.status])).toEqual(made.map(() => ['webhook', 'success']));
		return list;
	});
	for (const execution of executions) await expectRanOnWorker(execution.id);
});
