import type { NodeApiError } from 'n8n-workflow';

import type { RequestContext, ServiceDefinition } from './serviceDefinition';

/** Answers that say the service itself is down, not that one request was wrong. */
const DOWN_STATUSES = new Set([500, 502, 503, 504]);
/** Connection failures that say the same. */
const DOWN_TRANSPORT = new Set(['refused', 'reset', 'timeout']);

/** One answer (or connection failure) that says the service itself is down. */
export function isDownAnswer(failure: { statusCode?: number; transport?: string }): boolean {
	if (failure.transport !== undefined) return DOWN_TRANSPORT.has(failure.transport);
	return DOWN_STATUSES.has(failure.statusCode ?? 0);
}

/**
 * Whether a request's final failure means the service is down: it was tried again to the end of
 * its retry budget, its last try and at least one more got a 500/502/503/504 or a refused, reset
 * or timed-out connection. A down answer seen once (a create that is not repeated, to avoid doing
 * it twice, even after a 429 that it did repeat) is not enough: one dropped connection or one 503
 * among intermittent faults must not fail the other items.
 */
export function meansServiceDown(failure: { statusCode?: number; transport?: string; downAnswers: number }): boolean {
	return failure.downAnswers >= 2 && isDownAnswer(failure);
}

/** "6 attempts over 2 min 31 s": how hard a request tried, for its error. */
export function triedText(attempts: number, elapsedMs: number): string {
	const count = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
	if (attempts === 1) return count;
	const seconds = elapsedMs / 1000;
	const span = seconds < 60 ? `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
	return `${count} over ${span}`;
}

interface Outage {
	/** The error the request that found the outage ended with, rebuilt for another item. */
	errorFor(itemIndex: number | undefined): NodeApiError;
}

/** Outages found by one execution (its context), per service; gone with the execution. */
const outages = new WeakMap<object, Map<string, Outage>>();

/**
 * Remembers that this execution found the service down: every later request of the same
 * execution to that service fails at once with the same error instead of retrying again.
 */
export function recordOutage(ctx: RequestContext, service: ServiceDefinition, errorFor: Outage['errorFor']): void {
	let byService = outages.get(ctx);
	if (!byService) {
		byService = new Map();
		outages.set(ctx, byService);
	}
	if (!byService.has(service.name)) byService.set(service.name, { errorFor });
}

/** The error of a request sent after this execution found the service down, or undefined. */
export function knownOutageError(ctx: RequestContext, service: ServiceDefinition, itemIndex: number | undefined): NodeApiError | undefined {
	const outage = outages.get(ctx)?.get(service.name);
	if (!outage) return undefined;
	const error = outage.errorFor(itemIndex);
	error.description = [
		`Not sent: ${service.name} was found down earlier in this execution, so the remaining requests fail at once instead of each retrying. Run again once ${service.name} is back.`,
		error.description,
	]
		.filter((part) => part)
		.join('\n');
	return error;
}
