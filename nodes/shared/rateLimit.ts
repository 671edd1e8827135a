/**
 * Remembers, per service and bucket, until when the service told us to hold back, so that the
 * next request waits for the window instead of collecting a 429. Module scope on purpose: every
 * item and every node of the process shares the same quota at the service.
 */
const blockedUntil = new Map<string, number>();

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
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

export function waitBeforeSending(bucket: string, now = Date.now()): number {
	const until = blockedUntil.get(bucket);
	if (until === undefined) return 0;
	if (until <= now) {
		blockedUntil.delete(bucket);
		return 0;
	}
	return until - now;
}

/** Reads the rate-limit headers of an answer and blocks the bucket when the window is used up. */
export function noteResponse(bucket: string, statusCode: number, headers: Headers, now = Date.now()): void {
	const remaining = Number(header(headers, 'x-ratelimit-remaining') ?? header(headers, 'ratelimit-remaining'));
	let holdMs: number | undefined;
	if (statusCode === 429 || statusCode === 503) {
		// A little jitter so that parallel executions do not all come back in the same instant.
		const told = toldWaitMs(statusCode, headers, now);
		holdMs = told === undefined ? undefined : told + Math.round(Math.random() * 250);
	} else if (remaining === 0) {
		holdMs = resetInMs(headers, now) ?? retryAfterMs(headers, now);
	}
	if (holdMs !== undefined && holdMs > 0) {
		blockedUntil.set(bucket, Math.max(blockedUntil.get(bucket) ?? 0, now + holdMs));
	}
}

/** For tests: forget every window. */
export function resetRateLimitState(): void {
	blockedUntil.clear();
}
