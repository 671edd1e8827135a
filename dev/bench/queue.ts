/**
 * Benchmark 9: scale-out in n8n's queue mode. A real n8n 2.41 (main, Redis, N workers of
 * concurrency 5, as the queue e2e starts them) runs many executions of the examples at once
 * against the sandbox, which enforces the documented limits: Raydocs 100 requests per window per
 * calling IP (every worker calls from 127.0.0.1, so all share one allowance), PerfectParser 150
 * requests and 20 submits per window per API key. The window is shortened (BENCH_QUEUE_WINDOW_MS,
 * default 10 s instead of 60 s, same counts) so a run takes minutes, not a quarter of an hour.
 *
 * Each execution is the example with its Manual Trigger swapped for a Webhook (a manual run never
 * goes through the queue) and its Read node pointed at a folder of its own, so that every
 * document is distinct and a duplicate upload shows in the sandbox's duplicate statistics.
 * Loads: Raydocs and PerfectParser, 20 executions × 25 documents each; PerfectParser again with the
 * same 500 documents as 100 executions × 5, one submit each, so the submit limit binds.
 *
 * Env: BENCH_QUEUE_WORKERS (default "2,4"), BENCH_QUEUE_EXECUTIONS (20), BENCH_QUEUE_DOCS (25 per
 * execution), BENCH_QUEUE_WINDOW_MS (10000), BENCH_QUEUE_SERVICES ("raydocs,perfectparser").
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

import { EXAMPLES, credentialRefs, fileAccessEnv, sandboxCredentials, sandboxExample } from '../examples';
import { createInstance, type N8nInstance, type WorkflowInput } from '../n8n/instance';
import { startRedis } from '../n8n/redis';
import { makeInvoicePdf, startSandbox, type Sandbox, type SandboxStats } from '../sandbox';

export interface QueueBenchRow {
	id: string;
	metric: string;
	value: number;
	target?: string;
	met?: boolean;
	note?: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const RATE_LIMIT_TEXT = /rate limit|too many|429/i;

interface Load {
	name: string;
	service: 'raydocs' | 'perfectparser';
	example: string;
	webhookPath: string;
	/** The sandbox limit the load is bound by, per window, and what it counts. */
	perWindow: number;
	limitName: string;
	counts: 'requests' | 'submits';
	/** Executions and documents per execution, from the base load's (20 × 25). */
	shape: (executions: number, docsEach: number) => { executions: number; docsEach: number };
}

const LOADS: Load[] = [
	{
		name: 'raydocs',
		service: 'raydocs',
		example: EXAMPLES.raydocsInvoices,
		webhookPath: 'bench-queue-raydocs',
		perWindow: 100,
		limitName: '100 requests/window per IP',
		counts: 'requests',
		shape: (executions, docsEach) => ({ executions, docsEach }),
	},
	{
		name: 'perfectparser',
		service: 'perfectparser',
		example: EXAMPLES.perfectParserCsv,
		webhookPath: 'bench-queue-perfectparser',
		perWindow: 150,
		limitName: '150 requests/window per key',
		counts: 'requests',
		shape: (executions, docsEach) => ({ executions, docsEach }),
	},
	// One submit per execution: 20 × 25 documents are 20 submits, within one window's 20. The same
	// 500 documents as 100 executions of 5 are 100 submits, bound by the submit limit per key.
	{
		name: 'perfectparser-submits',
		service: 'perfectparser',
		example: EXAMPLES.perfectParserCsv,
		webhookPath: 'bench-queue-perfectparser',
		perWindow: 20,
		limitName: '20 submits/window per key',
		counts: 'submits',
		shape: (executions, docsEach) => ({ executions: executions * 5, docsEach: Math.max(1, Math.round(docsEach / 5)) }),
	},
];

/** The example, started by a Webhook (body `{folder}`), reading `<dir>/<folder>/*`. */
function asQueueLoad(workflow: WorkflowInput, webhookPath: string, dir: string): WorkflowInput {
	const nodes = (workflow.nodes as any[]).map((node) => {
		if (node.type === 'n8n-nodes-base.manualTrigger') {
			return {
				...node,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: `bench-${webhookPath}`,
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			};
		}
		if (node.type === 'n8n-nodes-base.readWriteFile' && (node.parameters?.operation ?? 'read') === 'read') {
			return { ...node, parameters: { ...node.parameters, fileSelector: `=${dir}/{{ $json.body.folder }}/*` } };
		}
		return node;
	});
	return { ...workflow, name: `${workflow.name} (bench 9)`, nodes };
}

/** POST without a client timeout: a webhook answers when its execution ends, minutes later. */
function postJson(url: string, body: unknown): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const data = Buffer.from(JSON.stringify(body));
		const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(data);
	});
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

/**
 * While `fn` runs: the peak resident memory of each worker (its n8n process; task runners not
 * included), and when `counter` last changed (the end of the span the limit bound the load).
 */
async function sampling<T>(pids: number[], counter: () => number, fn: () => Promise<T>): Promise<{ result: T; peakKb: number[]; lastChangeAt: number }> {
	const peakKb = pids.map((pid) => rssKb(pid, 'VmRSS'));
	let last = counter();
	let lastChangeAt = Date.now();
	const timer = setInterval(() => {
		pids.forEach((pid, i) => (peakKb[i] = Math.max(peakKb[i], rssKb(pid, 'VmRSS'))));
		const now = counter();
		if (now !== last) {
			last = now;
			lastChangeAt = Date.now();
		}
	}, 250);
	try {
		return { result: await fn(), peakKb, lastChangeAt };
	} finally {
		clearInterval(timer);
	}
}

function writeDocuments(dir: string, service: string, executions: number, docsEach: number): void {
	for (let e = 0; e < executions; e++) {
		const folder = path.join(dir, `e${e}`);
		fs.mkdirSync(folder, { recursive: true });
		for (let d = 0; d < docsEach; d++) {
			const spec = { invoiceNumber: `Q-${service}-${e}-${d}`, date: '2024-03-01', total: 10 + d + e, vendor: `Vendor ${(e + d) % 7}` };
			fs.writeFileSync(path.join(folder, `q-${e}-${d}.pdf`), makeInvoicePdf(spec));
		}
	}
}

function delta(after: SandboxStats, before: SandboxStats, service: string) {
	const requests = (after.totals.byService[service] ?? 0) - (before.totals.byService[service] ?? 0);
	const limited = (after.rateLimited[service] ?? 0) - (before.rateLimited[service] ?? 0);
	const resources = (name: string) => (after.resources[service]?.[name] ?? 0) - (before.resources[service]?.[name] ?? 0);
	const extra = (stats: SandboxStats) => Object.values(stats.duplicateDocuments[service] ?? {}).reduce((sum, n) => sum + (n - 1), 0);
	const duplicates = extra(after) - extra(before);
	const replays = (after.idempotentReplays?.[service] ?? 0) - (before.idempotentReplays?.[service] ?? 0);
	return { requests, limited, resources, duplicates, replays };
}

/** Documents completed in a PerfectParser load: read from the sandbox after the measurement. */
async function perfectParserCompleted(sb: Sandbox, extractionIds: string[]): Promise<number> {
	let completed = 0;
	for (const id of new Set(extractionIds)) {
		for (let attempt = 0; attempt < 20; attempt++) {
			const res = await fetch(`${sb.perfectParserUrl}/v1/extractions/${id}`, { headers: { 'X-API-Key': sb.tokens.perfectParser } });
			if (res.status === 429) {
				await new Promise((r) => setTimeout(r, 1000));
				continue;
			}
			const body = (await res.json()) as { extraction?: { documents?: Array<{ status: string }> } };
			completed += (body.extraction?.documents ?? []).filter((doc) => doc.status === 'completed').length;
			break;
		}
	}
	return completed;
}

interface LoadResult {
	submitted: number;
	completed: number;
	failedItems: number;
	surfaced429: number;
	wallMs: number;
	/** From the first execution started to the last change of the limited counter. */
	boundMs: number;
	sandbox: ReturnType<typeof delta>;
	peakKb: number[];
	errors: string[];
}

async function runLoad(n8n: N8nInstance, sb: Sandbox, load: Load, executions: number, docsEach: number): Promise<LoadResult> {
	const before = sb.stats();
	const url = `${n8n.baseUrl}/webhook/${load.webhookPath}`;
	const counter = () => {
		const stats = sb.stats();
		return load.counts === 'submits' ? (stats.resources[load.service]?.extractions ?? 0) : (stats.totals.byService[load.service] ?? 0) - (stats.rateLimited[load.service] ?? 0);
	};
	const started = Date.now();
	const { result: answers, peakKb, lastChangeAt } = await sampling(n8n.workerPids(), counter, async () => {
		const calls: Array<Promise<{ status: number; text: string }>> = [];
		for (let e = 0; e < executions; e++) {
			calls.push(postJson(url, { folder: `${load.name}/e${e}` }).catch((error: Error) => ({ status: 0, text: error.message })));
			// All started within a few seconds, not in the same instant.
			await new Promise((r) => setTimeout(r, 100));
		}
		return await Promise.all(calls);
	});
	const wallMs = Date.now() - started;
	const after = sb.stats();
	const errors: string[] = [];
	let completed = 0;
	let failedItems = 0;
	let surfaced429 = 0;
	const extractionIds: string[] = [];
	for (const answer of answers) {
		let rows: any[] | undefined;
		try {
			const parsed = JSON.parse(answer.text);
			rows = Array.isArray(parsed) ? parsed : undefined;
		} catch {
			rows = undefined;
		}
		if (answer.status !== 200 || !rows) {
			// The whole execution failed: none of its documents reached the user.
			failedItems += docsEach;
			if (RATE_LIMIT_TEXT.test(answer.text)) surfaced429 += 1;
			errors.push(`HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
			continue;
		}
		if (load.service === 'raydocs') {
			for (const row of rows) {
				if (row.status === 'completed') completed++;
				else {
					failedItems++;
					const text = JSON.stringify(row);
					if (RATE_LIMIT_TEXT.test(text)) surfaced429++;
					if (errors.length < 5) errors.push(text.slice(0, 200));
				}
			}
		} else {
			for (const row of rows) if (row.extraction_id) extractionIds.push(String(row.extraction_id));
			for (const row of rows) {
				if (row.error) {
					failedItems++;
					if (RATE_LIMIT_TEXT.test(JSON.stringify(row))) surfaced429++;
					if (errors.length < 5) errors.push(JSON.stringify(row).slice(0, 200));
				}
			}
		}
	}
	if (load.service === 'perfectparser') {
		completed = await perfectParserCompleted(sb, extractionIds);
		failedItems = Math.max(failedItems, executions * docsEach - completed);
	}
	return { submitted: executions * docsEach, completed, failedItems, surfaced429, wallMs, boundMs: Math.max(1, lastChangeAt - started), sandbox: delta(after, before, load.service), peakKb, errors };
}

export async function queueScaleOut(add: (row: QueueBenchRow) => void): Promise<void> {
	const workerCounts = (process.env.BENCH_QUEUE_WORKERS ?? '2,4').split(',').map(Number).filter((n) => n > 0);
	const executions = Number(process.env.BENCH_QUEUE_EXECUTIONS ?? 20);
	const docsEach = Number(process.env.BENCH_QUEUE_DOCS ?? 25);
	const windowMs = Number(process.env.BENCH_QUEUE_WINDOW_MS ?? 10_000);
	const services = (process.env.BENCH_QUEUE_SERVICES ?? 'raydocs,perfectparser').split(',');
	const loads = LOADS.filter((load) => services.includes(load.service));
	const workflows = [...new Map(loads.map((load) => [load.webhookPath, load])).values()];
	const peakByWorkers = new Map<number, number>();
	const redis = await startRedis();
	try {
		for (const workers of workerCounts) {
			const sb = await startSandbox({ timing: { parseMs: 40, extractMs: 60, jitterMs: 10 }, rateLimits: { windowMs } });
			const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
			const docsDir = path.join(filesDir, 'docs');
			let n8n: N8nInstance | undefined;
			try {
				await fetch(`${sb.url}/_sandbox/perfectparser/credits`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ credits: 1_000_000 }) });
				const credentials = sandboxCredentials(sb);
				const target = { sandboxUrl: sb.url, filesDir, credentials: credentialRefs(credentials) };
				fs.mkdirSync(path.join(filesDir, 'exports'), { recursive: true });
				for (const load of loads) {
					const shape = load.shape(executions, docsEach);
					writeDocuments(path.join(docsDir, load.name), load.name, shape.executions, shape.docsEach);
				}
				n8n = await createInstance({ packageRoot: ROOT, env: fileAccessEnv(filesDir) });
				await n8n.importCredentials(credentials);
				const ids = await n8n.importWorkflows(workflows.map((load) => asQueueLoad(sandboxExample(load.example, target), load.webhookPath, docsDir)));
				for (const id of ids) await n8n.publish(id);
				await n8n.startQueueMode({ redisPort: redis.port, workers, concurrency: 5 });
				for (const load of workflows) await n8n.waitForWebhook(load.webhookPath);
				const window = `${windowMs / 1000} s window`;
				for (const load of loads) {
					const shape = load.shape(executions, docsEach);
					const r = await runLoad(n8n, sb, load, shape.executions, shape.docsEach);
					const served = r.sandbox.requests - r.sandbox.limited;
					const limited = load.counts === 'submits' ? r.sandbox.resources('extractions') : served;
					const allowed = (load.perWindow * r.boundMs) / windowMs;
					const bound = load.name !== 'perfectparser';
					const peakMb = Math.max(...r.peakKb) / 1024;
					peakByWorkers.set(workers, Math.max(peakByWorkers.get(workers) ?? 0, peakMb));
					const tag = `${load.name} ×${workers} workers`;
					const created = load.service === 'raydocs' ? `sessions ${r.sandbox.resources('sessions')}` : `extractions ${r.sandbox.resources('extractions')}`;
					const extraDocuments = Math.max(0, r.sandbox.resources('documents') - r.submitted);
					add({ id: '9', metric: `${tag}: documents completed / submitted (${shape.executions} runs × ${shape.docsEach})`, value: r.completed / r.submitted, target: '1', met: r.completed === r.submitted && r.failedItems === 0, note: `${r.completed}/${r.submitted}, ${r.failedItems} failed items${r.errors.length ? `; first error: ${r.errors[0]}` : ''}` });
					add({ id: '9', metric: `${tag}: duplicate documents or sessions (sandbox)`, value: r.sandbox.duplicates + extraDocuments, target: '0', met: r.sandbox.duplicates + extraDocuments === 0, note: `documents ${r.sandbox.resources('documents')}, ${created}, idempotent replays ${r.sandbox.replays}` });
					add({ id: '9', metric: `${tag}: 429s the sandbox answered`, value: r.sandbox.limited });
					add({ id: '9', metric: `${tag}: 429s reaching a user`, value: r.surfaced429, target: '0', met: r.surfaced429 === 0 });
					add({
						id: '9',
						metric: `${tag}: achieved / allowed rate (${load.limitName}, ${window})`,
						value: limited / allowed,
						...(bound ? { target: '≥ 0.85', met: limited / allowed >= 0.85 } : {}),
						note: `${limited} ${load.counts} in ${r.boundMs} ms${bound ? '' : '; the load stays below this limit (20 submits fit one window)'}`,
					});
					if (load.service === 'raydocs') {
						const perDoc = served / r.submitted;
						add({ id: '9', metric: `${tag}: API requests/doc (answered, not 429)`, value: perDoc, target: '≤ 2.2', met: perDoc <= 2.2, note: `${served} answered + ${r.sandbox.limited} 429s` });
					}
					add({ id: '9', metric: `${tag}: wall time, s`, value: r.wallMs / 1000 });
					add({ id: '9', metric: `${tag}: peak RSS per worker, MiB (max of ${workers})`, value: peakMb, note: r.peakKb.map((kb) => Math.round(kb / 1024)).join(', ') });
				}
			} finally {
				await n8n?.dispose();
				await sb.close();
				fs.rmSync(filesDir, { recursive: true, force: true });
			}
		}
	} finally {
		await redis.stop();
	}
	const [fewer, more] = [Math.min(...workerCounts), Math.max(...workerCounts)];
	if (fewer !== more && peakByWorkers.has(fewer) && peakByWorkers.has(more)) {
		const growth = peakByWorkers.get(more)! / peakByWorkers.get(fewer)!;
		add({ id: '9', metric: `peak RSS per worker, ${more} workers / ${fewer} workers`, value: growth, target: '< 2', met: growth < 2 });
	}
}
