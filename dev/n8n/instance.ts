/**
 * A throwaway real n8n (2.41.1, Node 24) with our packages installed as community packages: their
 * tarballs (dist/tarballs/, made by `npm run build`) `npm install`ed into `~/.n8n/nodes`, as a
 * user installs them by hand.
 *
 * The library itself runs on the project's Node (20+, via ts-jest or tsx); it spawns n8n with
 * the Node 24 that `dev/n8n/setup.sh` installed into the cache under the home directory.
 *
 *   const n8n = await createInstance({ packageRoot });
 *   await n8n.importCredentials([...]); await n8n.importWorkflows([...]);
 *   const run = await n8n.execute(id);          // n8n execute --id=… --rawOutput
 *   await n8n.publish(id); await n8n.start();   // triggers, webhooks, REST API
 *   const api = await n8n.setupOwnerAndApiKey(); await api.get('/executions');
 *   await n8n.dispose();
 *
 * Every spawned process is tracked (processes.ts); `dispose()` stops them, and they are killed
 * when this process exits. See dev/n8n/README.md.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { signInOwner, type ApiAccess } from './apiClient';
import {
	freePort,
	installExitHook,
	isRunning,
	keepAtExit,
	killGroup,
	removeAtExit,
	spawnTracked,
	stopProcess,
	tail,
	untrack,
	waitExit,
	waitFor,
	type Proc,
} from './processes';
import { servicePackages, tarballs } from '../packages.cjs';
import { ENCRYPTION_KEY, resolveRuntime, type Runtime } from './runtime';

/** n8n-style workflow/credential id: 16 alphanumerics. */
export function newId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

export interface CredentialInput {
	id?: string;
	name: string;
	type: string;
	/** Plain values; n8n encrypts them on import. */
	data: Record<string, unknown>;
}

/** A workflow as exported by n8n (nodes, connections, settings…). `id` is assigned if missing. */
export interface WorkflowInput {
	id?: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ExecuteResult {
	exitCode: number | null;
	/** Parsed run JSON (`--rawOutput`), or undefined when n8n printed none. */
	json: any;
	/** `json.data.resultData.error.message` when the run failed (exit code 1). */
	errorMessage?: string;
	/** Everything n8n printed, for assertions on error messages and for debugging. */
	log: string;
	durationMs: number;
}

export interface InstanceOptions {
	/** The repository root (its `npm run build` made the tarballs in dist/tarballs/). */
	packageRoot: string;
	/** HTTP port of `n8n start`; a free one when omitted. */
	port?: number;
	/** Extra environment for every n8n process of this instance (overrides the defaults). */
	env?: Record<string, string>;
	/** Existing user folder to reuse (default: a fresh one under os.tmpdir()). */
	userFolder?: string;
	/**
	 * Which of our packages to install (names, e.g. ['n8n-nodes-raydocs']); default all three;
	 * `false` for none.
	 */
	packages?: string[] | false;
	/** Remove the user folder on dispose (default true unless N8N_E2E_KEEP=1). */
	removeOnDispose?: boolean;
}

export interface QueueModeOptions {
	redisPort: number;
	/** Number of workers (default 1). */
	workers?: number;
	/** Worker concurrency (default 5). */
	concurrency?: number;
	timeoutMs?: number;
}

export class N8nInstance {
	readonly runtime: Runtime;
	readonly userFolder: string;
	readonly packageRoot: string;
	port: number;
	brokerPort: number;
	private main?: Proc;
	private workers: Proc[] = [];
	private queue?: QueueModeOptions;
	private access?: ApiAccess;
	private disposed = false;
	private readonly extraEnv: Record<string, string>;
	private readonly removeOnDispose: boolean;
	/** Our packages installed in every user folder of this instance (main and workers). */
	readonly packages: string[];
	private logSeq = 0;

	constructor(opts: {
		runtime: Runtime;
		userFolder: string;
		packageRoot: string;
		port: number;
		brokerPort: number;
		env: Record<string, string>;
		removeOnDispose: boolean;
		packages: string[];
	}) {
		this.runtime = opts.runtime;
		this.userFolder = opts.userFolder;
		this.packageRoot = opts.packageRoot;
		this.port = opts.port;
		this.brokerPort = opts.brokerPort;
		this.extraEnv = opts.env;
		this.removeOnDispose = opts.removeOnDispose;
		this.packages = opts.packages;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** n8n 1.x (1.123): no `mcp-registry` module to disable, `WEBHOOK_URL`, `update:workflow --active`. */
	get isV1(): boolean {
		return this.runtime.version.startsWith('1.');
	}

	get running(): boolean {
		return !!this.main && isRunning(this.main.child);
	}

	/** Output of the running (or last) main process. */
	mainLog(): string {
		return this.main?.output() ?? '';
	}

	/** Output of each worker process (queue mode). */
	workerLogs(): string[] {
		return this.workers.map((w) => w.output());
	}

	/** Process id of each worker's n8n process (queue mode), e.g. to read its memory in /proc. */
	workerPids(): number[] {
		return this.workers.map((w) => w.child.pid).filter((pid): pid is number => pid !== undefined);
	}

	/** Environment for every n8n process of this instance. */
	env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
		const base: NodeJS.ProcessEnv = {};
		for (const [k, v] of Object.entries(process.env)) {
			// Nothing from the caller's n8n/queue settings leaks in; NODE_OPTIONS may carry
			// loaders (tsx, ts-node) that Node 24 + n8n must not get.
			if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|OFFLOAD_|WEBHOOK_URL$|NODE_OPTIONS$|GENERIC_TIMEZONE$)/.test(k)) continue;
			base[k] = v;
		}
		return {
			...base,
			PATH: `${path.dirname(this.runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			// 2.x fetches an MCP server list from the internet unless this module is off; 1.x has
			// no such module and refuses the variable ("Unknown module").
			...(this.isV1 ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_PORT: String(this.port),
			// WEBHOOK_URL on 1.x; 2.x deprecates it for N8N_WEBHOOK_URL.
			...(this.isV1 ? { WEBHOOK_URL: `${this.baseUrl}/` } : { N8N_WEBHOOK_URL: `${this.baseUrl}/` }),
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_LOG_LEVEL: 'info', // not lower: `execute --rawOutput` prints its result via the logger
			N8N_LOG_OUTPUT: 'console',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			NODE_ENV: 'production',
			...this.extraEnv,
			...overrides,
		};
	}

	private logFile(name: string): string {
		const dir = path.join(this.userFolder, 'logs');
		fs.mkdirSync(dir, { recursive: true });
		return path.join(dir, `${String(++this.logSeq).padStart(3, '0')}-${name}.log`);
	}

	/** Runs an n8n CLI command to completion (while the server is stopped). */
	async cli(
		args: string[],
		opts: { env?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<{ exitCode: number | null; output: string; durationMs: number }> {
		const started = Date.now();
		const proc = spawnTracked(
			`n8n ${args[0]}`,
			this.runtime.nodeBin,
			[this.runtime.n8nBin, ...args],
			{ env: this.env(opts.env), cwd: this.userFolder, logFile: this.logFile(args[0].replace(/\W+/g, '_')) },
		);
		const timeoutMs = opts.timeoutMs ?? 180000;
		if (!(await waitExit(proc.child, timeoutMs))) {
			await stopProcess(proc.child, 5000);
			throw new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(proc.output())}`);
		}
		await new Promise((r) => setImmediate(r)); // let the last output chunks arrive
		killGroup(proc.child, 'SIGKILL'); // any task runner left behind
		untrack(proc.child);
		return { exitCode: proc.child.exitCode, output: proc.output(), durationMs: Date.now() - started };
	}

	private async cliOk(args: string[]): Promise<string> {
		const r = await this.cli(args);
		if (r.exitCode !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${r.exitCode})\n${tail(r.output)}`);
		}
		return r.output;
	}

	private assertStopped(what: string): void {
		if (this.running) {
			throw new Error(
				`${what} needs n8n stopped (the CLI would share its ports and database); call stop() first`,
			);
		}
	}

	/** `n8n import:credentials`; returns the ids (assigned when missing). */
	async importCredentials(creds: CredentialInput[]): Promise<string[]> {
		this.assertStopped('importCredentials');
		const withIds = creds.map((c) => ({ ...c, id: c.id ?? newId() }));
		const file = path.join(this.userFolder, 'import', `credentials-${Date.now()}.json`);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, JSON.stringify(withIds, null, 2));
		await this.cliOk(['import:credentials', `--input=${file}`]);
		return withIds.map((c) => c.id);
	}

	/** `n8n import:workflow --separate`; returns the ids (assigned when missing). Import deactivates. */
	async importWorkflows(workflows: WorkflowInput[]): Promise<string[]> {
		this.assertStopped('importWorkflows');
		const dir = path.join(this.userFolder, 'import', `workflows-${Date.now()}-${this.logSeq}`);
		fs.mkdirSync(dir, { recursive: true });
		const ids: string[] = [];
		for (const wf of workflows) {
			const id = wf.id ?? newId();
			ids.push(id);
			const full = { active: false, settings: {}, ...wf, id };
			fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(full, null, 2));
		}
		await this.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
		return ids;
	}

	/** `n8n execute --id=<id> --rawOutput`: exit code 0 on success, 1 when a node failed. */
	async execute(workflowId: string, opts: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		this.assertStopped('execute');
		const r = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], opts);
		const json = parseRawOutput(r.output);
		const errorMessage: string | undefined = json?.data?.resultData?.error?.message;
		return { exitCode: r.exitCode, json, errorMessage, log: r.output, durationMs: r.durationMs };
	}

	/**
	 * `n8n publish:workflow --id=<id>` (n8n stopped; `update:workflow --id=<id> --active=true` on
	 * 1.x, which has no publish command); it becomes active on the next start().
	 */
	async publish(workflowId: string): Promise<void> {
		this.assertStopped('publish');
		await this.cliOk(
			this.isV1 ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`],
		);
	}

	/** Starts `n8n start` (regular mode) and waits until it is ready. */
	async start(opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<void> {
		if (this.disposed) throw new Error('instance disposed');
		if (this.running) return;
		this.access = undefined; // a new process; the session cookie is still valid, keep API key
		this.main = spawnTracked('n8n main', this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			env: this.env({ ...(this.queue ? queueEnv(this.queue) : {}), ...opts.env }),
			cwd: this.userFolder,
			logFile: this.logFile('main'),
		});
		await this.waitReady(this.main, `${this.baseUrl}/healthz/readiness`, opts.timeoutMs ?? 120000);
	}

	private async waitReady(proc: Proc, url: string, timeoutMs: number): Promise<void> {
		const started = Date.now();
		await waitFor(
			`${proc.name} readiness (${url})`,
			async () => ((await fetch(url)).status === 200 ? true : undefined),
			{
				timeoutMs,
				abort: () =>
					isRunning(proc.child)
						? undefined
						: `exited with ${proc.child.exitCode ?? proc.child.signalCode}\n${tail(proc.output())}`,
			},
		).catch((e: Error) => {
			throw new Error(`${e.message}\n--- last output ---\n${tail(proc.output())}`);
		});
		if (proc === this.main) {
			// Readiness comes before workflows are activated; the editor line is printed last.
			await waitFor(
				'n8n main start-up',
				async () => (/Editor is now accessible/.test(proc.output()) ? true : undefined),
				{ timeoutMs: Math.max(10000, timeoutMs - (Date.now() - started)) },
			).catch(() => undefined);
		}
	}

	/** Stops main and workers: SIGTERM to each node process, SIGKILL after `timeoutMs`. */
	async stop(timeoutMs = 20000): Promise<void> {
		const procs = [...this.workers, ...(this.main ? [this.main] : [])];
		await Promise.all(procs.map((p) => stopProcess(p.child, timeoutMs)));
		this.workers = [];
	}

	/** Stops and starts again in the same mode (regular or queue) with the same user folder. */
	async restart(opts: { timeoutMs?: number } = {}): Promise<void> {
		await this.stop();
		if (this.queue) await this.startQueueMode(this.queue);
		else await this.start(opts);
	}

	/**
	 * Queue mode: main with EXECUTIONS_MODE=queue and `workers` × `n8n worker`, each with its own
	 * task-runner broker port and health-check port. Pollers and webhooks are handled by main; the
	 * executions they start run on a worker ("Worker started execution …" in workerLogs()).
	 *
	 * Each worker has a user folder of its own (like a separate machine: its own crash journal,
	 * the package linked there too) and shares main's SQLite file through DB_SQLITE_DATABASE.
	 * Binary data defaults to `database` mode in queue mode, so it is shared as well.
	 */
	async startQueueMode(opts: QueueModeOptions): Promise<void> {
		if (this.running) throw new Error('already running; stop() first');
		this.queue = { workers: 1, concurrency: 5, ...opts };
		const timeoutMs = opts.timeoutMs ?? 120000;
		await this.start({ timeoutMs });
		for (let i = 0; i < (this.queue.workers ?? 1); i++) {
			const healthPort = await freePort();
			const brokerPort = await freePort();
			const workerFolder = path.join(this.userFolder, 'workers', `worker${i + 1}`);
			fs.mkdirSync(workerFolder, { recursive: true });
			installPackages(workerFolder, this.packages);
			const worker = spawnTracked(
				`n8n worker${i + 1}`,
				this.runtime.nodeBin,
				[this.runtime.n8nBin, 'worker', `--concurrency=${this.queue.concurrency}`],
				{
					env: this.env({
						...queueEnv(this.queue),
						N8N_USER_FOLDER: workerFolder,
						DB_SQLITE_DATABASE: path.join(this.userFolder, '.n8n', 'database.sqlite'),
						N8N_RUNNERS_BROKER_PORT: String(brokerPort),
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(healthPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					}),
					cwd: workerFolder,
					logFile: this.logFile(`worker${i + 1}`),
				},
			);
			this.workers.push(worker);
			await this.waitReady(worker, `http://127.0.0.1:${healthPort}/healthz/readiness`, timeoutMs);
		}
	}

	/**
	 * Creates the owner (first start only), logs in, and creates an API key with every scope.
	 * n8n must be running. Cached per process start.
	 */
	async setupOwnerAndApiKey(): Promise<ApiAccess> {
		if (!this.running) throw new Error('setupOwnerAndApiKey needs n8n running; call start() first');
		this.access ??= await signInOwner(this.baseUrl, this.userFolder);
		return this.access;
	}

	/** Activates a workflow live through the public API (n8n running; API key set up on demand). */
	async activate(workflowId: string): Promise<void> {
		const { api } = await this.setupOwnerAndApiKey();
		await api.post(`/workflows/${workflowId}/activate`);
	}

	/** Deactivates a workflow live through the public API. */
	async deactivate(workflowId: string): Promise<void> {
		const { api } = await this.setupOwnerAndApiKey();
		await api.post(`/workflows/${workflowId}/deactivate`);
	}

	/**
	 * Waits until a production webhook is (or, with `registered: false`, is no longer) served.
	 * Activation answers before the webhook is registered (~1 s later, measured), so tests wait
	 * here. It probes with a CORS preflight (OPTIONS), which never starts an execution: n8n
	 * answers 204 listing the webhook's methods when it is registered.
	 */
	async waitForWebhook(
		webhookPath: string,
		opts: { method?: string; registered?: boolean; timeoutMs?: number } = {},
	): Promise<void> {
		const method = (opts.method ?? 'POST').toUpperCase();
		const want = opts.registered ?? true;
		const url = `${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
		await waitFor(
			`webhook ${method} ${url} ${want ? 'registered' : 'removed'}`,
			async () => {
				const res = await fetch(url, {
					method: 'OPTIONS',
					headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
				});
				await res.arrayBuffer();
				const methods = (res.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
				const registered = res.status === 204 && methods.includes(method);
				return registered === want ? true : undefined;
			},
			{ timeoutMs: opts.timeoutMs ?? 15000, intervalMs: 200 },
		);
	}

	/** Waits until a line matching `re` appears in main's (or a worker's) output. */
	async waitForLog(re: RegExp, opts: { timeoutMs?: number; worker?: number } = {}): Promise<string> {
		const read = () => (opts.worker !== undefined ? this.workerLogs()[opts.worker] : this.mainLog()) ?? '';
		return waitFor(`log ${re}`, async () => read().match(re)?.[0], { timeoutMs: opts.timeoutMs ?? 60000 });
	}

	/** Stops every process and removes the user folder (unless N8N_E2E_KEEP=1). */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		await this.stop(10000);
		if (this.removeOnDispose && !process.env.N8N_E2E_KEEP) {
			fs.rmSync(this.userFolder, { recursive: true, force: true });
			keepAtExit(this.userFolder);
		}
	}
}

function queueEnv(q: QueueModeOptions): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(q.redisPort),
	};
}

/** The run JSON printed by `n8n execute --rawOutput`: from the first line that starts with `{`. */
export function parseRawOutput(output: string): any {
	const lines = output.split('\n');
	const start = lines.findIndex((l) => l.startsWith('{'));
	if (start < 0) return undefined;
	const rest = lines.slice(start);
	// Log lines may follow the JSON: try the longest prefix that parses.
	for (let end = rest.length; end > 0; end--) {
		const candidate = rest.slice(0, end).join('\n').trim();
		if (!candidate.endsWith('}')) continue;
		try {
			return JSON.parse(candidate);
		} catch {
			/* shorter */
		}
	}
	return undefined;
}

/**
 * Installs our packages as a user does by hand: `npm install <tarball>…` in
 * `$N8N_USER_FOLDER/.n8n/nodes` (n8n 2.41 loads every `n8n-nodes-*` folder of its node_modules at
 * start-up). The packages have no dependency and n8n-workflow is an optional peer, so npm adds
 * nothing else (~1 s, no network).
 */
export function installPackages(userFolder: string, names: string[]): void {
	if (names.length === 0) return;
	const dir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(dir, { recursive: true });
	// A user folder kept from before the split (npm run n8n's) links the old bundle, whose
	// credential types would collide with the packages'.
	fs.rmSync(path.join(dir, 'node_modules', 'n8n-nodes-document-extraction'), { recursive: true, force: true });
	const built = tarballs();
	const files = names.map((name) => {
		if (!built[name]) throw new Error(`${name} is not one of our packages (${Object.keys(built).join(', ')})`);
		return built[name];
	});
	const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', ...files], { cwd: dir, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm install ${names.join(' ')} in ${dir} failed:\n${result.stderr}`);
}

/** A fresh, stopped instance with the package linked. Nothing is spawned yet. */
export async function createInstance(opts: InstanceOptions): Promise<N8nInstance> {
	const runtime = resolveRuntime();
	const packageRoot = path.resolve(opts.packageRoot);
	const packages = opts.packages === false ? [] : (opts.packages ?? servicePackages().map((p) => p.name));
	installExitHook();
	const userFolder = opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	if (!opts.userFolder && opts.removeOnDispose !== false) removeAtExit(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	installPackages(userFolder, packages);
	return new N8nInstance({
		runtime,
		userFolder,
		packageRoot,
		port: opts.port ?? (await freePort()),
		brokerPort: await freePort(),
		env: opts.env ?? {},
		removeOnDispose: opts.removeOnDispose ?? !opts.userFolder,
		packages,
	});
}
