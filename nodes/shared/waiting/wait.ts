import { cancelledError, isCancelled, pause } from '../transport/cancel';
import type { RequestContext } from '../transport/serviceDefinition';

export interface WaitPolicy {
	/** Give up after this long; the caller returns the last status instead of losing the ids. */
	maxWaitMs: number;
	initialDelayMs: number;
	maxDelayMs: number;
	factor: number;
}

export const defaultWaitPolicy: WaitPolicy = {
	maxWaitMs: 10 * 60_000,
	initialDelayMs: 1000,
	maxDelayMs: 30_000,
	factor: 1.6,
};

export interface WaitOutcome<T> {
	value: T;
	timedOut: boolean;
	polls: number;
}

export interface CheckResult<T> {
	done: boolean;
	value: T;
}

/** Time source; tests may replace it. */
export const clock = { now: () => Date.now() };

/**
 * Waits until `check` says done, polling with backoff (~1 s growing to 30 s), for at most
 * `maxWaitMs`, and stops at once when the execution is cancelled.
 */
export async function waitUntilDone<T>(
	ctx: RequestContext,
	check: () => Promise<CheckResult<T>>,
	policy: Partial<WaitPolicy> = {},
	itemIndex?: number,
): Promise<WaitOutcome<T>> {
	const p = { ...defaultWaitPolicy, ...policy };
	const deadline = clock.now() + p.maxWaitMs;
	let delay = p.initialDelayMs;
	let polls = 0;
	for (;;) {
		if (isCancelled(ctx)) throw cancelledError(ctx, itemIndex);
		const result = await check();
		polls++;
		if (result.done) return { value: result.value, timedOut: false, polls };
		const left = deadline - clock.now();
		if (left <= 0) return { value: result.value, timedOut: true, polls };
		await pause(ctx, Math.min(delay, left), itemIndex);
		delay = Math.min(p.maxDelayMs, Math.round(delay * p.factor));
	}
}

/**
 * Waits for many jobs at once. Each round checks the pending jobs in submission order and stops
 * the round at the first one still running: services finish roughly in order, so an idle round
 * costs one request instead of one per job.
 */
export async function waitForAll<K, T>(
	ctx: RequestContext,
	keys: K[],
	check: (key: K) => Promise<CheckResult<T>>,
	policy: Partial<WaitPolicy> = {},
): Promise<Map<K, WaitOutcome<T>>> {
	const p = { ...defaultWaitPolicy, ...policy };
	const deadline = clock.now() + p.maxWaitMs;
	const outcomes = new Map<K, WaitOutcome<T>>();
	const last = new Map<K, T>();
	const polls = new Map<K, number>();
	let pending = [...keys];
	let delay = p.initialDelayMs;
	while (pending.length > 0) {
		if (isCancelled(ctx)) throw cancelledError(ctx);
		const stillPending: K[] = [];
		let blocked = false;
		for (const key of pending) {
			if (blocked) {
				stillPending.push(key);
				continue;
			}
			const result = await check(key);
			polls.set(key, (polls.get(key) ?? 0) + 1);
			last.set(key, result.value);
			if (result.done) {
				outcomes.set(key, { value: result.value, timedOut: false, polls: polls.get(key) ?? 1 });
			} else {
				stillPending.push(key);
				blocked = true;
			}
		}
		// Progress this round means work is flowing: poll again soon rather than backing off.
		const progressed = stillPending.length < pending.length;
		pending = stillPending;
		if (pending.length === 0) break;
		const left = deadline - clock.now();
		if (left <= 0) break;
		delay = progressed ? p.initialDelayMs : delay;
		await pause(ctx, Math.min(delay, left));
		delay = Math.min(p.maxDelayMs, Math.round(delay * p.factor));
	}
	// Timed out: jobs never reached behind a running one get one look, so every id leaves with
	// its last status.
	for (const key of pending) {
		let value = last.get(key) as T;
		let done = false;
		if (!last.has(key)) {
			const result = await check(key);
			polls.set(key, 1);
			value = result.value;
			done = result.done;
		}
		outcomes.set(key, { value, timedOut: !done, polls: polls.get(key) ?? 0 });
	}
	return outcomes;
}
