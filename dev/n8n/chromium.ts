import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

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
