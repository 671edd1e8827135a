/** Shared helpers for the sandbox contract tests (real HTTP against a sandbox on a free port). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxOptions, startSandbox, Sandbox } from '../../dev/sandbox';

export const SAMPLES_DIR = join(__dirname, '../../dev/sandbox/samples');
export const EXPECTED: Record<string, { mime: string; page_count: number; sha256: string; size: number; fields: Record<string, unknown> }> = JSON.parse(
	readFileSync(join(SAMPLES_DIR, 'expected.json'), 'utf8'),
);
export const sample = (name: string) => readFileSync(join(SAMPLES_DIR, name));

export const FAST: SandboxOptions = {
	timing: { parseMs: 15, extractMs: 25, jitterMs: 10, failRate: 0 },
	rateLimits: { enabled: false },
	webhookRetryDelaysMs: [20, 40, 80],
};

export function start(opts: SandboxOptions = {}): Promise<Sandbox> {
	return startSandbox({ ...FAST, ...opts, timing: { ...FAST.timing, ...opts.timing }, rateLimits: { ...FAST.rateLimits, ...opts.rateLimits } });
}

export interface Res {
	status: number;
	headers: Headers;
	body: any;
	raw: Buffer;
}

export async function call(method: string, url: string, opts: { headers?: Record<string, string>; json?: unknown; body?: FormData | Buffer | string } = {}): Promise<Res> {
	const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
	let body = opts.body;
	if (opts.json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(opts.json);
	}
	const res = await fetch(url, { method, headers, body });
	const raw = Buffer.from(await res.arrayBuffer());
	let parsed: any = raw.toString('utf8');
	if ((res.headers.get('content-type') ?? '').includes('json') && raw.length) parsed = JSON.parse(parsed);
	return { status: res.status, headers: res.headers, body: parsed, raw };
}

/** Polls until `done` returns true; bounded by attempts, never by wall-clock assertions. */
export async function poll<T>(fn: () => Promise<T>, done: (v: T) => boolean, attempts = 200, everyMs = 15): Promise<T> {
	let v = await fn();
	for (let i = 0; i < attempts && !done(v); i++) {
		await new Promise((r) => setTimeout(r, everyMs));
		v = await fn();
	}
	return v;
}

export function form(fields: Record<string, string>, files: { field: string; name: string; bytes: Buffer; type?: string }[]): FormData {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	for (const f of files) fd.append(f.field, new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name);
	return fd;
}
