import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { ItemOutcome } from '../../../shared/description/router';
import { submitAndWait, type BatchService } from '../../../shared/waiting/submitAndWait';
import { startedButFailed } from '../../../shared/waiting/timeoutOutcome';
import { formatV1Job, formatV1Result, getV1Job, getV1Result, V1_TERMINAL, V1_WITH_RESULT, type V1Job } from '../../jobs';
import { llamaJson } from '../../transport';
import { agentId, agentLocator, waitForCompletionField, waitPolicy } from '../parameters';
import { configOverrideField, jobOptions, readFormat, readOverrides, type Overrides } from './jobParameters';

/** File ids per batch call. The API sets only a minimum (1); 50 keeps one call's loss small. */
export const BATCH_MAX_FILES = 50;

const show = { resource: ['job'], operation: ['createBatch'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	agentLocator,
	{
		displayName: 'File IDs',
		name: 'fileIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. dfl-…, dfl-…',
		description: 'IDs of uploaded files, separated by commas; each file becomes one job. Input items with the same agent and settings are sent together.',
	},
	configOverrideField,
	{ ...waitForCompletionField, description: 'Whether to wait until every job has finished and return the results (one item per file)' },
	jobOptions,
]);

/** One file of an input item, headed for one job. */
interface Planned {
	itemIndex: number;
	agent: string;
	fileId: string;
	overrides: Overrides;
	format: ReturnType<typeof readFormat>;
}

function fileIdsOf(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const fileIds = String(ctx.getNodeParameter('fileIds', itemIndex, ''))
		.split(/[\s,]+/)
		.map((id) => id.trim())
		.filter((id) => id);
	if (fileIds.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'File IDs is empty', {
			itemIndex,
			description: 'Enter one or more file IDs (from File → Upload), separated by commas.',
		});
	}
	const tooLong = fileIds.find((id) => id.length > 200);
	if (tooLong) {
		throw new NodeOperationError(ctx.getNode(), `File ID "${tooLong.slice(0, 40)}…" is not a valid ID`, {
			itemIndex,
			description: 'Separate file IDs with commas.',
		});
	}
	return fileIds;
}

const later = 'Look at it later with Job → Wait or Job → Get Result and this job ID.';

/** v1 jobs as the batch core drives them: one batch call per agent and settings, 50 files each. */
const jobs: BatchService<Planned, V1Job, V1Job> = {
	maxPerCall: BATCH_MAX_FILES,
	waitSettings: (ctx, itemIndex) => (ctx.getNodeParameter('waitForCompletion', itemIndex, true) ? waitPolicy(ctx, itemIndex) : undefined),
	// Every setting is read (and checked) here, before any job exists.
	plan(ctx, itemIndex) {
		const agent = agentId(ctx, itemIndex);
		const fileIds = fileIdsOf(ctx, itemIndex);
		const overrides = readOverrides(ctx, itemIndex);
		const format = readFormat(ctx, itemIndex);
		return fileIds.map((fileId) => ({ itemIndex, agent, fileId, overrides, format }));
	},
	groupKey: (entry) => JSON.stringify([entry.agent, entry.overrides]),
	async submit(ctx, chunk) {
		const { agent, overrides, itemIndex } = chunk[0];
		const answer = await llamaJson<V1Job[]>(ctx, {
			method: 'POST',
			path: '/api/v1/extraction/jobs/batch',
			body: { extraction_agent_id: agent, file_ids: chunk.map((entry) => entry.fileId), ...overrides },
			subject: `Agent ${agent}`,
			what: `start ${chunk.length} extraction jobs`,
			itemIndex,
		});
		// Jobs come back in the order of file_ids; match by file_id when the job names it, by
		// position only for a job that does not (one naming another file is that file's).
		const list = Array.isArray(answer) ? answer : [];
		const byFile = new Map(list.filter((job) => job.file_id).map((job) => [job.file_id, job]));
		return chunk.map((entry, index) => {
			const job = byFile.get(entry.fileId) ?? (list[index] && !list[index].file_id ? list[index] : undefined);
			if (job) return { file_id: entry.fileId, ...job };
			return new NodeOperationError(ctx.getNode(), `No job was started for file ${entry.fileId}`, {
				itemIndex: entry.itemIndex,
				description: `LlamaCloud answered the batch with ${list.length} jobs for ${chunk.length} files and none for this one. Run it again, e.g. with Job → Create.`,
			});
		});
	},
	entryFields: (entry) => ({ file_id: entry.fileId }),
	waitId: (job) => job.id,
	check: async (ctx, id, job, entry) => {
		const now = { ...job, ...(await getV1Job(ctx, id, entry.itemIndex)) };
		return { done: V1_TERMINAL.has(now.status), value: now };
	},
	statusOf: (job) => job.status,
	describe: (job) => ({ label: `Job ${job.id} (file ${String(job.file_id)})`, later, fields: { job_id: job.id, file_id: job.file_id ?? null } }),
	async format(ctx, entry, job, waited) {
		if (!waited) return formatV1Job(job, entry.format.simplify);
		const now = waited.value;
		// Timed out, failed or cancelled: the job with its last status (a failed job is an output, not an error).
		if (waited.timedOut || !V1_WITH_RESULT.has(now.status)) return formatV1Job(now, true);
		try {
			return formatV1Result(await getV1Result(ctx, now.id, entry.itemIndex), now, entry.format);
		} catch (error) {
			throw startedButFailed(ctx, jobs.describe(now), 'fetching its result', error as Error, entry.itemIndex);
		}
	},
};

/**
 * Starts one job per file in as few calls as the API allows (one batch call per agent and
 * settings, 50 files each), then optionally waits for all of them. Each input item gets one
 * output per file; a failed job is reported in its own output (status ERROR) so it never hides
 * the other files' results, and a failed call only fails the items it carried. Nothing created is
 * hidden: a job whose wait or result fails comes out as an error carrying its id.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	return await submitAndWait(this, itemIndexes, jobs);
}
