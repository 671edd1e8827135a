/**
 * A throwaway real n8n (2.41.1, Node 24) with this package linked as a community package.
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
 * Every spawned process is tracked; `dispose()` stops them, and they are killed when this
 * process exits. See dev/n8n/README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const PACKAGE_NAME = 'n8n-nodes-document-extraction';
/** The n8n line the package is built against (dev/n8n/setup.sh's default). */
export const DEFAULT_N8N_VERSION = '2.41.1';
/** The maintained 1.x release the e2e example and AI Agent suites also run on. */
export const N8N_1X_VERSION = '1.123.81';
/**
 * The n8n version this process runs: `E2E_N8N_VERSION` (installed by
 * `N8N_VERSION=<v> dev/n8n/setup.sh`, e.g. 1.123.81), else 2.41.1.
 */
export const N8N_VERSION = process.env.E2E_N8N_VERSION || DEFAULT_N8N_VERSION;
/** Fixed so credentials imported in one run can be read in the next one. Test-only value. */
export const ENCRYPTION_KEY = 'e2e-only-not-a-secret-0123456789abcdef';

export const OWNER = {
	email: 'owner@example.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

/* ------------------------------------------------------------------ runtime location */

export interface Runtime {
	nodeBin: string;
	n8nBin: string;
	n8nDir: string;
	version: string;
}

export function cacheDir(): string {
	return (
		process.env.N8N_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'n8n-nodes-document-extraction')
	);
}

/**
 * Reads `runtime-<version>.env` written by dev/n8n/setup.sh (caches made before there was one per
 * version have only `runtime.env`, for 2.41.1).
 */
export function resolveRuntime(version = N8N_VERSION): Runtime {
	let file = path.join(cacheDir(), `runtime-${version}.env`);
	if (!fs.existsSync(file) && version === DEFAULT_N8N_VERSION) file = path.join(cacheDir(), 'runtime.env');
	if (!fs.existsSync(file)) {
		throw new Error(
			`n8n ${version} is not installed (no ${file}). Run N8N_VERSION=${version} dev/n8n/setup.sh first ` +
				'(npm run n8n:setup for 2.41.1); the first install takes ~7 minutes.',
		);
	}
	const vars: Record<string, string> = {};
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (m) vars[m[1]] = m[2];
	}
	const rt: Runtime = {
		nodeBin: vars.NODE_BIN,
		n8nBin: vars.N8N_BIN,
		n8nDir: vars.N8N_DIR,
		version: vars.N8N_VERSION,
	};
	for (const p of [rt.nodeBin, rt.n8nBin]) {
		if (!p || !fs.existsSync(p)) {
			throw new Error(`${file} points to a missing file (${p}); run dev/n8n/setup.sh again.`);
		}
	}
	if (rt.version !== version) throw new Error(`${file} is for n8n ${rt.version}, not ${version}; run dev/n8n/setup.sh again.`);
	return rt;
}

/* ------------------------------------------------------------------ process tracking */

const tracked = new Set<ChildProcess>();
/** Temporary folders removed at exit unless N8N_E2E_KEEP=1 (dispose() removes them earlier). */
const tempDirs = new Set<string>();
let exitHookInstalled = false;

/**
 * Every spawned process is also recorded in a file under os.tmpdir(), so that processes
 * orphaned by a runner that was SIGKILLed (no exit hook runs then) are reaped by the next run.
 */
const REGISTRY = path.join(os.tmpdir(), 'n8n-runner-processes');

function register(child: ChildProcess, marker: string): void {
	fs.mkdirSync(REGISTRY, { recursive: true });
	fs.writeFileSync(path.join(REGISTRY, String(child.pid)), JSON.stringify({ owner: process.pid, marker }));
}

function unregister(child: ChildProcess): void {
	fs.rmSync(path.join(REGISTRY, String(child.pid)), { force: true });
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Kills process groups left behind by runners that died without cleaning up. */
function reapOrphans(): void {
	let entries: string[] = [];
	try {
		entries = fs.readdirSync(REGISTRY);
	} catch {
		return;
	}
	for (const name of entries) {
		const file = path.join(REGISTRY, name);
		try {
			const pid = Number(name);
			const { owner, marker } = JSON.parse(fs.readFileSync(file, 'utf8'));
			if (alive(owner)) continue;
			let cmdline = '';
			try {
				cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			} catch {
				/* gone */
			}
			// Only if the pid still runs what we started (pids are reused).
			if (cmdline.includes(marker)) {
				process.stderr.write(`[n8n runner] killing orphaned ${marker} (pid ${pid}) of dead runner ${owner}\n`);
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					/* already gone */
				}
			}
			fs.rmSync(file, { force: true });
		} catch {
			/* unreadable entry: leave it */
		}
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	reapOrphans();
	// 'exit' handlers must be synchronous: SIGKILL every process group we started.
	process.on('exit', () => {
		for (const child of tracked) {
			killGroup(child, 'SIGKILL');
			unregister(child);
		}
		if (!process.env.N8N_E2E_KEEP) {
			for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
		}
	});
	// Ctrl-C / SIGTERM: stop n8n gracefully (SIGTERM, up to 8 s), then exit; the exit handler
	// SIGKILLs whatever is left. A second signal exits at once.
	let stopping = false;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			const code = 128 + (os.constants.signals[signal] ?? 0);
			if (stopping) process.exit(code);
			stopping = true;
			const children = [...tracked];
			for (const child of children) if (isRunning(child)) child.kill('SIGTERM');
			void Promise.race([Promise.all(children.map((c) => waitExit(c, 8000))), sleep(8000)]).then(() =>
				process.exit(code),
			);
		});
	}
}

/** Kills a child's whole process group (n8n starts task-runner children of its own). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

function isRunning(child: ChildProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (!isRunning(child)) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** SIGTERM to the node process's own PID, SIGKILL to its group after `timeoutMs`. */
export async function stopProcess(child: ChildProcess, timeoutMs = 15000): Promise<void> {
	if (isRunning(child)) {
		child.kill('SIGTERM');
		if (!(await waitExit(child, timeoutMs))) {
			killGroup(child, 'SIGKILL');
			await waitExit(child, 5000);
		}
	}
	// Leftover children in the group (task runners) go too.
	killGroup(child, 'SIGKILL');
	tracked.delete(child);
	unregister(child);
}

interface Proc {
	child: ChildProcess;
	name: string;
	output: () => string;
}

function spawnTracked(
	name: string,
	cmd: string,
	args: string[],
	opts: { env: NodeJS.ProcessEnv; cwd?: string; logFile?: string },
): Proc {
	installExitHook();
	const child = spawn(cmd, args, {
		env: opts.env,
		cwd: opts.cwd,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true, // own process group, so its children can be killed with it
	});
	tracked.add(child);
	// What /proc/<pid>/cmdline must contain for the reaper: the n8n script path, or the binary's name.
	if (child.pid !== undefined) register(child, args[0]?.startsWith('/') ? args[0] : path.basename(cmd));
	child.once('exit', () => {
		tracked.delete(child);
		unregister(child);
	});
	const chunks: string[] = [];
	const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
	const verbose = !!process.env.N8N_E2E_VERBOSE;
	const onData = (buf: Buffer) => {
		const text = buf.toString('utf8');
		chunks.push(text);
		log?.write(text);
		if (verbose) {
			for (const line of text.split('\n')) if (line) process.stderr.write(`[${name}] ${line}\n`);
		}
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	child.once('close', () => log?.end());
	return { child, name, output: () => chunks.join('') };
}

/* ------------------------------------------------------------------ small helpers */

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** n8n-style workflow/credential id: 16 alphanumerics. */
export function newId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

async function waitFor<T>(
	what: string,
	fn: () => Promise<T | undefined>,
	opts: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<T> {
	const deadline = Date.now() + opts.timeoutMs;
	for (;;) {
		const reason = opts.abort?.();
		if (reason) throw new Error(`${what}: ${reason}`);
		try {
			const v = await fn();
			if (v !== undefined) return v;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) throw new Error(`${what}: timed out after ${opts.timeoutMs} ms`);
		await sleep(opts.intervalMs ?? 250);
	}
}

/* ------------------------------------------------------------------ types */

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
	/** Folder of this package (with `dist/` built). */
	packageRoot: string;
	/** HTTP port of `n8n start`; a free one when omitted. */
	port?: number;
	/** Extra environment for every n8n process of this instance (overrides the defaults). */
	env?: Record<string, string>;
	/** Existing user folder to reuse (default: a fresh one under os.tmpdir()). */
	userFolder?: string;
	/** Link the package as a community package (default true). */
	linkPackage?: boolean;
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

/* ------------------------------------------------------------------ REST / public API client */

export interface HttpResponse<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

export class ApiClient {
	constructor(
		readonly baseUrl: string,
		private readonly headers: Record<string, string>,
	) {}

	async request<T = any>(method: string, urlPath: string, body?: unknown): Promise<HttpResponse<T>> {
		const res = await fetch(this.baseUrl + urlPath, {
			method,
			headers: {
				...this.headers,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		let parsed: any = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: res.status, body: parsed as T, headers: res.headers };
	}

	/** Like request(), but throws on a non-2xx answer. */
	async call<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const res = await this.request<T>(method, urlPath, body);
		if (res.status < 200 || res.status >= 300) {
			throw new Error(
				`${method} ${this.baseUrl}${urlPath} → ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`,
			);
		}
		return res.body;
	}

	get<T = any>(p: string) {
		return this.call<T>('GET', p);
	}
	post<T = any>(p: string, body?: unknown) {
		return this.call<T>('POST', p, body ?? {});
	}
	put<T = any>(p: string, body?: unknown) {
		return this.call<T>('PUT', p, body ?? {});
	}
	delete<T = any>(p: string) {
		return this.call<T>('DELETE', p);
	}
}

/** Public API (`/api/v1`, X-N8N-API-KEY) plus the owner's session for internal `/rest` calls. */
export interface ApiAccess {
	apiKey: string;
	/** `/api/v1/...` with the API key: workflows activate/deactivate, executions. */
	api: ApiClient;
	/** `/rest/...` with the owner's session cookie (the editor's internal API). */
	rest: ApiClient;
	/** The server root with the owner's session cookie (e.g. `/types/nodes.json`). */
	web: ApiClient;
}

/* ------------------------------------------------------------------ the instance */

const BROWSER_ID = 'e2e-browser';

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
	private readonly linkPkg: boolean;
	private logSeq = 0;

	constructor(opts: {
		runtime: Runtime;
		userFolder: string;
		packageRoot: string;
		port: number;
		brokerPort: number;
		env: Record<string, string>;
		removeOnDispose: boolean;
		linkPackage: boolean;
	}) {
		this.runtime = opts.runtime;
		this.userFolder = opts.userFolder;
		this.packageRoot = opts.packageRoot;
		this.port = opts.port;
		this.brokerPort = opts.brokerPort;
		this.extraEnv = opts.env;
		this.removeOnDispose = opts.removeOnDispose;
		this.linkPkg = opts.linkPackage;
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
		tracked.delete(proc.child);
		unregister(proc.child);
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
			if (this.linkPkg) linkPackage(workerFolder, this.packageRoot);
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
		if (this.access) return this.access;
		const anon = new ApiClient(this.baseUrl, { 'browser-id': BROWSER_ID });
		const setup = await anon.request('POST', '/rest/owner/setup', OWNER);
		if (setup.status !== 200 && setup.status !== 400) {
			throw new Error(`owner setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
		}
		const login = await anon.request('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		const cookie = (login.headers.getSetCookie?.() ?? [])
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('n8n-auth='));
		if (login.status !== 200 || !cookie) {
			throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
		}
		const rest = new ApiClient(`${this.baseUrl}/rest`, { 'browser-id': BROWSER_ID, cookie });
		const keyFile = path.join(this.userFolder, 'e2e-api-key');
		let apiKey = fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : '';
		if (!apiKey) {
			const scopes = (await rest.get<{ data: string[] }>('/api-keys/scopes')).data;
			const created = await rest.post<{ data: { rawApiKey: string } }>('/api-keys', {
				label: `e2e ${Date.now()}`,
				scopes,
				expiresAt: null,
			});
			apiKey = created.data.rawApiKey;
			fs.writeFileSync(keyFile, apiKey);
		}
		const api = new ApiClient(`${this.baseUrl}/api/v1`, { 'X-N8N-API-KEY': apiKey });
		const web = new ApiClient(this.baseUrl, { 'browser-id': BROWSER_ID, cookie });
		this.access = { apiKey, api, rest, web };
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
			tempDirs.delete(this.userFolder);
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
 * Links the package like a community install: `.n8n/nodes/node_modules/<name>` → packageRoot.
 * n8n 2.41 finds community packages by globbing `n8n-nodes-*` in that folder (symlinks count);
 * no `.n8n/nodes/package.json` and no database row are needed (measured).
 */
export function linkPackage(userFolder: string, packageRoot: string): void {
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	fs.symlinkSync(path.resolve(packageRoot), target, 'dir');
}

/** A fresh, stopped instance with the package linked. Nothing is spawned yet. */
export async function createInstance(opts: InstanceOptions): Promise<N8nInstance> {
	const runtime = resolveRuntime();
	const packageRoot = path.resolve(opts.packageRoot);
	if (opts.linkPackage !== false && !fs.existsSync(path.join(packageRoot, 'dist'))) {
		throw new Error(`${packageRoot}/dist does not exist; run npm run build first`);
	}
	installExitHook();
	const userFolder = opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	if (!opts.userFolder && opts.removeOnDispose !== false) tempDirs.add(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	if (opts.linkPackage !== false) linkPackage(userFolder, packageRoot);
	return new N8nInstance({
		runtime,
		userFolder,
		packageRoot,
		port: opts.port ?? (await freePort()),
		brokerPort: await freePort(),
		env: opts.env ?? {},
		removeOnDispose: opts.removeOnDispose ?? !opts.userFolder,
		linkPackage: opts.linkPackage !== false,
	});
}

/* ------------------------------------------------------------------ Redis (queue mode) */

export interface RedisServer {
	port: number;
	stop(): Promise<void>;
}

let redisInstalled = false;

/** Finds redis-server, installing Debian's package (apt-get update, then install) if missing. */
let chromiumInstalled = false;

/**
 * Headless Chromium for the editor e2e: $CHROMIUM_PATH, else Debian's `chromium` package
 * (/usr/bin/chromium), installed with apt-get when missing (~40 s, 115 packages on Debian 12).
 * playwright-core drives it and never downloads a browser of its own.
 */
export function ensureChromium(): string {
	if (process.env.CHROMIUM_PATH) {
		if (!fs.existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
		return process.env.CHROMIUM_PATH;
	}
	const bin = '/usr/bin/chromium';
	if (fs.existsSync(bin)) return bin;
	if (chromiumInstalled) throw new Error(`${bin} still missing after apt-get install`);
	chromiumInstalled = true;
	const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	process.stderr.write('[n8n runner] chromium missing: apt-get update && apt-get install -y chromium\n');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', 'chromium']]) {
		const cmd = [...asRoot, ...args];
		const r = spawnSync(cmd[0], cmd.slice(1), { env, stdio: ['ignore', 'inherit', 'inherit'] });
		if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (exit ${r.status})`);
	}
	if (!fs.existsSync(bin)) throw new Error(`${bin} not found after apt-get install chromium`);
	return bin;
}

export function ensureRedisServer(): string {
	const which = () => spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	let bin = which();
	if (bin) return bin;
	if (redisInstalled) throw new Error('redis-server still missing after apt-get install');
	redisInstalled = true;
	const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	process.stderr.write('[n8n runner] redis-server missing: apt-get update && apt-get install -y redis-server\n');
	// RUNLEVEL=1: the package's postinst must not start a system-wide redis on port 6379.
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
	for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'redis-server']]) {
		const cmd = [...asRoot, ...args];
		const r = spawnSync(cmd[0], cmd.slice(1), { env, stdio: ['ignore', 'inherit', 'inherit'] });
		if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (exit ${r.status})`);
	}
	bin = which();
	if (!bin) throw new Error('redis-server not found after apt-get install');
	return bin;
}

/** Starts a private redis-server on a free loopback port (no persistence). */
export async function startRedis(opts: { port?: number } = {}): Promise<RedisServer> {
	const bin = ensureRedisServer();
	const port = opts.port ?? (await freePort());
	installExitHook();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-redis-'));
	tempDirs.add(dir);
	const proc = spawnTracked(
		'redis',
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ env: process.env, cwd: dir },
	);
	await waitFor(
		`redis-server on 127.0.0.1:${port}`,
		async () => ((await redisPing(port)) ? true : undefined),
		{
			timeoutMs: 15000,
			abort: () => (isRunning(proc.child) ? undefined : `exited\n${tail(proc.output())}`),
		},
	);
	return {
		port,
		async stop() {
			await stopProcess(proc.child, 5000);
			fs.rmSync(dir, { recursive: true, force: true });
			tempDirs.delete(dir);
		},
	};
}

function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const sock = net.connect(port, '127.0.0.1');
		const done = (ok: boolean) => {
			sock.destroy();
			resolve(ok);
		};
		sock.setTimeout(1000, () => done(false));
		sock.on('error', () => done(false));
		sock.on('connect', () => sock.write('PING\r\n'));
		sock.on('data', (d) => done(d.toString().startsWith('+PONG')));
	});
}
