import { NodeApiError, NodeOperationError, type IDataObject, type IHttpRequestMethods, type IHttpRequestOptions, type JsonObject } from 'n8n-workflow';

import { BaseUrlError, baseUrlRefused } from './baseUrl';
import { cancelledError, isCancelled, pause } from './cancel';
import { httpError, transportError } from './errors';
import { isDownAnswer, knownOutageError, meansServiceDown, recordOutage, triedText } from './outage';
import { answeredBucket, noteResponse, rateAccount, toldWaitMs, unauthenticatedRateAccount, waitForScope, waitForUsedUpWindow, type RateScope } from './rateLimit';
import { redact, rememberSecrets, secretValues } from './redact';
import { ssrfBlock, ssrfError, SsrfRefusal } from './ssrf';
import type { RequestContext, ServiceDefinition } from './serviceDefinition';

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
	/**
	 * The service documents that this GET may redirect to a signed URL on another host (a file
	 * download): such a redirect is followed with a plain request, without the credential.
	 */
	signedRedirect?: boolean;
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
	// Unknown: keep only the message (the raw error carries request headers, token included). The
	// credential's own values are replaced again where the error is built (transportError).
	const message = error instanceof Error ? redact(error.message) : 'connection error';
	return { kind: 'other', code: message };
}

const credentialCache = new WeakMap<object, Promise<IDataObject>>();

/** The credential's base URL, and the rate-limit account of requests sent with it. */
async function baseUrlFor(ctx: RequestContext, service: ServiceDefinition, itemIndex?: number): Promise<{ baseUrl: string; account: string }> {
	let credentials = credentialCache.get(ctx);
	if (!credentials) {
		credentials = ctx.getCredentials(service.credentialType) as Promise<IDataObject>;
		credentialCache.set(ctx, credentials);
	}
	const decrypted = await credentials;
	const secrets = secretValues(decrypted, service.secretFields);
	// From here on, every message, description and item of this execution is scrubbed of them.
	rememberSecrets(ctx, secrets);
	try {
		const baseUrl = service.baseUrl(decrypted);
		const credentialId = ctx.getNode().credentials?.[service.credentialType]?.id;
		return { baseUrl, account: rateAccount(service.name, baseUrl, credentialId, secrets, service.rateLimitPer) };
	} catch (error) {
		throw error instanceof BaseUrlError
			? baseUrlRefused(ctx.getNode(), service.credentialName, error, itemIndex)
			: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

async function send(
	ctx: RequestContext,
	service: ServiceDefinition,
	options: ApiRequestOptions,
	url: string,
	qs: IDataObject | undefined,
	body: unknown,
): Promise<ApiResponse> {
	const request: IHttpRequestOptions = {
		method: options.method,
		url,
		qs,
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
	// n8n's helper puts the credential back on a redirect to another host (and follow-redirects
	// never drops an X-API-Key header): an authenticated request follows none itself, and
	// sendWithinOrigin follows only those that stay with the origin.
	if (!options.noAuth) request.disableFollowRedirect = true;
	if (options.binary) request.encoding = 'arraybuffer';
	let response: { statusCode: number; headers: ApiResponse['headers']; body: unknown };
	try {
		response = (options.noAuth
			? await ctx.helpers.httpRequest(request)
			: await ctx.helpers.httpRequestWithAuthentication.call(ctx, service.credentialType, request)) as typeof response;
	} catch (error) {
		// n8n refused to send it (SSRF protection): say where it was going, the one fact the caller lacks.
		const block = ssrfBlock(error);
		throw block ? new SsrfRefusal(url, block) : error;
	}
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** Redirects an authenticated request follows within its origin before it gives up. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Errors that end the request at once: retrying would be redirected the same way. */
const refusedRedirects = new WeakSet<object>();

function redirectError(
	ctx: RequestContext,
	service: ServiceDefinition,
	options: ApiRequestOptions,
	message: string,
	description: string,
	statusCode: number,
): NodeApiError {
	const error = new NodeApiError(ctx.getNode(), { httpCode: String(statusCode), message } as JsonObject, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: options.itemIndex,
	});
	refusedRedirects.add(error);
	return error;
}

function locationOf(headers: ApiResponse['headers']): string | undefined {
	const value = headers.location ?? headers.Location;
	const location = Array.isArray(value) ? value[0] : value;
	return typeof location === 'string' && location ? location : undefined;
}

/**
 * An authenticated request. A redirect within the origin (scheme, host and port) is followed
 * here, at most MAX_REDIRECTS times: 307/308 keep the method and body when the body can be sent
 * again, 303 (and 301/302 after a POST) become a GET without a body. A redirect to another
 * origin, https to http included, is refused: the credential is not sent there. Only a GET marked
 * `signedRedirect` follows one to another host, as a plain request without the credential.
 */
async function sendWithinOrigin(
	ctx: RequestContext,
	service: ServiceDefinition,
	options: ApiRequestOptions,
	url: string,
	body: unknown,
	what: string,
): Promise<ApiResponse> {
	const origin = new URL(url).origin;
	let current = { url, qs: options.qs, method: options.method, body, headers: options.headers };
	for (let hop = 0; ; hop++) {
		const hopOptions = { ...options, method: current.method, headers: current.headers };
		const response = await send(ctx, service, hopOptions, current.url, current.qs, current.body);
		const location = REDIRECT_STATUSES.has(response.statusCode) ? locationOf(response.headers) : undefined;
		if (!location) return response;

		let target: URL;
		try {
			target = new URL(location, current.url);
		} catch {
			throw redirectError(ctx, service, options, `${service.name} answered with a redirect to an invalid address while trying to ${what}`, 'Check the base URL in the credential.', response.statusCode);
		}
		const downgrade = new URL(origin).protocol === 'https:' && target.protocol !== 'https:';
		if (target.origin !== origin && options.signedRedirect && !downgrade && ['GET', 'HEAD'].includes(current.method.toUpperCase())) {
			// The signature in the URL is the authentication: no credential, no headers of ours.
			return await send(ctx, service, { ...options, noAuth: true, headers: undefined }, target.href, undefined, undefined);
		}
		if (target.origin !== origin) {
			const where = `${target.protocol}//${target.host}`;
			throw redirectError(
				ctx,
				service,
				options,
				`${service.name} redirected the request to another address (${where}); the ${service.tokenLabel} was not sent there`,
				`The request (${what}) was answered HTTP ${response.statusCode} with a redirect from ${origin} to ${where}. The node does not follow redirects to another scheme, host or port with the credential. If ${where} is the right address of the ${service.name} API, enter it as the base URL in the ${service.credentialName} credential.`,
				response.statusCode,
			);
		}
		if (hop + 1 > MAX_REDIRECTS) {
			throw redirectError(
				ctx,
				service,
				options,
				`${service.name} redirected the request more than ${MAX_REDIRECTS} times while trying to ${what}`,
				`The redirects did not lead to an answer (a redirect loop?). Check the base URL in the ${service.credentialName} credential.`,
				response.statusCode,
			);
		}
		const method = current.method.toUpperCase();
		const toGet = (response.statusCode === 303 && method !== 'GET' && method !== 'HEAD') || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST');
		let nextBody: unknown;
		if (!toGet && current.body !== undefined) {
			if (options.bodyFactory) nextBody = await options.bodyFactory();
			else if (!isStreamed(current.body) || isBlobShaped(current.body)) nextBody = current.body;
			else {
				throw redirectError(
					ctx,
					service,
					options,
					`${service.name} redirected an upload that cannot be sent again while trying to ${what}`,
					`The request was answered HTTP ${response.statusCode} with a redirect within ${origin}. Check the base URL in the ${service.credentialName} credential.`,
					response.statusCode,
				);
			}
		}
		current = {
			url: target.href,
			// The new address carries its own query string.
			qs: undefined,
			method: toGet ? 'GET' : current.method,
			body: toGet ? undefined : nextBody,
			// A GET has no body, so nothing describes one.
			headers: toGet && current.headers ? Object.fromEntries(Object.entries(current.headers).filter(([name]) => !/^content-/i.test(name))) : current.headers,
		};
	}
}

/** A body read as it is sent: a Readable (n8n's binary stream) or our Blob-shaped multipart body. */
export function isStreamed(body: unknown): boolean {
	if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return false;
	const candidate = body as { pipe?: unknown };
	return typeof candidate.pipe === 'function' || isBlobShaped(body);
}

/** Our multipart body: it opens its files again each time it is streamed, so it can be sent again. */
function isBlobShaped(body: unknown): boolean {
	if (typeof body !== 'object' || body === null) return false;
	const candidate = body as { stream?: unknown; [Symbol.toStringTag]?: unknown };
	return candidate[Symbol.toStringTag] === 'Blob' && typeof candidate.stream === 'function';
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

/** "90 s", "0.5 s": seconds to a tenth. */
function secondsText(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}

/** Why a wait the service asked for was not made: longer than one answer may ask, or than the budget left. */
function refusedWaitText(toldMs: number, leftMs: number): string {
	return toldMs > retryPolicy.maxRetryAfterMs
		? `asked to wait ${secondsText(toldMs)}, more than the ${secondsText(retryPolicy.maxRetryAfterMs)} the node waits for one answer`
		: `asked to wait ${secondsText(toldMs)}, more than the ${secondsText(Math.max(0, leftMs))} left of this request's wait budget`;
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
	const what = options.what ?? `${options.method} ${options.noAuth ? 'the upload URL' : options.path}`;
	let waited = 0;
	const maxAttempts = Math.max(1, Math.min(options.maxAttempts ?? retryPolicy.maxAttempts, retryPolicy.maxAttempts));
	const maxTotalWaitMs = Math.min(options.maxRetryWaitMs ?? retryPolicy.maxTotalWaitMs, retryPolicy.maxTotalWaitMs);
	// Outside the retry loop: a missing or unusable credential is the user's to fix, not a retry.
	const origin = options.noAuth ? undefined : await baseUrlFor(ctx, service, options.itemIndex);
	const url = origin ? `${origin.baseUrl}${options.path}` : options.path;
	// Rate windows belong to the account the request is sent as, never to the service as a whole.
	const account = origin ? origin.account : unauthenticatedRateAccount(service.name, options.path);
	const bucket = `${account}:${options.rateBucket ?? 'default'}`;
	const nested = options.rateBucket ? service.nestedRateBuckets?.[options.rateBucket] : undefined;
	const scope: RateScope = nested ? { own: bucket, global: `${account}:default`, ownLimit: nested.limit } : { own: bucket };
	// This execution already found the service down: fail at once with that error, no retries.
	const down = knownOutageError(ctx, service, options.itemIndex);
	if (down) throw down;
	const started = Date.now();
	// Answers of this request that said the service is down (5xx, connection refused/reset/timeout).
	let downAnswers = 0;

	for (let attempt = 1; ; attempt++) {
		// The window's hold is waited out once per attempt; then, while another request of this
		// process is finding out when a used-up window resets, this one waits for its answer.
		for (let heldForWindow = false; ; ) {
			const hold = heldForWindow ? 0 : waitForScope(scope);
			const step = hold > 0 ? hold : waitForUsedUpWindow(scope);
			if (step <= 0) break;
			// The service asked for a pause longer than this caller may wait (a trigger's poll): give up
			// with the rate limit now rather than sleep past the budget.
			if (waited + step > maxTotalWaitMs) {
				throw httpError(ctx, service, 429, undefined, { subject: options.subject, itemIndex: options.itemIndex });
			}
			await pause(ctx, step, options.itemIndex);
			waited += step;
			if (hold > 0) heldForWindow = true;
		}
		if (isCancelled(ctx)) throw cancelledError(ctx, options.itemIndex);

		const body = options.bodyFactory ? await options.bodyFactory() : options.body;
		let response: ApiResponse | undefined;
		let failure: { kind: TransportKind; code: string } | undefined;
		let refused: NodeApiError | undefined;
		try {
			response = options.noAuth
				? await send(ctx, service, options, url, options.qs, body)
				: await sendWithinOrigin(ctx, service, options, url, body, what);
		} catch (error) {
			if (error instanceof SsrfRefusal) {
				// n8n's configuration refused it: not the service's answer, and every retry would be refused too.
				const signedUrl = options.noAuth === true || new URL(error.url).origin !== new URL(url).origin;
				const baseUrl = origin?.baseUrl ?? (await baseUrlFor(ctx, service, options.itemIndex).catch(() => undefined))?.baseUrl;
				throw ssrfError(ctx, service, error, { baseUrl, what, itemIndex: options.itemIndex, signedUrl });
			}
			if (refusedRedirects.has(error as object)) refused = error as NodeApiError;
			else failure = classifyTransportError(error);
		}
		// Not retried: the service would redirect the same way again.
		if (refused) throw refused;
		if (isCancelled(ctx) || failure?.kind === 'aborted') throw cancelledError(ctx, options.itemIndex);

		const canTryAgain = attempt < maxAttempts;
		if (failure && isDownAnswer({ transport: failure.kind })) downAnswers++;
		if (failure) {
			const safe = failure.kind === 'refused' || idempotent;
			const delay = backoffMs(attempt);
			if (safe && canTryAgain && waited + delay <= maxTotalWaitMs) {
				await pause(ctx, delay, options.itemIndex);
				waited += delay;
				continue;
			}
			const { kind, code } = failure;
			const tried = attempt > 1 ? triedText(attempt, Date.now() - started) : undefined;
			const build = (itemIndex: number | undefined) =>
				transportError(ctx, service, code, { itemIndex, maybeProcessed: kind !== 'refused' && !idempotent, what, tried });
			if (meansServiceDown({ transport: kind, downAnswers })) recordOutage(ctx, service, build);
			throw build(options.itemIndex);
		}

		const { statusCode, headers } = response as ApiResponse;
		noteResponse(answeredBucket(scope, headers), statusCode, headers);
		if (isDownAnswer({ statusCode })) downAnswers++;
		if (statusCode < 400 || options.acceptStatuses?.includes(statusCode)) {
			return response as ApiResponse<T>;
		}
		const retryable = statusCode === 429 || (idempotent && RETRY_ON_IDEMPOTENT.has(statusCode));
		// Said when the service asked for a wait the node will not make.
		let refusedWait: string | undefined;
		if (retryable && canTryAgain) {
			const told = toldWaitMs(statusCode, headers);
			if (told !== undefined) {
				// noteResponse() has closed the bucket for that long: the wait at the top of the
				// loop honours it (and holds back every other request sent with this credential meanwhile).
				if (told <= retryPolicy.maxRetryAfterMs && waited + told <= maxTotalWaitMs) continue;
				refusedWait = refusedWaitText(told, maxTotalWaitMs - waited);
			} else {
				const window = statusCode === 429 ? service.rateLimitWindowMs : undefined;
				const delay = window ? window + Math.round(Math.random() * 1000) : backoffMs(attempt);
				if (waited + delay <= maxTotalWaitMs) {
					await pause(ctx, delay, options.itemIndex);
					waited += delay;
					continue;
				}
			}
		}
		const errorBody = decodeErrorBody((response as ApiResponse).body);
		// Said when the request was tried again: how hard it tried before giving up.
		const tried = attempt > 1 ? triedText(attempt, Date.now() - started) : undefined;
		const build = (itemIndex: number | undefined) => httpError(ctx, service, statusCode, errorBody, { subject: options.subject, itemIndex, tried, refused: refusedWait });
		if (meansServiceDown({ statusCode, downAnswers })) recordOutage(ctx, service, build);
		throw build(options.itemIndex);
	}
}
