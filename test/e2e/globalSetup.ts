/**
 * Runs once before the e2e suite: installs Node 24 + n8n into the home cache (first time only,
 * ~7 min, with progress) and builds the package so `dist/` is what n8n loads.
 *   E2E_N8N_VERSION=1.123.81   run the suite on that n8n (installed next to 2.41.1)
 *   N8N_E2E_SKIP_BUILD=1       use the existing dist/ as is
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { N8N_VERSION } from '../../dev/n8n/runtime';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
	const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
	if (r.status !== 0) {
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
	}
}

export default async function globalSetup(): Promise<void> {
	const root = path.resolve(__dirname, '..', '..');
	process.stderr.write(`\n[e2e] preparing n8n ${N8N_VERSION} (dev/n8n/setup.sh)…\n`);
	run('bash', [path.join(root, 'dev', 'n8n', 'setup.sh')], root, { ...process.env, N8N_VERSION });
	if (!process.env.N8N_E2E_SKIP_BUILD) {
		process.stderr.write('[e2e] building the package (npm run build)…\n');
		run('npm', ['run', 'build'], root);
	}
}
