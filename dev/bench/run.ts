/**
 * `npm run bench`: the issue-9 benchmarks against the sandbox emulator, nodes driven in-process
 * through n8n-core's real contexts over real HTTP on 127.0.0.1. Prints a table and writes
 * dev/bench/results/latest.json. Ratios are measured within one run; nothing here is a test.
 * Env: BENCH_BIG_FILE_MB (default 1024) for the memory benchmark, BENCH_ONLY=1,3,… to pick some
 * (8 = LlamaExtract upload → create → wait, 9 = queue mode: n8n main + 2 and 4 workers, see queue.ts;
 * it needs `npm run build` first).
 */
import { execFile } from 'child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_IDS, makeInvoicePdf, startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';
import { binaryItem, runNode, runPoll } from '../harness/n8nContext';
import { LlamaCloudApi } from '../../credentials/LlamaCloudApi.credentials';
import { PerfectParserApi } from '../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { retryPolicy } from '../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { defaultWaitPolicy } from '../../nodes/shared/waiting/wait';
import { naiveRaydocs } from './naive';
import { queueScaleOut, type QueueBenchRow } from './queue';
import { LlamaExtract, LlamaExtractTrigger, PerfectParser, PerfectParserTrigger, Raydocs, RaydocsTrigger } from './nodes';

/** One line of the report: bench 9 writes the same shape. */
type Row = QueueBenchRow;

const rows: Row[] = [];
const only = (process.env.BENCH_ONLY ?? '').split(',').filter((s) => s).map(Number);
const wanted = (n: number) => only.length === 0 || only.includes(n);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const TEMPLATE = { __rl: true, mode: 'id', value: DEMO_IDS.raydocsTemplateId };

function add(row: Row): void {
	rows.push({ ...row, value: round(row.value) });
	const mark = row.met === undefined ? '' : row.met ? '  ✓' : '  ✗';
	console.log(`  ${row.id.padEnd(4)} ${row.metric.padEnd(64)} ${String(round(row.value)).padStart(10)} ${(row.target ?? '').padEnd(10)}${mark}${row.note ? `  (${row.note})` : ''}`);
}

const raydocs = (sb: Sandbox) => ({ raydocsApi: { type: new RaydocsApi(), data: { accessToken: sb.tokens.raydocs, baseUrl: sb.raydocsUrl } } });
const llama = (sb: Sandbox) => ({
	llamaCloudExtractApi: { type: new LlamaCloudApi(), data: { apiKey: sb.tokens.llama, region: 'custom', baseUrl: sb.llamaUrl, projectId: '', organizationId: '' } },
});
const pp = (sb: Sandbox) => ({ perfectParserApi: { type: new PerfectParserApi(), data: { apiKey: sb.tokens.perfectParser, baseUrl: sb.perfectParserUrl } } });

function docs(count: number, prefix: string) {
	return Array.from({ length: count }, (_, i) => {
		const spec = { invoiceNumber: `${prefix}-${i}`, date: '2024-03-01', total: 10 + i, vendor: `Vendor ${i % 7}` };
		return { fileName: `${prefix}-${i}.pdf`, mime: 'application/pdf', bytes: makeInvoicePdf(spec) };
	});
}

async function items(list: ReturnType<typeof docs>): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (const d of list) out.push(await binaryItem(d.bytes, d.fileName, d.mime));
	return out;
}

function apiRequests(sb: Sandbox, service: string): number {
	return sb.stats().totals.byService[service] ?? 0;
}

async function withSandbox<T>(options: SandboxOptions, fn: (sb: Sandbox) => Promise<T>): Promise<T> {
	const sb = await startSandbox(options);
	resetRateLimitState();
	try {
		return await fn(sb);
	} finally {
		await sb.close();
	}
}

/** 1 + 2: request economy, and the hand-written client side by side. */
async function economy(): Promise<void> {
	const N = 200;
	const list = docs(N, 'EC');
	await withSandbox({ rateLimits: { enabled: false } }, async (sb) => {
		const input = await items(list);
		let started = Date.now();
		const result = await runNode({
			nodeType: new Raydocs(),
			parameters: { resource: 'batch', operation: 'createSessions', template: TEMPLATE, autoExtract: true, waitForCompletion: true },
			credentials: raydocs(sb),
			input,
		});
		const oursMs = Date.now() - started;
		if (result.error) throw result.error;
		const completed = result.items.filter((item) => item.json.status === 'completed').length;
		const ours = apiRequests(sb, 'raydocs');
		const perDoc = ours / N;
		add({ id: '1', metric: `Raydocs ${N} docs batch+auto-extract+wait: API requests/doc (no PUTs)`, value: perDoc, target: '≤ 2.2', met: perDoc <= 2.2, note: `${ours} requests, ${completed}/${N} completed, ${sb.stats().storage.puts} PUTs` });

		sb.reset();
		started = Date.now();
		const statuses = await naiveRaydocs(sb.raydocsUrl, sb.tokens.raydocs, DEMO_IDS.raydocsTemplateId, list);
		const theirsMs = Date.now() - started;
		const theirs = apiRequests(sb, 'raydocs');
		add({ id: '2a', metric: 'same docs by hand: our requests / theirs', value: ours / theirs, target: '≤ 0.5', met: ours / theirs <= 0.5, note: `${ours} vs ${theirs}; by hand ${statuses.filter((s) => s === 'completed').length}/${N} completed` });
		add({ id: '2b', metric: 'same docs by hand: our wall time / theirs', value: oursMs / theirsMs, note: `${oursMs} ms vs ${theirsMs} ms` });
	});
}

/** 3: rate-limit use on a fast clock (documented counts, 2 s window). */
async function rateLimitUse(): Promise<void> {
	const windowMs = 2000;
	await withSandbox({ timing: { parseMs: 5, extractMs: 5, jitterMs: 0 }, rateLimits: { windowMs } }, async (sb) => {
		// Raydocs: 100 requests per window. 600 Get Result items (one request each) keep it busy.
		const created = await runNode({
			nodeType: new Raydocs(),
			parameters: { resource: 'batch', operation: 'createSessions', template: TEMPLATE, autoExtract: true, waitForCompletion: true },
			credentials: raydocs(sb),
			input: await items(docs(1, 'RL')),
		});
		if (created.error) throw created.error;
		const resultId = String(created.items[0].json.result_id);
		await sleep(windowMs + 100);
		const before = apiRequests(sb, 'raydocs');
		const limited = sb.stats().rateLimited.raydocs ?? 0;
		const count = 600;
		const started = Date.now();
		const result = await runNode({
			nodeType: new Raydocs(),
			parameters: { resource: 'result', operation: 'get', resultId },
			credentials: raydocs(sb),
			input: Array.from({ length: count }, () => ({ json: {} })),
			continueOnFail: true,
		});
		const elapsed = Date.now() - started;
		const served = apiRequests(sb, 'raydocs') - before - ((sb.stats().rateLimited.raydocs ?? 0) - limited);
		const allowed = (100 / windowMs) * elapsed;
		const errors429 = result.items.filter((item) => /rate limit/i.test(String(item.json.error ?? ''))).length;
		add({ id: '3a', metric: 'Raydocs achieved / allowed request rate (100 per 2 s window)', value: served / allowed, target: '≥ 0.8', met: served / allowed >= 0.8, note: `${served} served in ${elapsed} ms, ${(sb.stats().rateLimited.raydocs ?? 0) - limited} 429s absorbed` });
		add({ id: '3b', metric: 'Raydocs 429s reaching the user', value: errors429, target: '0', met: errors429 === 0 });
	});
	await withSandbox({ timing: { parseMs: 5, extractMs: 5, jitterMs: 0 }, rateLimits: { windowMs } }, async (sb) => {
		// PerfectParser: 20 submits per window; 80 executions of one file each (as a busy workflow would).
		await fetch(`${sb.url}/_sandbox/perfectparser/credits`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ credits: 100000 }) });
		const runs = 80;
		const inputs = [];
		for (let i = 0; i < runs; i++) inputs.push(await items(docs(1, `PS${i}`)));
		const started = Date.now();
		let errors429 = 0;
		let failed = 0;
		for (let i = 0; i < runs; i++) {
			const result = await runNode({
				nodeType: new PerfectParser(),
				parameters: { resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: DEMO_IDS.perfectParserParserId }, waitForCompletion: false },
				credentials: pp(sb),
				input: inputs[i],
			});
			if (result.error) {
				failed++;
				if (/rate limit/i.test(result.error.message)) errors429++;
			}
		}
		const elapsed = Date.now() - started;
		const submits = (sb.stats().resources.perfectparser?.extractions ?? 0);
		const allowed = (20 / windowMs) * elapsed;
		add({ id: '3c', metric: 'PerfectParser achieved / allowed submit rate (20 per 2 s window)', value: submits / allowed, target: '≥ 0.8', met: submits / allowed >= 0.8, note: `${submits} submits in ${elapsed} ms, ${sb.stats().rateLimited.perfectparser ?? 0} 429s absorbed, ${failed} failed` });
		add({ id: '3d', metric: 'PerfectParser submit 429s reaching the user', value: errors429, target: '0', met: errors429 === 0 });
	});
}

const LLAMA_MAX_UPLOAD_MB = 500;

/** A real one-page PDF padded with blank lines to `mb` MiB: services count its pages. */
async function writeBigPdf(file: string, mb: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const out = createWriteStream(file);
		out.write(makeInvoicePdf({ invoiceNumber: 'BIG-1', date: '2024-01-01', total: 1, vendor: 'Big' }));
		const chunk = Buffer.alloc(1024 * 1024, 0x0a);
		let written = 0;
		const pump = () => {
			while (written < mb) {
				written++;
				if (!out.write(chunk)) {
					out.once('drain', pump);
					return;
				}
			}
			out.end(resolve);
		};
		out.on('error', reject);
		pump();
	});
}

/** 4: peak RSS growth / file size, streamed through each upload path vs. buffered, in child processes. */
async function memory(): Promise<void> {
	const mb = Number(process.env.BENCH_BIG_FILE_MB ?? 1024);
	const dir = mkdtempSync(join(tmpdir(), 'bench-big-'));
	const file = join(dir, 'big.pdf');
	await writeBigPdf(file, mb);
	// LlamaCloud documents a 512 MB platform upload maximum: its path gets a file just under it.
	const llamaMb = Math.min(mb, LLAMA_MAX_UPLOAD_MB);
	const llamaFile = llamaMb === mb ? file : join(dir, 'big-llama.pdf');
	if (llamaFile !== file) await writeBigPdf(llamaFile, llamaMb);
	// The sandbox in this process; each measurement in a fresh child.
	await withSandbox({ rateLimits: { enabled: false }, timing: { parseMs: 60_000, extractMs: 60_000 } }, async (sb) => {
		for (const service of ['raydocs', 'llama', 'pp']) {
			for (const way of ['node', 'buffered']) {
				const size = service === 'llama' ? llamaMb : mb;
				const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'memoryChild.ts'), service, way, service === 'llama' ? llamaFile : file, sb.url], {
					maxBuffer: 1 << 20,
					env: { ...process.env },
				});
				const line = JSON.parse(stdout.trim().split('\n').pop() as string) as { peakGrowthBytes: number; size: number; ms: number; ok: boolean; error?: string };
				const ratio = line.peakGrowthBytes / line.size;
				add({
					id: way === 'node' ? '4' : '4*',
					metric: `${service} upload ${size} MiB ${way === 'node' ? 'via node (fs binary store, streamed)' : 'buffered by hand (comparison)'}: peak RSS growth / size`,
					value: ratio,
					...(way === 'node' ? { target: '≤ 0.05', met: line.ok && ratio <= 0.05 } : {}),
					note: `${Math.round(line.peakGrowthBytes / 1048576)} MiB, ${line.ms} ms${line.ok ? '' : `, FAILED: ${line.error}`}`,
				});
				sb.reset();
			}
		}
	});
	rmSync(dir, { recursive: true, force: true });
}

/** 5: requests per idle poll per feed, and per poll with k new items. */
async function pollCost(): Promise<void> {
	await withSandbox({ rateLimits: { enabled: false }, timing: { parseMs: 5, extractMs: 5, jitterMs: 0 } }, async (sb) => {
		const admin = async (path: string, body: unknown) =>
			await fetch(`${sb.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
		const feeds: Array<{ name: string; nodeType: () => import('n8n-workflow').INodeType; parameters: IDataObject; credentials: IDataObject; add(k: number): Promise<void> }> = [
			{
				name: 'Raydocs workflow runs',
				nodeType: () => new RaydocsTrigger(),
				parameters: { event: 'workflowRunCompleted', workspace: { __rl: true, mode: 'id', value: '1' }, workflowId: DEMO_IDS.raydocsWorkflowId },
				credentials: raydocs(sb),
				add: async (k) => {
					await admin(`/_sandbox/raydocs/workflows/${DEMO_IDS.raydocsWorkflowId}/runs`, { count: k, completed_at: new Date(Date.now() - 1500).toISOString(), created_at: new Date().toISOString() });
					await sleep(1100); // cursor mode withholds the current second
				},
			},
			{
				name: 'LlamaExtract jobs',
				nodeType: () => new LlamaExtractTrigger(),
				parameters: { event: 'extractJobCompleted' },
				credentials: llama(sb),
				add: async (k) => {
					const form = new FormData();
					form.append('file', new Blob([makeInvoicePdf({ invoiceNumber: `P-${Date.now()}`, date: '2024-01-01', total: 1, vendor: 'V' })]), 'p.pdf');
					form.append('purpose', 'extract');
					const file = (await (await fetch(`${sb.llamaUrl}/api/v1/beta/files`, { method: 'POST', headers: { Authorization: `Bearer ${sb.tokens.llama}` }, body: form })).json()) as { id: string };
					for (let i = 0; i < k; i++) {
						await fetch(`${sb.llamaUrl}/api/v2/extract`, {
							method: 'POST',
							headers: { Authorization: `Bearer ${sb.tokens.llama}`, 'Content-Type': 'application/json' },
							body: JSON.stringify({ file_input: file.id, configuration_id: DEMO_IDS.llamaConfigurationId }),
						});
					}
					await sleep(100);
				},
			},
			{
				name: 'PerfectParser extractions',
				nodeType: () => new PerfectParserTrigger(),
				parameters: { delivery: 'polling', statuses: ['completed'] },
				credentials: pp(sb),
				add: async (k) => {
					for (let i = 0; i < k; i++) {
						const form = new FormData();
						form.append('parser_id', DEMO_IDS.perfectParserParserId);
						form.append('files', new Blob([makeInvoicePdf({ invoiceNumber: `Q-${Date.now()}-${i}`, date: '2024-01-01', total: 1, vendor: 'V' })], { type: 'application/pdf' }), `q${i}.pdf`);
						await fetch(`${sb.perfectParserUrl}/v1/extractions`, { method: 'POST', headers: { 'X-API-Key': sb.tokens.perfectParser }, body: form });
					}
					await sleep(100);
				},
			},
		];
		await admin('/_sandbox/perfectparser/credits', { credits: 100000 });
		for (const feed of feeds) {
			const staticData: IDataObject = {};
			const poll = async () => {
				const before = sb.stats().totals.requests;
				const result = await runPoll({ nodeType: feed.nodeType(), parameters: feed.parameters, credentials: feed.credentials as never, staticData });
				if (result.error) throw result.error;
				return { requests: sb.stats().totals.requests - before, emitted: result.items?.length ?? 0 };
			};
			await poll(); // activation
			const idle = await poll();
			add({ id: '5', metric: `${feed.name}: requests per idle poll`, value: idle.requests, target: '1', met: idle.requests === 1 });
			for (const k of [5, 150]) {
				await feed.add(k);
				const busy = await poll();
				add({ id: '5k', metric: `${feed.name}: requests per poll with k=${k} new`, value: busy.requests, note: `${busy.emitted} emitted` });
			}
		}
	});
}

/** 6: time from completion in the sandbox to the node returning, with the real backoff policy. */
async function waitLatency(): Promise<void> {
	await withSandbox({ rateLimits: { enabled: false }, timing: { parseMs: 3_600_000, extractMs: 3_600_000, jitterMs: 0 } }, async (sb) => {
		const latencies: number[] = [];
		const samples = Number(process.env.BENCH_WAIT_SAMPLES ?? 10);
		for (let i = 0; i < samples; i++) {
			const completeAfter = 500 + Math.round(Math.random() * 9500);
			const input = await items(docs(1, `WL${i}`));
			let completedAt = 0;
			const advance = (async () => {
				await sleep(completeAfter);
				completedAt = Date.now();
				// Everything pending runs now (parse, then extract, which parse schedules).
				for (let round = 0; round < 5; round++) {
					await fetch(`${sb.url}/_sandbox/advance`, { method: 'POST' });
				}
			})();
			const result = await runNode({
				nodeType: new Raydocs(),
				parameters: { resource: 'batch', operation: 'createSessions', template: TEMPLATE, autoExtract: true, waitForCompletion: true },
				credentials: raydocs(sb),
				input,
			});
			const returnedAt = Date.now();
			await advance;
			if (result.error || result.items[0]?.json.status !== 'completed') throw new Error(`wait latency sample ${i}: ${result.error?.message ?? JSON.stringify(result.items[0]?.json)}`);
			latencies.push(returnedAt - completedAt);
		}
		latencies.sort((a, b) => a - b);
		const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
		const cap = defaultWaitPolicy.maxDelayMs;
		add({ id: '6', metric: `Raydocs wait: completion → node returns, median ms (${samples} samples, done 0.5–10 s in)`, value: pick(0.5), note: `backoff cap ${cap} ms` });
		add({ id: '6', metric: 'Raydocs wait: completion → node returns, p95 ms', value: pick(0.95), target: `< ${cap}`, met: pick(0.95) < cap });
	});
}

/** 7: 1,000 Get Result items vs. a raw HTTP loop, zero-latency sandbox. */
async function overhead(): Promise<void> {
	await withSandbox({ rateLimits: { enabled: false }, timing: { parseMs: 0, extractMs: 0, jitterMs: 0 } }, async (sb) => {
		const created = await runNode({
			nodeType: new Raydocs(),
			parameters: { resource: 'batch', operation: 'createSessions', template: TEMPLATE, autoExtract: true, waitForCompletion: true },
			credentials: raydocs(sb),
			input: await items(docs(1, 'OV')),
		});
		if (created.error) throw created.error;
		const resultId = String(created.items[0].json.result_id);
		const count = 1000;
		const raw = async () => {
			const started = performance.now();
			for (let i = 0; i < count; i++) {
				const response = await fetch(`${sb.raydocsUrl}/extractions/results/${resultId}`, { headers: { Authorization: `Bearer ${sb.tokens.raydocs}`, Accept: 'application/json' } });
				await response.json();
			}
			return performance.now() - started;
		};
		const node = async () => {
			const started = performance.now();
			const result = await runNode({
				nodeType: new Raydocs(),
				parameters: { resource: 'result', operation: 'get', resultId },
				credentials: raydocs(sb),
				input: Array.from({ length: count }, () => ({ json: {} })),
			});
			if (result.error || result.items.length !== count) throw new Error('overhead run failed');
			return performance.now() - started;
		};
		// n8n's own request helper in a bare node (no code of ours): what n8n + axios cost by themselves.
		const bare = async () => {
			const url = `${sb.raydocsUrl}/extractions/results/${resultId}`;
			const nodeType = {
				description: { ...new Raydocs().description, properties: [] },
				async execute(this: import('n8n-workflow').IExecuteFunctions) {
					for (let i = 0; i < count; i++) {
						await this.helpers.httpRequestWithAuthentication.call(this, 'raydocsApi', { method: 'GET', url, json: true });
					}
					return [[]];
				},
			} as unknown as import('n8n-workflow').INodeType;
			const started = performance.now();
			const result = await runNode({ nodeType, parameters: {}, credentials: raydocs(sb) });
			if (result.error) throw result.error;
			return performance.now() - started;
		};
		await raw();
		await node(); // warm both paths
		await bare();
		const rawMs = Math.min(await raw(), await raw());
		const nodeMs = Math.min(await node(), await node());
		const bareMs = Math.min(await bare(), await bare());
		add({ id: '7', metric: `${count} Get Result items: node time / raw HTTP loop`, value: nodeMs / rawMs, target: '≤ 1.5', met: nodeMs / rawMs <= 1.5, note: `${Math.round(nodeMs)} ms vs ${Math.round(rawMs)} ms (best of 2)` });
		add({ id: '7b', metric: `  same, against n8n's bare httpRequestWithAuthentication loop`, value: nodeMs / bareMs, note: `n8n helper alone ${Math.round(bareMs)} ms = ${round(bareMs / rawMs, 2)}× raw fetch` });
	});
}

/** LlamaExtract Extract → Create on the demo saved configuration, waiting for every job. */
async function extractWithSavedConfiguration(sb: Sandbox, input: INodeExecutionData[]) {
	return await runNode({
		nodeType: new LlamaExtract(),
		parameters: {
			resource: 'extract',
			operation: 'create',
			fileSource: 'binary',
			configurationSource: 'saved',
			configuration: { __rl: true, mode: 'id', value: DEMO_IDS.llamaConfigurationId },
			waitForCompletion: true,
		},
		credentials: llama(sb),
		input,
	});
}

/**
 * 8: LlamaExtract, 200 documents through upload → create → wait in one execution (saved
 * configuration): API requests per document, and how long after each job completed in the
 * sandbox (its updated_at when COMPLETED) the node returned.
 */
async function llamaExtractEconomy(): Promise<void> {
	const N = 200;
	await withSandbox({ rateLimits: { enabled: false } }, async (sb) => {
		const result = await extractWithSavedConfiguration(sb, await items(docs(N, 'LE')));
		const returnedAt = Date.now();
		if (result.error) throw result.error;
		const completed = result.items.filter((item) => item.json.status === 'COMPLETED');
		const requests = apiRequests(sb, 'llamacloud');
		const byRoute = sb
			.stats()
			.rows.filter((row) => row.service === 'llamacloud')
			.map((row) => `${row.method} ${row.route} ×${row.count}`)
			.join(', ');
		const perDoc = requests / N;
		add({ id: '8', metric: `LlamaExtract ${N} docs upload+create+wait: API requests/doc (no PUTs)`, value: perDoc, target: '≤ 2.1', met: perDoc <= 2.1 && sb.stats().storage.puts === 0, note: `${requests} requests (${byRoute}), ${completed.length}/${N} completed, ${sb.stats().storage.puts} PUTs` });
		const latencies = completed.map((item) => returnedAt - Date.parse(String(item.json.updated_at))).sort((a, b) => a - b);
		const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
		add({ id: '8', metric: 'LlamaExtract same run: job completed → node returns, median ms', value: pick(0.5) });
		add({ id: '8', metric: 'LlamaExtract same run: job completed → node returns, p95 ms', value: pick(0.95), target: '≤ 10000', met: pick(0.95) <= 10_000, note: `max ${latencies[latencies.length - 1]} ms` });
	});
	// Long jobs (20–30 s): the backoff reaches its cap, so how late the last job is noticed shows
	// the cap at work (the earlier jobs wait for the last one by design).
	const M = 50;
	await withSandbox({ rateLimits: { enabled: false }, timing: { parseMs: 10_000, extractMs: 10_000, jitterMs: 10_000 } }, async (sb) => {
		const result = await extractWithSavedConfiguration(sb, await items(docs(M, 'LL')));
		const returnedAt = Date.now();
		if (result.error) throw result.error;
		const last = Math.max(...result.items.map((item) => Date.parse(String(item.json.updated_at))));
		const requests = apiRequests(sb, 'llamacloud');
		add({ id: '8b', metric: `LlamaExtract ${M} docs taking 20–30 s: last job completed → node returns, ms`, value: returnedAt - last, target: '≤ 10000', met: returnedAt - last <= 10_000, note: `${requests} requests = ${round(requests / M)}/doc` });
	});
}

async function main(): Promise<void> {
	// The real policies (1 s → 30 s backoff), as a user has them.
	console.log(`retry policy: base ${retryPolicy.baseDelayMs} ms, cap ${retryPolicy.maxDelayMs} ms; wait policy: ${defaultWaitPolicy.initialDelayMs} ms → ${defaultWaitPolicy.maxDelayMs} ms ×${defaultWaitPolicy.factor}`);
	console.log(`  ${'#'.padEnd(4)} ${'metric'.padEnd(64)} ${'value'.padStart(10)} target`);
	const started = Date.now();
	const steps: Array<[number, () => Promise<void>]> = [
		[1, economy],
		[3, rateLimitUse],
		[4, memory],
		[5, pollCost],
		[6, waitLatency],
		[7, overhead],
		[8, llamaExtractEconomy],
		[9, async () => await queueScaleOut(add)],
	];
	for (const [n, step] of steps) {
		if (!wanted(n) && !(n === 1 && wanted(2))) continue;
		try {
			await step();
		} catch (error) {
			add({ id: String(n), metric: `benchmark ${n} failed`, value: NaN, note: (error as Error).message.slice(0, 200) });
		}
	}
	const out = join(__dirname, 'results');
	mkdirSync(out, { recursive: true });
	const report = { when: new Date().toISOString(), node: process.version, durationMs: Date.now() - started, bigFileMb: Number(process.env.BENCH_BIG_FILE_MB ?? 1024), rows };
	writeFileSync(join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
	const missed = rows.filter((row) => row.met === false).length;
	console.log(`\n${rows.filter((r) => r.met).length} targets met, ${missed} missed; written to dev/bench/results/latest.json (${Math.round((Date.now() - started) / 1000)} s)`);
	process.exit(0);
}

void main();
