import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { cancelledError, isCancelled, pause } from './cancel';
import { httpError, transportError } from './errors';
import { answeredBucket, noteResponse, toldWaitMs, waitForScope, type RateScope } from './rateLimit';
import type { RequestContext, ServiceDefinition } from './types';

export interface ApiRequestOptions {
	method: IHttpRequestMethods;
	/** Path after the credential's base URL (`/workspaces`), or an absolute URL with `noAuth`. */
	path: string;
	qs?: IDataObject;
	body?: unknown;
	/** Builds the body anew for each attempt: a stream can be read only once. */
	bodyFactory?: () => Promise<unknown>;
	headers?: Record<string, string>;
	/**
	 * Safe to send again when the outcome is unknown (5xx, connection reset). Defaults: GET, HEAD,
	 * PUT, DELETE yes; POST and PATCH no. 429 and refused connections are always retried: the
	 * service surely did nothing.
	 */
	idempotent?: boolean;
	/** Answer as bytes (file downloads). */
	binary?: boolean;
	/** Names what the request is about for a 404: "Template 550e… ". */
	subject?: string;
	/** What the request does, for connection errors: "create the sessions". */
	what?: string;
	itemIndex?: number;
	/** Statuses returned to the caller instead of thrown (e.g. 404 in a webhook's checkExists). */
	acceptStatuses?: number[];
	/** Signed URLs: plain request, no credential header. */
	noAuth?: boolean;
	/** Separate rate-limit window, e.g. PerfectParser's submit limit. */
	rateBucket?: string;
	timeoutMs?: number;
	/**
	 * Fewer attempts than `retryPolicy.maxAttempts`, e.g. in a trigger's poll, which would rather
	 * give up quickly and resume from the same cursor on the next poll than wait minutes.
	 */
	maxAttempts?: number;
	/** Cap on the total time spent waiting between attempts (default `retryPolicy.maxTotalWaitMs`). */
	maxRetryWaitMs?: number;
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
}

/**
 * What a trigger's poll allows one request: a retry or two and at most 10 s of waiting, then it gives
 * up. The next poll resumes from the same position, which is better than a poll that outlives n8n's
 * poll budget waiting out a long Retry-After.
 */
export const POLL_RETRY = { maxAttempts: 2, maxRetryWaitMs: 10_000 };

/** Bounds of the retry loop. Mutable so tests and benchmarks can shorten the delays. */
export const retryPolicy = {
	maxAttempts: 6,
	/** Total time spent waiting between attempts of one request. */
	maxTotalWaitMs: 3 * 60_000,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	/** Longest single Retry-After we accept before giving up with the 429 itself. */
	maxRetryAfterMs: 120_000,
};

const RETRY_ON_IDEMPOTENT = new Set([500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Full-jitter exponential backoff, capped. */
export function backoffMs(attempt: number): number {
	const ceiling = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

type TransportKind = 'refused' | 'reset' | 'timeout' | 'aborted' | 'other';

const TRANSPORT_CODES: Record<string, TransportKind> = {
	ECONNREFUSED: 'refused',
	ENOTFOUND: 'refused',
	EHOSTUNREACH: 'refused',
	ENETUNREACH: 'refused',
	EAI_AGAIN: 'refused',
	ECONNRESET: 'reset',
	EPIPE: 'reset',
	ECONNABORTED: 'timeout',
	ETIMEDOUT: 'timeout',
	ESOCKETTIMEDOUT: 'timeout',
	ERR_CANCELED: 'aborted',
};

/** n8n wraps the axios error; the socket code sits somewhere down the `cause` chain. */
export function classifyTransportError(error: unknown): { kind: TransportKind; code: string } {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
		if (typeof candidate.code === 'string' && TRANSPORT_CODES[candidate.code]) {
			return { kind: TRANSPORT_CODES[candidate.code], code: candidate.code };
		}
		if (candidate.name === 'CanceledError' || candidate.name === 'AbortError') {
			return { kind: 'aborted', code: 'ERR_CANCELED' };
		}
		if (typeof candidate.message === 'string' && /socket hang up/i.test(candidate.message)) {
			return { kind: 'reset', code: 'ECONNRESET' };
		}
		current = candidate.cause;
	}
	// Unknown: keep only the message (the raw error carries request headers, token included).
	const message = error instanceof Error ? error.message.replace(/Bearer\s+\S+/gi, 'Bearer ***') : 'connection error';
	return { kind: 'other', code: message };
}

const credentialCache = new WeakMap<object, Promise<IDataObject>>();

async function baseUrlFor(ctx: RequestContext, service: ServiceDefinition): Promise<string> {
	let credentials = credentialCache.get(ctx);
	if (!credentials) {
		credentials = ctx.getCredentials(service.credentialType) as Promise<IDataObject>;
		credentialCache.set(ctx, credentials);
	}
	return service.baseUrl(await credentials).replace(/\/+$/, '');
}

async function send(
	ctx: RequestContext,
	service: ServiceDefinition,
	options: ApiRequestOptions,
	url: string,
	body: unknown,
): Promise<ApiResponse> {
	const request: IHttpRequestOptions = {
		method: options.method,
		url,
		qs: options.qs,
		headers: options.headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: !options.binary,
		timeout: options.timeoutMs,
	};
	if (body !== undefined) request.body = body as IHttpRequestOptions['body'];
	// axios follows redirects through follow-redirects, which keeps every byte written in memory
	// to replay it on a 307/308: a streamed upload of 1 GB would then cost 1 GB of RAM. Streams
	// cannot be replayed anyway, so uploads do not follow redirects.
	if (isStreamed(body)) request.disableFollowRedirect = true;
	if (options.binary) request.encoding = 'arraybuffer';
	const response = (options.noAuth
		? await ctx.helpers.httpRequest(request)
		: await ctx.helpers.httpRequestWithAuthentication.call(ctx, service.credentialType, request)) as {
		statusCode: number;
		headers: ApiResponse['headers'];
		body: unknown;
	};
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** A body read as it is sent: a Readable (n8n's binary stream) or our Blob-shaped multipart body. */
export function isStreamed(body: unknown): boolean {
	if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return false;
	const candidate = body as { pipe?: unknown; stream?: unknown; [Symbol.toStringTag]?: unknown };
	return typeof candidate.pipe === 'function' || (candidate[Symbol.toStringTag] === 'Blob' && typeof candidate.stream === 'function');
}

/** Error bodies of binary requests arrive as bytes. */
function decodeErrorBody(body: unknown): unknown {
	if (body instanceof ArrayBuffer || Buffer.isBuffer(body)) {
		const text = Buffer.from(body as Buffer).toString('utf8');
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return body;
}

/**
 * The one door to the network. Retries 429 and refused connections always, 5xx and resets only
 * when the request is idempotent; waits honour Retry-After and rate-limit reset headers and stop
 * when the execution is cancelled; errors become NodeApiErrors that name the item and the fix.
 */
export async function apiRequest<T = unknown>(
	ctx: RequestContext,
	service: ServiceDefinition,
	options: ApiRequestOptions,
): Promise<ApiResponse<T>> {
	const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(options.method);
	const bucket = `${service.name}:${options.rateBucket ?? 'default'}`;
	const nested = options.rateBucket ? service.nestedRateBuckets?.[options.rateBucket] : undefined;
	const scope: RateScope = nested ? { own: bucket, global: `${service.name}:default`, ownLimit: nested.limit } : { own: bucket };
	const what = options.what ?? `${options.method} ${options.noAuth ? 'the upload URL' : options.path}`;
	let waited = 0;
	const maxAttempts = Math.max(1, Math.min(options.maxAttempts ?? retryPolicy.maxAttempts, retryPolicy.maxAttempts));
	const maxTotalWaitMs = Math.min(options.maxRetryWaitMs ?? retryPolicy.maxTotalWaitMs, retryPolicy.maxTotalWaitMs);
	// Outside the retry loop: a missing or unusable credential is the user's to fix, not a retry.
	const url = options.noAuth ? options.path : `${await baseUrlFor(ctx, service)}${options.path}`;

	for (let attempt = 1; ; attempt++) {
		const hold = waitForScope(scope);
		if (hold > 0) {
			// The service asked for a pause longer than this caller may wait (a trigger's poll): give up
			// with the rate limit now rather than sleep past the budget.
			if (waited + hold > maxTotalWaitMs) {
				throw httpError(ctx, service, 429, undefined, { subject: options.subject, itemIndex: options.itemIndex });
			}
			await pause(ctx, hold, options.itemIndex);
			waited += hold;
		}
		if (isCancelled(ctx)) throw cancelledError(ctx, options.itemIndex);

		const body = options.bodyFactory ? await options.bodyFactory() : options.body;
		let response: ApiResponse | undefined;
		let failure: { kind: TransportKind; code: string } | undefined;
		try {
			response = await send(ctx, service, options, url, body);
		} catch (error) {
			failure = classifyTransportError(error);
		}
		if (isCancelled(ctx) || failure?.kind === 'aborted') throw cancelledError(ctx, options.itemIndex);

		const canTryAgain = attempt < maxAttempts;
		if (failure) {
			const safe = failure.kind === 'refused' || idempotent;
			const delay = backoffMs(attempt);
			if (safe && canTryAgain && waited + delay <= maxTotalWaitMs) {
				await pause(ctx, delay, options.itemIndex);
				waited += delay;
				continue;
			}
			throw transportError(ctx, service, failure.code, {
				itemIndex: options.itemIndex,
				maybeProcessed: failure.kind !== 'refused' && !idempotent,
				what,
			});
		}

		const { statusCode, headers } = response as ApiResponse;
		noteResponse(answeredBucket(scope, headers), statusCode, headers);
		if (statusCode < 400 || options.acceptStatuses?.includes(statusCode)) {
			return response as ApiResponse<T>;
		}
		const retryable = statusCode === 429 || (idempotent && RETRY_ON_IDEMPOTENT.has(statusCode));
		if (retryable && canTryAgain) {
			const told = toldWaitMs(statusCode, headers);
			if (told !== undefined) {
				// noteResponse() has closed the bucket for that long: the wait at the top of the
				// loop honours it (and holds back every other request to this service meanwhile).
				if (told <= retryPolicy.maxRetryAfterMs && waited + told <= maxTotalWaitMs) continue;
			} else {
				const delay = backoffMs(attempt);
				if (waited + delay <= maxTotalWaitMs) {
					await pause(ctx, delay, options.itemIndex);
					waited += delay;
					continue;
				}
			}
		}
		throw httpError(ctx, service, statusCode, decodeErrorBody((response as ApiResponse).body), {
			subject: options.subject,
			itemIndex: options.itemIndex,
		});
	}
}

/** JSON body of a request, for the common case. */
export async function apiJson<T = unknown>(
	ctx: RequestContext,
	service: ServiceDefinition,
	options: ApiRequestOptions,
): Promise<T> {
	return (await apiRequest<T>(ctx, service, options)).body;
}
