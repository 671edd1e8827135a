import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';

import { POLL_RETRY, type ApiRequestOptions } from '../transport/http';
import type { WalkTarget } from '../transport/paginate';

/** The bounds every polling trigger works within. Mutable so tests can shorten them. */
export const pollLimits = {
	/** One request that hangs must not eat the whole poll: past this it fails as a timeout (transient). */
	requestTimeoutMs: 30_000,
	/**
	 * A walk that must read a whole window to be right (nothing to resume from) ends with an error
	 * naming the endpoint after this many pages, rather than take part of the window for all of it.
	 */
	maxPages: 100,
	/** A walk that resumes from a saved position reads at most this many pages; the rest waits for the next poll. */
	maxPagesPerPoll: 20,
	/** Without a poll budget from n8n (1.x), a poll stops fetching after this long. */
	defaultBudgetMs: 5 * 60_000,
};

/** What a poll's request allows: a retry or two, at most 10 s of waiting, and a timeout. */
export function pollRequest(): Pick<ApiRequestOptions, 'maxAttempts' | 'maxRetryWaitMs' | 'timeoutMs'> {
	return { ...POLL_RETRY, timeoutMs: pollLimits.requestTimeoutMs };
}

/**
 * When a poll should stop fetching more: half of n8n's poll budget where n8n offers one (2.x),
 * else half of `defaultBudgetMs`; never less than ten seconds.
 */
export function pollDeadline(ctx: IPollFunctions): number {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : pollLimits.defaultBudgetMs;
	return Date.now() + Math.max(10_000, budget / 2);
}

/** A walk that must read its whole window in one poll: its page guard's target and its clock. */
export interface WholeWindow {
	/** For the page guard: at most `pollLimits.maxPages` pages, each error naming the endpoint. */
	target: WalkTarget;
	/** Before each page: past the poll's deadline, an error naming the endpoint. */
	beforePage(): void;
}

export function wholeWindow(ctx: IPollFunctions, walk: Omit<WalkTarget, 'ctx' | 'maxPages'>): WholeWindow {
	const deadline = pollDeadline(ctx);
	const endpoint = `${walk.method ?? 'GET'} ${walk.path.split('?')[0]}`;
	return {
		target: { ...walk, ctx, maxPages: pollLimits.maxPages },
		beforePage() {
			if (Date.now() < deadline) return;
			throw new NodeOperationError(ctx.getNode(), `${walk.service} was still listing ${endpoint} when the poll ran out of time; stopped rather than take part of the list for all of it`, {
				description: 'Nothing was emitted and the position was kept. Narrow what the trigger watches (a filter, fewer statuses, a shorter window), or poll more often.',
			});
		},
	};
}
