/** A private redis-server for n8n's queue mode: Debian's package, a free loopback port, no persistence. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort, installExitHook, isRunning, keepAtExit, removeAtExit, spawnTracked, stopProcess, tail, waitFor } from './processes';

export interface RedisServer {
	port: number;
	stop(): Promise<void>;
}

let redisInstalled = false;

/** Finds redis-server, installing Debian's package (apt-get update, then install) if missing. */
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
	removeAtExit(dir);
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
			keepAtExit(dir);
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
