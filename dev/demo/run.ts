/**
 * `npm run demo`: the package working in a real n8n, without any account.
 *
 *   1. builds the package (`npm run build`)
 *   2. prepares n8n 2.41.1 + Node 24 in ~/.cache (dev/n8n/setup.sh; first time ~7 min, with progress)
 *   3. starts the sandbox emulator of Raydocs / LlamaCloud / PerfectParser in this process
 *   4. imports examples/raydocs-extract-invoices.json ("Extract invoices with Raydocs") with a
 *      sandbox credential into a throwaway n8n and runs it on the five sample invoices
 *   5. prints the extracted fields per document, then how to open the workflow in the editor
 *
 * Environment: N8N_CACHE_DIR (where n8n is installed), DEMO_SKIP_BUILD=1 (use the existing dist/).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	credentialRefs,
	EXAMPLES,
	fileAccessEnv,
	nodeOutput,
	prepareFilesDir,
	sandboxCredentials,
	sandboxExample,
} from '../examples';
import { OWNER } from '../n8n/apiClient';
import { createInstance, type N8nInstance } from '../n8n/instance';
import { startSandbox, type Sandbox } from '../sandbox';

const ROOT = path.resolve(__dirname, '..', '..');
const started = Date.now();

function step(text: string): void {
	const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(3);
	process.stdout.write(`[demo ${seconds}s] ${text}\n`);
}

function run(cmd: string, args: string[], quiet = false): void {
	const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', quiet ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
	if (r.status !== 0) {
		if (quiet && r.stdout) process.stdout.write(r.stdout);
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
	}
}

/** Left-aligned text, right-aligned numbers. */
export function formatTable(header: string[], rows: string[][], rightAligned: number[] = []): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) =>
		cells.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
	return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function money(total: unknown, currency: unknown): string {
	if (typeof total !== 'number') return String(total ?? '—');
	return `${total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency ?? ''}`.trim();
}

async function main(): Promise<void> {
	if (!process.env.DEMO_SKIP_BUILD) {
		step('building the package (npm run build)…');
		run('npm', ['run', 'build', '--silent'], true);
	}
	step('preparing n8n 2.41.1 (dev/n8n/setup.sh; the first time installs it into ~/.cache, ~7 min)…');
	run('bash', [path.join(ROOT, 'dev', 'n8n', 'setup.sh')], true);

	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-demo-files-'));
	try {
		sandbox = await startSandbox({ timing: { parseMs: 150, extractMs: 250, jitterMs: 50 } });
		step(`sandbox (Raydocs, LlamaCloud, PerfectParser emulator) listening on ${sandbox.url}`);
		const files = prepareFilesDir(filesDir);
		step(`${files.length} sample invoices copied to ${path.join(filesDir, 'invoices')}`);

		n8n = await createInstance({ packageRoot: ROOT, env: fileAccessEnv(filesDir) });
		const credentials = sandboxCredentials(sandbox);
		step('starting a throwaway n8n: importing the sandbox credentials and the example workflow…');
		await n8n.importCredentials(credentials);
		const workflow = sandboxExample(EXAMPLES.raydocsInvoices, {
			sandboxUrl: sandbox.url,
			filesDir,
			credentials: credentialRefs(credentials),
		});
		const [id] = await n8n.importWorkflows([workflow]);
		step(`running "${workflow.name}" (Read Files → Raydocs: Batch Create Sessions, auto extract + wait, flattened)…`);
		const result = await n8n.execute(id);
		if (result.exitCode !== 0) {
			throw new Error(`the workflow failed: ${result.errorMessage ?? 'see the log below'}\n${result.log.split('\n').slice(-30).join('\n')}`);
		}
		// The Raydocs node flattens: its items are the rows (filename, status, one column per field).
		const rows = nodeOutput(result.json, 'Raydocs').sort((a, b) => String(a.filename).localeCompare(String(b.filename)));
		const stats = sandbox.stats();
		const raydocsCalls = stats.totals.byService.raydocs ?? 0;
		step(`done: ${rows.length} documents extracted in ${(result.durationMs / 1000).toFixed(1)} s (${raydocsCalls} Raydocs API calls, ${stats.storage.puts} uploads)`);

		process.stdout.write(
			'\n' +
				formatTable(
					['File', 'Invoice number', 'Date', 'Total', 'Vendor', 'Status'],
					rows.map((r) => [
						String(r.filename),
						String(r.invoice_number ?? '—'),
						String(r.invoice_date ?? '—'),
						money(r.total, r.currency),
						String(r.vendor ?? '—'),
						String(r.status),
					]),
					[3],
				) +
				'\n\n',
		);
		process.stdout.write(
			[
				'Open the same workflow in the n8n editor (sandbox, credentials and all examples included):',
				'  npm run n8n',
				`  → http://127.0.0.1:5678, sign in as ${OWNER.email} / ${OWNER.password}`,
				`  → open "${workflow.name}" and click "Execute workflow".`,
				'The workflow files are in examples/ — import them into your own n8n and pick your credentials.',
				'',
			].join('\n'),
		);
	} finally {
		await n8n?.dispose();
		await sandbox?.close();
		fs.rmSync(filesDir, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`\n[demo] ${error instanceof Error ? error.message : error}\n`);
		process.exit(1);
	},
);
