/**
 * Smoke test of the real-n8n harness (dev/n8n/instance.ts): a core-node workflow runs through
 * `n8n execute` with an imported credential; n8n loads this package as a community package; the
 * public API activates and deactivates a workflow live; queue mode runs executions on a worker.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { createInstance, type N8nInstance, type WorkflowInput } from '../../dev/n8n/instance';
import { freePort } from '../../dev/n8n/processes';
import { startRedis, type RedisServer } from '../../dev/n8n/redis';
import { declaredTypes, servicePackages } from '../../dev/packages.cjs';

/** The repository root: its `npm run build` made the tarballs n8n installs. */
const ROOT = path.resolve(__dirname, '..', '..');

/** A loopback HTTP server that answers with what it received. */
async function startEchoServer(): Promise<{ url: string; requests: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
	const requests: http.IncomingHttpHeaders[] = [];
	const server = http.createServer((req, res) => {
		requests.push(req.headers);
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ path: req.url, apiKeyHeader: req.headers['x-api-key'] ?? null }));
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function webhookWorkflow(webhookPath: string): WorkflowInput {
	return {
		name: `Webhook ${webhookPath}`,
		nodes: [
			{
				id: 'b0c1a2d3-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `e2e-${webhookPath}`,
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'b0c1a2d3-0000-4000-8000-000000000002',
				name: 'Code',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: "return [{ json: { echo: $input.first().json.body.hello, ran: 'code' } }];",
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Code', type: 'main', index: 0 }]] } },
	};
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: any = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		/* keep text */
	}
	return { status: res.status, body: parsed };
}

/** Retries `fn` until it stops throwing (executions are saved just after the response). */
async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await fn();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, 300));
		}
	}
}

/** Node types (as n8n names them) and credential types our three packages declare. */
function declaredByOurPackages(): { nodes: string[]; credentials: string[] } {
	const all = servicePackages().map((pkg) => declaredTypes(pkg.name));
	return { nodes: all.flatMap((d) => d.nodes), credentials: all.flatMap((d) => d.credentials) };
}

describe('real n8n (single instance)', () => {
	let n8n: N8nInstance;
	let echo: Awaited<ReturnType<typeof startEchoServer>>;

	beforeAll(async () => {
		echo = await startEchoServer();
		n8n = await createInstance({ packageRoot: ROOT });
	});

	afterAll(async () => {
		await n8n?.dispose();
		await echo?.close();
	});

	test('a core-node workflow with an imported credential runs through `n8n execute`', async () => {
		const [credentialId] = await n8n.importCredentials([
			{ name: 'Echo key', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 'secret-123' } },
		]);
		const [workflowId] = await n8n.importWorkflows([
			{
				name: 'Core smoke',
				nodes: [
					{
						id: 'a0c1a2d3-0000-4000-8000-000000000001',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'a0c1a2d3-0000-4000-8000-000000000002',
						name: 'HTTP Request',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [220, 0],
						parameters: {
							url: `${echo.url}/hello`,
							authentication: 'genericCredentialType',
							genericAuthType: 'httpHeaderAuth',
							options: {},
						},
						credentials: { httpHeaderAuth: { id: credentialId, name: 'Echo key' } },
					},
					{
						id: 'a0c1a2d3-0000-4000-8000-000000000003',
						name: 'Code',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						position: [440, 0],
						parameters: {
							jsCode: 'return $input.all().map((i) => ({ json: { ...i.json, sum: 1 + 2 } }));',
						},
					},
				],
				connections: {
					Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
					'HTTP Request': { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
				},
			},
		]);

		const run = await n8n.execute(workflowId);

		expect(run.exitCode).toBe(0);
		const out = run.json.data.resultData.runData.Code[0].data.main[0].map((i: any) => i.json);
		expect(out).toEqual([{ path: '/hello', apiKeyHeader: 'secret-123', sum: 3 }]);
		expect(echo.requests).toHaveLength(1);
	});

	test('n8n loads the package as a community package, and the API activates workflows live', async () => {
		expect(fs.existsSync(path.join(ROOT, 'dist'))).toBe(true);
		const declared = declaredByOurPackages();
		expect(declared.nodes.length).toBeGreaterThan(0);
		const [hookId] = await n8n.importWorkflows([webhookWorkflow('smoke')]);

		await n8n.start();
		const { web } = await n8n.setupOwnerAndApiKey();

		const nodeTypes: string[] = (await web.get<Array<{ name: string }>>('/types/nodes.json')).map((t) => t.name);
		for (const type of declared.nodes) expect(nodeTypes).toContain(type);
		const credentialTypes: string[] = (await web.get<Array<{ name: string }>>('/types/credentials.json')).map(
			(t) => t.name,
		);
		for (const name of declared.credentials) expect(credentialTypes).toContain(name);

		// Imported workflows are inactive: the webhook is not registered yet.
		expect((await postJson(`${n8n.baseUrl}/webhook/smoke`, { hello: 'x' })).status).toBe(404);
		await n8n.activate(hookId);
		await n8n.waitForWebhook('smoke');
		expect(await postJson(`${n8n.baseUrl}/webhook/smoke`, { hello: 'world' })).toEqual({
			status: 200,
			body: { echo: 'world', ran: 'code' },
		});

		// Active workflows come back after a restart.
		await n8n.restart();
		await n8n.waitForWebhook('smoke');
		expect((await postJson(`${n8n.baseUrl}/webhook/smoke`, { hello: 'again' })).body).toEqual({
			echo: 'again',
			ran: 'code',
		});

		const { api: api2 } = await n8n.setupOwnerAndApiKey();
		await eventually(async () => {
			const executions = (await api2.get(`/executions?workflowId=${hookId}`)).data;
			expect(executions.map((e: any) => [e.mode, e.status])).toEqual([
				['webhook', 'success'],
				['webhook', 'success'],
			]);
		});

		await n8n.deactivate(hookId);
		await n8n.waitForWebhook('smoke', { registered: false });
		expect((await postJson(`${n8n.baseUrl}/webhook/smoke`, { hello: 'x' })).status).toBe(404);
	});
});

describe('real n8n (queue mode: redis + main + worker)', () => {
	let n8n: N8nInstance;
	let redis: RedisServer;

	beforeAll(async () => {
		redis = await startRedis();
		n8n = await createInstance({ packageRoot: ROOT });
	});

	afterAll(async () => {
		await n8n?.dispose();
		await redis?.stop();
	});

	test('a webhook execution is enqueued by main and run by the worker', async () => {
		const [workflowId] = await n8n.importWorkflows([webhookWorkflow('queue-smoke')]);
		await n8n.publish(workflowId);
		await n8n.startQueueMode({ redisPort: redis.port });
		await n8n.waitForWebhook('queue-smoke');

		const res = await postJson(`${n8n.baseUrl}/webhook/queue-smoke`, { hello: 'queue' });
		expect(res).toEqual({ status: 200, body: { echo: 'queue', ran: 'code' } });

		const { api } = await n8n.setupOwnerAndApiKey();
		const execution = await eventually(async () => {
			const [first] = (await api.get(`/executions?workflowId=${workflowId}`)).data;
			expect(first).toMatchObject({ mode: 'webhook', status: 'success' });
			return first;
		});
		// Proof of where it ran: main enqueued it; the worker (not main) started and finished it.
		expect(n8n.mainLog()).toMatch(new RegExp(`Enqueued execution ${execution.id} \\(job \\d+\\)`));
		await n8n.waitForLog(new RegExp(`Worker finished execution ${execution.id} \\(job \\d+\\)`), {
			worker: 0,
			timeoutMs: 15000,
		});
		expect(n8n.workerLogs()[0]).toMatch(new RegExp(`Worker started execution ${execution.id} \\(job \\d+\\)`));
		expect(n8n.mainLog()).not.toMatch(/Worker (started|finished) execution/);
	});
});
