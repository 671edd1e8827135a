/**
 * Fault-suite harness: the nodes in n8n-core's real contexts against the sandbox over real HTTP
 * on 127.0.0.1 (no nock), with short retry/wait policies, a capturing logger (both n8n-core's
 * Logger service and n8n-workflow's LoggerProxy), and a scanner that collects every output, error
 * and log line so a test can assert that no credential token appears anywhere.
 */
import { LoggerProxy, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { LlamaCloudApi } from '../../credentials/LlamaCloudApi.credentials';
import { PerfectParserApi } from '../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { DEMO_TOKENS, startSandbox, type FaultConfig, type Sandbox, type SandboxOptions } from '../../dev/sandbox';
import { statusPolling } from '../../nodes/PerfectParser/actions/parameters';
import { retryPolicy } from '../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { clock, defaultWaitPolicy } from '../../nodes/shared/waiting/wait';
import { Container, type CredentialMap } from '../../dev/harness/n8nContext';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [require.resolve('n8n-core')] })) as {
	Logger: new (...args: never[]) => unknown;
};

/** Every log line any context or LoggerProxy wrote during the suite. */
export const logLines: string[] = [];
/** Everything the nodes returned or threw, as text, for the token scan. */
const seen: string[] = [];

function record(level: string) {
	return (message: unknown, meta?: unknown) => {
		let text = `${level} ${String(message)}`;
		if (meta !== undefined) {
			try {
				text += ` ${JSON.stringify(meta)}`;
			} catch {
				text += ` ${String(meta)}`;
			}
		}
		logLines.push(text);
	};
}

const capturingLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	verbose: record('verbose'),
	scoped() {
		return capturingLogger;
	},
};

/** Routes n8n-core's Logger (what `this.logger` returns in every context) and LoggerProxy to us. */
export function captureLogs(): void {
	Container.set(Logger, capturingLogger as never);
	LoggerProxy.init(capturingLogger as never);
}

function safeJson(value: unknown): string {
	const stack = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, v: unknown) => {
			if (typeof v === 'object' && v !== null) {
				if (stack.has(v)) return '[circular]';
				stack.add(v);
			}
			return v;
		});
	} catch {
		return String(value);
	}
}

/** Keeps what a run produced for the final token scan. */
export function remember(result: { items?: INodeExecutionData[] | null; error?: Error & { description?: string } }): void {
	seen.push(safeJson(result.items ?? null));
	if (result.error) {
		seen.push(result.error.message, String(result.error.description ?? ''), safeJson(result.error), String(result.error.stack ?? ''));
	}
}

/** Where any token shows up in outputs, errors or logs (empty = clean). */
export function tokenLeaks(tokens: string[]): string[] {
	const corpus = [...seen, ...logLines];
	const leaks: string[] = [];
	for (const token of tokens) {
		const hit = corpus.find((text) => text.includes(token));
		if (hit) leaks.push(`${token.slice(0, 6)}… in: ${hit.slice(0, 200)}`);
	}
	return leaks;
}

export const ALL_TOKENS = Object.values(DEMO_TOKENS);

/** Fast sandbox: short processing, no rate limits (the faults bring their own 429s). */
export async function fastSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({
		seed: 7,
		timing: { parseMs: 5, extractMs: 10, jitterMs: 10 },
		rateLimits: { enabled: false },
		webhookRetryDelaysMs: [10, 20],
		...options,
	});
}

const realNow = clock.now;

/** Retries and waits in milliseconds instead of seconds (the loops read these objects each time). */
export function fastPolicies(): void {
	retryPolicy.maxAttempts = 8;
	retryPolicy.baseDelayMs = 2;
	retryPolicy.maxDelayMs = 20;
	retryPolicy.maxTotalWaitMs = 60_000;
	retryPolicy.maxRetryAfterMs = 5_000;
	defaultWaitPolicy.initialDelayMs = 5;
	defaultWaitPolicy.maxDelayMs = 40;
	statusPolling.initialDelayMs = 5;
	clock.now = realNow;
	resetRateLimitState();
}

/**
 * The suite's fault mix on every service: 10% 5xx, 5% 429 with a (short) Retry-After, 2% reset
 * before handling, 1% reset after handling (the work is done, the answer lost), latency jitter.
 */
export function standardFaults(seed = 11): FaultConfig {
	return {
		seed,
		rules: [
			{ kind: 'latency', rate: 0.3, latencyMs: 8 },
			{ kind: 'status', status: 500, rate: 0.034 },
			{ kind: 'status', status: 502, rate: 0.034 },
			{ kind: 'status', status: 503, rate: 0.034 },
			{ kind: 'rate_limit', rate: 0.05, retryAfterSec: 0.02 },
			{ kind: 'reset_before', rate: 0.02 },
			{ kind: 'reset_after', rate: 0.01 },
		],
	};
}

export async function setFaults(sandbox: Sandbox, faults: FaultConfig | null): Promise<void> {
	sandbox.setFaults(faults ?? { rules: [] });
}

export function raydocsCreds(sandbox: Sandbox, token = sandbox.tokens.raydocs): CredentialMap {
	return { raydocsApi: { type: new RaydocsApi(), data: { accessToken: token, baseUrl: sandbox.raydocsUrl } } };
}

export function llamaCreds(sandbox: Sandbox, apiKey = sandbox.tokens.llama): CredentialMap {
	return {
		llamaCloudExtractApi: {
			type: new LlamaCloudApi(),
			data: { apiKey, region: 'custom', baseUrl: sandbox.llamaUrl, projectId: '', organizationId: '' },
		},
	};
}

export function ppCreds(sandbox: Sandbox, apiKey = sandbox.tokens.perfectParser): CredentialMap {
	return { perfectParserApi: { type: new PerfectParserApi(), data: { apiKey, baseUrl: sandbox.perfectParserUrl } } };
}

export const byId = (value: string): IDataObject => ({ __rl: true, mode: 'id', value });

/** Plain admin call to the sandbox (never faulted). */
export async function admin<T = unknown>(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`sandbox admin ${method} ${path}: ${response.status} ${text}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

/** An error item of Continue On Fail: only `error` (text) and maybe `errorDescription`. */
export function isErrorItem(item: INodeExecutionData): boolean {
	return typeof item.json.error === 'string' && Object.keys(item.json).every((key) => key === 'error' || key === 'errorDescription');
}

/** The text of an error item (message and description) under Continue On Fail. */
export function errorText(item: INodeExecutionData): string {
	return `${String(item.json.error ?? '')}\n${String(item.json.errorDescription ?? '')}`;
}

/** True when the error says the request may have been carried out (lost answer, not repeated). */
export function isAmbiguous(item: INodeExecutionData): boolean {
	return /may have (done|been)|maybe|may already/i.test(errorText(item));
}

/** nock must not be active in this suite: it would intercept the real HTTP. */
export function nockLoaded(): boolean {
	return Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/]nock[\\/]/.test(path));
}
