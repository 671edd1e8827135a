/**
 * Shared set-up of the e2e suites: the sandbox emulator in this process (fast timings, rate
 * limits on at their documented defaults), a files folder with the sample invoices, and a real
 * n8n (dev/n8n/instance.ts) with our three packages installed from their tarballs and sandbox
 * credentials imported; `alone(name)` gives an n8n with one package installed and nothing else of ours.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	credentialRefs,
	expectedSamples,
	fileAccessEnv,
	prepareFilesDir,
	sandboxCredentials,
	sandboxExample,
	type ExampleTarget,
} from '../../dev/examples';
import { declaredTypes } from '../../dev/packages.cjs';
import { createInstance, type CredentialInput, type N8nInstance, type WorkflowInput } from '../../dev/n8n/instance';
import { startSandbox, type Sandbox, type VariantName } from '../../dev/sandbox';

/**
 * n8n 3.0's defaults that a community node meets, set on n8n 2.41 with its own switches: binary
 * data on the filesystem (in-memory mode is gone), SSRF protection on (the sandbox's 127.0.0.1
 * allowed: n8n consults only the IP ranges for an address written as an IP), unverified community
 * packages off, the task runner's 60 s timeout.
 */
export const N8N_V3_DEFAULTS: Record<string, string> = {
	N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
	N8N_SSRF_PROTECTION_ENABLED: 'true',
	N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
	N8N_RUNNERS_TASK_TIMEOUT: '60',
};

/** E2E_N8N_DEFAULTS=v3: every n8n of the suites runs with n8n 3.0's defaults (.ci/run's n8n-3 mode). */
const MODE_ENV: Record<string, string> = process.env.E2E_N8N_DEFAULTS === 'v3' ? N8N_V3_DEFAULTS : {};

export const ROOT = path.resolve(__dirname, '..', '..');
export const EXPECTED = expectedSamples();
export const SAMPLE_NAMES = Object.keys(EXPECTED).sort();

export interface Harness {
	sandbox: Sandbox;
	n8n: N8nInstance;
	filesDir: string;
	credentials: CredentialInput[];
	target: ExampleTarget;
	/** examples/<name>.json patched for this sandbox (credentials overridable per type). */
	example(name: string, opts?: { credentials?: Record<string, { id: string; name: string }> }): WorkflowInput;
	/**
	 * A second n8n (same sandbox, same files folder) with only this package installed, as a user
	 * of one service has it, and only that package's credentials imported. Made once per package.
	 */
	alone(packageName: string): Promise<N8nInstance>;
	dispose(): Promise<void>;
}

/**
 * Timings: a document takes ~60–110 ms to "process"; rate limits keep the sandbox defaults
 * (60 s windows: Raydocs 100, LlamaCloud 20, PerfectParser 150 + 20 submits per key).
 */
export async function startHarness(opts: { extraCredentials?: CredentialInput[]; env?: Record<string, string> } = {}): Promise<Harness> {
	// SANDBOX_VARIANT=docs: Raydocs answers in the forms its documentation pages print.
	const variant = (process.env.SANDBOX_VARIANT ?? 'default') as VariantName;
	const sandbox = await startSandbox({ variant, timing: { parseMs: 40, extractMs: 60, jitterMs: 10 } });
	const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-files-'));
	prepareFilesDir(filesDir);
	// `env`: n8n settings of one suite (e.g. n8n 3.0's defaults), on top of the file access.
	const env = { ...fileAccessEnv(filesDir), ...MODE_ENV, ...opts.env };
	const n8n = await createInstance({ packageRoot: ROOT, env });
	const sandboxCreds = sandboxCredentials(sandbox);
	const credentials = [...sandboxCreds, ...(opts.extraCredentials ?? [])];
	await n8n.importCredentials(credentials);
	const alone = new Map<string, Promise<N8nInstance>>();
	const makeAlone = async (packageName: string): Promise<N8nInstance> => {
		const own = new Set(declaredTypes(packageName).credentials);
		const instance = await createInstance({ packageRoot: ROOT, env, packages: [packageName] });
		await instance.importCredentials(credentials.filter((c) => own.has(c.type)));
		return instance;
	};
	const target: ExampleTarget = {
		sandboxUrl: sandbox.url,
		filesDir,
		credentials: credentialRefs(sandboxCreds),
	};
	return {
		sandbox,
		n8n,
		filesDir,
		credentials,
		target,
		example: (name, o = {}) =>
			sandboxExample(name, { ...target, credentials: { ...target.credentials, ...o.credentials } }),
		alone(packageName) {
			if (!alone.has(packageName)) alone.set(packageName, makeAlone(packageName));
			return alone.get(packageName)!;
		},
		async dispose() {
			for (const instance of alone.values()) await (await instance.catch(() => undefined))?.dispose();
			await n8n.dispose();
			await sandbox.close();
			fs.rmSync(filesDir, { recursive: true, force: true });
		},
	};
}

/* ------------------------------------------------------------------ sandbox helpers */

export async function sandboxCall<T = any>(sandbox: Sandbox, method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
	const res = await fetch(sandbox.url + urlPath, {
		method,
		headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
		body: body !== undefined ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status}: ${text.slice(0, 300)}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

export interface SinkRequest {
	seq: number;
	json: any;
}

export async function sink(sandbox: Sandbox, name: string): Promise<SinkRequest[]> {
	return (await sandboxCall<{ requests: SinkRequest[] }>(sandbox, 'GET', `/_sandbox/sink/${name}`)).requests;
}

/** Requests the sandbox answered on one route (`"<service> <METHOD> <pattern>"`), e.g. a trigger's list call. */
export function routeCount(sandbox: Sandbox, key: string): number {
	return sandbox.stats().routes[key]?.total ?? 0;
}

/** Submits files to PerfectParser as one extraction (multipart, like a client would). */
export async function submitPerfectParser(sandbox: Sandbox, apiKey: string, parserId: string, names: string[]): Promise<string> {
	const form = new FormData();
	form.append('parser_id', parserId);
	for (const name of names) form.append('files', new Blob([fs.readFileSync(samplePath(name))], { type: EXPECTED[name].mime }), name);
	const res = await fetch(`${sandbox.perfectParserUrl}/v1/extractions`, { method: 'POST', headers: { 'X-API-Key': apiKey }, body: form });
	const body: any = await res.json();
	if (!res.ok) throw new Error(`PerfectParser submit → ${res.status}: ${JSON.stringify(body)}`);
	return body.extraction_id ?? body.extraction?.extraction_id ?? body.id;
}

/** Uploads a file to LlamaCloud and starts a v2 extraction job with the seeded configuration. */
export async function startLlamaJob(sandbox: Sandbox, apiKey: string, configurationId: string, name: string): Promise<string> {
	const form = new FormData();
	form.append('purpose', 'extract');
	form.append('file', new Blob([fs.readFileSync(samplePath(name))], { type: EXPECTED[name].mime }), name);
	const auth = { Authorization: `Bearer ${apiKey}` };
	const up = await fetch(`${sandbox.llamaUrl}/api/v1/beta/files`, { method: 'POST', headers: auth, body: form });
	const file: any = await up.json();
	if (!up.ok) throw new Error(`LlamaCloud upload → ${up.status}: ${JSON.stringify(file)}`);
	const res = await fetch(`${sandbox.llamaUrl}/api/v2/extract`, {
		method: 'POST',
		headers: { ...auth, 'content-type': 'application/json' },
		body: JSON.stringify({ file_input: file.id, configuration_id: configurationId }),
	});
	const job: any = await res.json();
	if (!res.ok) throw new Error(`LlamaCloud extract → ${res.status}: ${JSON.stringify(job)}`);
	return job.id;
}

export function samplePath(name: string): string {
	return path.join(ROOT, 'dev', 'sandbox', 'samples', name);
}

/** Retries `fn` until it stops throwing. */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 20000, intervalMs = 300): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await fn();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, intervalMs));
		}
	}
}

/** Each sample's extracted fields, keyed by file name, in the shape of expected.json. */
export function expectedFields(): Record<string, (typeof EXPECTED)[string]['fields']> {
	return Object.fromEntries(SAMPLE_NAMES.map((name) => [name, EXPECTED[name].fields]));
}

/** `{ file → fields }` from rows with a file name column and the five invoice fields. */
export function fieldsByFile(rows: any[], fileKey = 'file'): Record<string, unknown> {
	return Object.fromEntries(
		rows.map((row) => [
			row[fileKey],
			{
				invoice_number: row.invoice_number,
				invoice_date: row.invoice_date,
				vendor: row.vendor,
				total: row.total,
				currency: row.currency,
			},
		]),
	);
}
