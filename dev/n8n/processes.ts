/**
 * Every process the dev tools spawn (n8n main, workers, CLI commands, redis-server): spawned in a
 * process group of its own, tracked, stopped on exit or on a signal, and recorded in a registry
 * on disk so that the orphans of a dev process that was SIGKILLed are reaped by the next one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const tracked = new Set<ChildProcess>();
/** Temporary folders removed at exit unless N8N_E2E_KEEP=1 (dispose() removes them earlier). */
const tempDirs = new Set<string>();

/** Removes `dir` when this process exits (unless N8N_E2E_KEEP=1). */
export function removeAtExit(dir: string): void {
	tempDirs.add(dir);
}

/** `dir` is already gone (or kept on purpose): nothing to remove at exit. */
export function keepAtExit(dir: string): void {
	tempDirs.delete(dir);
}

let exitHookInstalled = false;

/**
 * Every spawned process is also recorded in a file under os.tmpdir(), so that processes
 * orphaned by a dev process that was SIGKILLed (no exit hook runs then) are reaped by the next run.
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

/** Kills process groups left behind by dev processes that died without cleaning up. */
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

export function installExitHook(): void {
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
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
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

export function isRunning(child: ChildProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
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
	untrack(child);
}

/** A process that has ended: no longer killed at exit, its registry entry removed. */
export function untrack(child: ChildProcess): void {
	tracked.delete(child);
	unregister(child);
}

export interface Proc {
	child: ChildProcess;
	name: string;
	output: () => string;
}

export function spawnTracked(
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

/** A loopback port free at the time of asking (for n8n, its task-runner broker, redis). */
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

/** Dev tooling only (the nodes use n8n's sleep). */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The last lines of a process's output, for error messages. */
export function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** Polls `fn` until it returns a value, `abort` names a reason, or `timeoutMs` has passed (an error). */
export async function waitFor<T>(
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
