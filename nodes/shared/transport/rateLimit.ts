import { createHmac, randomBytes } from 'crypto';

import { header, type Headers } from './headers';

/**
 * Remembers, per account (credential and base URL) and bucket, until when the service told us to
 * hold back, so that the next request waits for the window instead of collecting a 429. Module
 * scope on purpose: every item and every node of the process that uses the same credential shares
 * the same quota at the service; another credential has a quota of its own and is not held back.
 */
const blockedUntil = new Map<string, number>();

/**
 * Windows an answer said are used up (`X-RateLimit-Remaining: 0`) without saying when they reset
 * (Raydocs names the reset only on its 429), and since when one request has been out to find
 * out. That request goes; the others of this process wait for its answer instead of each
 * collecting a 429 of their own. Its 429 names the wait, which then holds them all back.
 */
const usedUp = new Map<string, { askingSince?: number }>();

/** How often the waiting requests look again, and after how long without an answer another one goes. */
export const USED_UP_STEP_MS = 250;
export const USED_UP_ASK_MS = 5000;

/** Key of the hash that stands for a credential without an id; never leaves this process. */
const accountHashKey = randomBytes(32);

/**
 * Names the quota a request counts against: the credential (n8n's id for it, else a keyed hash
 * of its secret values, so the secret itself is in no key) at the base URL it is sent to.
 */
export function rateAccount(
	serviceName: string,
	baseUrl: string,
	credentialId: string | null | undefined,
	secrets: readonly string[],
	per: 'credential' | 'host' = 'credential',
): string {
	// A limit per calling host is shared by every credential this process sends from.
	if (per === 'host') return `${serviceName} this host at ${baseUrl}`;
	const credential = credentialId
		? `credential ${credentialId}`
		: `secret ${createHmac('sha256', accountHashKey).update(secrets.join('\n')).digest('hex').slice(0, 32)}`;
	return `${serviceName} ${credential} at ${baseUrl}`;
}

/** The quota of a request sent without credential (a signed URL): the URL's origin. */
export function unauthenticatedRateAccount(serviceName: string, url: string): string {
	// The origin only: a signed URL's query string is its credential.
	const origin = URL.canParse(url) ? new URL(url).origin : 'an invalid URL';
	return `${serviceName} without credential at ${origin}`;
}

/** Retry-After in ms: delta-seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
	const raw = header(headers, 'retry-after');
	if (raw === undefined || raw === '') return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(raw);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** X-RateLimit-Reset / RateLimit-Reset in ms from now: epoch seconds or delta-seconds. */
export function resetInMs(headers: Headers, now = Date.now()): number | undefined {
	const raw = header(headers, 'x-ratelimit-reset') ?? header(headers, 'ratelimit-reset');
	if (raw === undefined || raw === '') return undefined;
	const value = Number(raw);
	if (!Number.isFinite(value)) return undefined;
	// Values this large are an epoch (seconds or ms), small ones a delay in seconds.
	if (value > 1e12) return Math.max(0, value - now);
	if (value > 1e9) return Math.max(0, value * 1000 - now);
	return Math.max(0, value * 1000);
}

/** How long a 429/503 answer asks us to wait: Retry-After, or for a 429 the window's reset. */
export function toldWaitMs(statusCode: number, headers: Headers, now = Date.now()): number | undefined {
	return retryAfterMs(headers, now) ?? (statusCode === 429 ? resetInMs(headers, now) : undefined);
}

/**
 * A request's rate-limit windows: its own bucket and, for a bucket nested inside the service's
 * global budget (PerfectParser: 20 submits/min within 150 requests/min), that global bucket too.
 */
export interface RateScope {
	own: string;
	/** The service's default bucket, when `own` counts against it as well. */
	global?: string;
	/** The own bucket's documented limit, to tell which window an answer's headers describe. */
	ownLimit?: number;
}

/** How long to hold back before sending: the longest block among the scope's buckets. */
export function waitForScope(scope: RateScope, now = Date.now()): number {
	const own = waitBeforeSending(scope.own, now);
	return scope.global ? Math.max(own, waitBeforeSending(scope.global, now)) : own;
}

/**
 * Which bucket an answer's rate-limit headers close. PerfectParser does not say which window
 * its submit endpoint reports; X-RateLimit-Limit names the window's size, so a limit above the
 * own bucket's (150 vs 20) is the global window. Without that header we cannot tell: a 429 or an
 * exhausted window then closes the own bucket, the tolerant choice that does not stall the rest.
 */
export function answeredBucket(scope: RateScope, headers: Headers): string {
	if (!scope.global || scope.ownLimit === undefined) return scope.own;
	const limit = Number(header(headers, 'x-ratelimit-limit') ?? header(headers, 'ratelimit-limit'));
	return Number.isFinite(limit) && limit > scope.ownLimit ? scope.global : scope.own;
}

export function waitBeforeSending(bucket: string, now = Date.now()): number {
	const until = blockedUntil.get(bucket);
	if (until === undefined) return 0;
	if (until <= now) {
		blockedUntil.delete(bucket);
		return 0;
	}
	return until - now;
}

/**
 * Before a request goes into a window an answer said is used up without naming its reset: 0 when
 * it may go (it is then the one that finds out), else how long to wait before looking again.
 */
export function waitForUsedUpWindow(scope: RateScope, now = Date.now()): number {
	const buckets = scope.global ? [scope.own, scope.global] : [scope.own];
	const states = buckets.map((bucket) => usedUp.get(bucket)).filter((state) => state !== undefined);
	if (states.some((state) => state.askingSince !== undefined && now - state.askingSince < USED_UP_ASK_MS)) return USED_UP_STEP_MS;
	for (const state of states) state.askingSince = now;
	return 0;
}

/**
 * Reads the rate-limit headers of an answer, whichever execution of this process got it: blocks the
 * bucket when the window is used up and the answer says until when, marks it used up when it does not.
 */
export function noteResponse(bucket: string, statusCode: number, headers: Headers, now = Date.now()): void {
	const remaining = Number(header(headers, 'x-ratelimit-remaining') ?? header(headers, 'ratelimit-remaining'));
	let holdMs: number | undefined;
	if (statusCode === 429 || statusCode === 503) {
		// A little jitter so that parallel executions do not all come back in the same instant.
		const told = toldWaitMs(statusCode, headers, now);
		holdMs = told === undefined ? undefined : told + Math.round(Math.random() * 250);
		if (statusCode === 429) usedUp.delete(bucket);
	} else if (remaining === 0) {
		holdMs = resetInMs(headers, now) ?? retryAfterMs(headers, now);
		// Used up, reset not named: the next request finds out, the others wait for its answer.
		if (holdMs === undefined) usedUp.set(bucket, {});
	} else if (Number.isFinite(remaining) && remaining > 0) {
		usedUp.delete(bucket);
	}
	if (holdMs !== undefined && holdMs > 0) {
		blockedUntil.set(bucket, Math.max(blockedUntil.get(bucket) ?? 0, now + holdMs));
	}
}

/** For tests: forget every window. */
export function resetRateLimitState(): void {
	blockedUntil.clear();
	usedUp.clear();
}
