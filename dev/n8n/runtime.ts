/**
 * Where this package's n8n lives: the versions it runs on, the cache dev/n8n/setup.sh installs
 * Node 24 and n8n into, and the runtime file that names their binaries.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

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
