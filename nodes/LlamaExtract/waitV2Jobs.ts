import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { cancelledError, isCancelled, pause } from '../shared/transport/cancel';
import { clock, defaultWaitPolicy } from '../shared/waiting/wait';
import { notFinishedError } from '../shared/waiting/timeoutOutcome';
import type { WaitSettings } from '../shared/waiting/waitOptions';
import { cancelV2Job, expandQuery, failedJobError, formatV2Job, getV2Job, V2_TERMINAL, type FormatOptions, type V2Expand, type V2Job } from './jobs';
import { llamaJson } from './transport';

/** Job ids per list call: `GET /api/v2/extract?job_ids=…` answers one page, and this is that page. */
export const JOB_IDS_PER_CALL = 100;

/** The longest pause between two looks, so a finished job is noticed within 10 s. */
export const MAX_POLL_INTERVAL_MS = 10_000;

export interface V2Waiting {
	id: string;
	itemIndex: number;
	maxWaitMs: number;
}

export interface V2WaitOutcome {
	job: V2Job;
	timedOut: boolean;
	/** The job could not be looked at (e.g. deleted meanwhile): this item's error, not the others'. */
	error?: Error;
}

/**
 * The current state of some v2 jobs: one job is one GET; more are one list call per
 * JOB_IDS_PER_CALL ids. A job the list does not return (deleted, other project) is asked for by
 * id, so its 404 names it instead of the wait running out; that error is the job's own.
 */
export async function lookAtV2Jobs(
	ctx: IExecuteFunctions,
	waiting: V2Waiting[],
	expand: V2Expand,
): Promise<Map<string, V2Job | Error>> {
	const found = new Map<string, V2Job | Error>();
	if (waiting.length === 1) {
		// The only job: its error is the wait's error.
		const only = waiting[0];
		found.set(only.id, await getV2Job(ctx, only.id, only.itemIndex, expand));
		return found;
	}
	const byId = async (entry: V2Waiting) => {
		const job = await getV2Job(ctx, entry.id, entry.itemIndex, expand).catch((error: Error) => error);
		found.set(entry.id, job);
	};
	for (let start = 0; start < waiting.length; start += JOB_IDS_PER_CALL) {
		const chunk = waiting.slice(start, start + JOB_IDS_PER_CALL);
		const body = await llamaJson<{ items?: V2Job[] }>(ctx, {
			method: 'GET',
			path: '/api/v2/extract',
			qs: { job_ids: chunk.map((entry) => entry.id), page_size: chunk.length, ...expandQuery(expand) },
			what: `check ${chunk.length} extraction jobs`,
			itemIndex: chunk[0].itemIndex,
			scoped: true,
		});
		for (const job of body.items ?? []) {
			if (chunk.some((entry) => entry.id === job.id)) found.set(job.id, job);
		}
		for (const entry of chunk) {
			if (!found.has(entry.id)) await byId(entry);
		}
	}
	return found;
}

/**
 * Waits for many v2 jobs at once: each look is one call per JOB_IDS_PER_CALL pending jobs. The
 * pause starts at ~1 s and grows only after a look in which nothing finished, up to
 * MAX_POLL_INTERVAL_MS. Each job has its own max wait; a job past it leaves with its last state
 * and `timedOut`. Stops at once when the execution is cancelled.
 */
export async function waitForV2Jobs(
	ctx: IExecuteFunctions,
	waiting: V2Waiting[],
	expand: V2Expand,
): Promise<Map<string, V2WaitOutcome>> {
	const started = clock.now();
	const deadline = new Map(waiting.map((entry) => [entry.id, started + entry.maxWaitMs]));
	const outcomes = new Map<string, V2WaitOutcome>();
	const maxDelay = Math.min(defaultWaitPolicy.maxDelayMs, MAX_POLL_INTERVAL_MS);
	let delay = Math.min(defaultWaitPolicy.initialDelayMs, maxDelay);
	let pending = [...waiting];
	while (pending.length > 0) {
		if (isCancelled(ctx)) throw cancelledError(ctx, pending[0].itemIndex);
		const jobs = await lookAtV2Jobs(ctx, pending, expand);
		const now = clock.now();
		const still: V2Waiting[] = [];
		for (const entry of pending) {
			const job = jobs.get(entry.id) as V2Job | Error;
			if (job instanceof Error) outcomes.set(entry.id, { job: { id: entry.id, status: 'UNKNOWN' }, timedOut: false, error: job });
			else if (V2_TERMINAL.has(job.status)) outcomes.set(entry.id, { job, timedOut: false });
			else if (now >= (deadline.get(entry.id) as number)) outcomes.set(entry.id, { job, timedOut: true });
			else still.push(entry);
		}
		const progressed = still.length < pending.length;
		pending = still;
		if (pending.length === 0) break;
		const left = Math.min(...pending.map((entry) => (deadline.get(entry.id) as number) - now));
		await pause(ctx, Math.max(0, Math.min(delay, left)), pending[0].itemIndex);
		if (!progressed) delay = Math.min(maxDelay, Math.round(delay * defaultWaitPolicy.factor));
	}
	return outcomes;
}

export type V2WaitOptions = FormatOptions & { policy: WaitSettings };

/**
 * Turns a finished wait for one v2 job into its output. Completed → the formatted job; failed or
 * cancelled → an error naming the job; timed out → the ids and last status (optionally cancelling
 * the job first), or an error when the user asked to fail.
 */
export async function finishV2Wait(
	ctx: IExecuteFunctions,
	outcome: V2WaitOutcome,
	itemIndex: number,
	options: V2WaitOptions,
): Promise<IDataObject> {
	if (outcome.error) throw outcome.error;
	const id = outcome.job.id;
	const ended = (done: V2Job) => {
		if (done.status !== 'COMPLETED') throw failedJobError(ctx, `Extraction job ${id}`, done.status, done.error_message, itemIndex);
		return formatV2Job(done, options);
	};
	let job = outcome.job;
	if (!outcome.timedOut) return ended(job);
	let cancelled = false;
	if (options.policy.cancelOnTimeout) {
		const after = await cancelV2Job(ctx, id, itemIndex);
		if (after) {
			job = { ...job, ...after };
			cancelled = true;
		} else {
			// Refused: most likely it ended since the last look. Report how it really ended.
			job = await getV2Job(ctx, id, itemIndex, options);
			if (V2_TERMINAL.has(job.status)) return ended(job);
		}
	}
	if (options.policy.fail) {
		const label = { label: `Extraction job ${id}`, later: 'Use Extract → Wait later with this job ID.' };
		throw notFinishedError(ctx, label, job.status, itemIndex, cancelled ? ' and it was cancelled' : '');
	}
	return { ...formatV2Job(job, options), timed_out: true, cancelled };
}
