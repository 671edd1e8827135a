import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { markRunOutcome } from '../review/rules';

/** How a created job is named in errors, and how the user picks it up later. */
export interface JobLabel {
	/** e.g. `Job 660e… (file dfl-1)`, `Extraction ext_2`. */
	label: string;
	/** A full sentence: where to look at the job later, e.g. "Use Job → Wait later with this job ID." */
	later: string;
}

/**
 * On Timeout "Fail": the job did not finish within the max wait. The error says its last status
 * and how to pick it up later; review routing sees it as a timed-out run.
 */
export function notFinishedError(ctx: IExecuteFunctions, job: JobLabel, status: string, itemIndex?: number, also = ''): NodeOperationError {
	const error = new NodeOperationError(ctx.getNode(), `${job.label} did not finish within the max wait`, {
		itemIndex,
		description: `Its last status was "${status}"${also}. ${job.later} Or raise "Max Wait".`,
	});
	return markRunOutcome(error, 'timedOut', status);
}

/**
 * A job that exists but could not be followed to its end (the wait or the result fetch failed):
 * the error names the job, so nothing created is lost, and keeps the cause's own hint.
 */
export function startedButFailed(ctx: IExecuteFunctions, job: JobLabel, doing: string, cause: Error, itemIndex?: number): NodeOperationError {
	const hint = (cause as { description?: unknown }).description;
	return new NodeOperationError(ctx.getNode(), `${job.label} was started, but ${doing} failed: ${cause.message}`, {
		itemIndex,
		description: `${typeof hint === 'string' && hint ? `${hint} ` : ''}The job exists: do not start it again. ${job.later}`,
	});
}
