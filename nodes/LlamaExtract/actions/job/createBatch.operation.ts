import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { withoutItem } from '../../../shared/errors';
import type { ItemOutcome } from '../../../shared/router';
import { waitForAll, type WaitOutcome } from '../../../shared/wait';
import { formatV1Job, formatV1Result, getV1Job, getV1Result, V1_TERMINAL, V1_WITH_RESULT, type V1Job } from '../../results';
import { llamaJson } from '../../transport';
import { agentId, agentLocator, waitForCompletionField, waitPolicy } from '../common';
import { configOverrideField, jobOptions, readFormat, readOverrides, type Overrides } from './shared';

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

interface Planned {
	itemIndex: number;
	agent: string;
	fileIds: string[];
	overrides: Overrides;
	wait: boolean;
	policy?: ReturnType<typeof waitPolicy>;
	format: ReturnType<typeof readFormat>;
}

function planItem(ctx: IExecuteFunctions, itemIndex: number): Planned {
	const agent = agentId(ctx, itemIndex);
	const fileIds = String(ctx.getNodeParameter('fileIds', itemIndex, ''))
		.split(/[\s,]+/)
		.map((id) => id.trim())
		.filter((id) => id);
	if (fileIds.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `File IDs is empty [item ${itemIndex}]`, {
			itemIndex,
			description: 'Enter one or more file IDs (from File → Upload), separated by commas.',
		});
	}
	const tooLong = fileIds.find((id) => id.length > 200);
	if (tooLong) {
		throw new NodeOperationError(ctx.getNode(), `File ID "${tooLong.slice(0, 40)}…" is not a valid ID [item ${itemIndex}]`, {
			itemIndex,
			description: 'Separate file IDs with commas.',
		});
	}
	// Every setting is read (and checked) here, before any job exists.
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	return {
		itemIndex,
		agent,
		fileIds,
		overrides: readOverrides(ctx, itemIndex),
		wait,
		policy: wait ? waitPolicy(ctx, itemIndex) : undefined,
		format: readFormat(ctx, itemIndex),
	};
}

/** Why a created job has no result: names the item, job and file; the job id goes along. */
function jobFailure(ctx: IExecuteFunctions, entry: Submitted, doing: string, error: Error): ItemOutcome {
	const { itemIndex, job } = entry;
	const cause = withoutItem(error.message);
	const hint = (error as { description?: unknown }).description;
	return {
		itemIndex,
		error: new NodeOperationError(ctx.getNode(), `Job ${job.id} (file ${String(job.file_id)}) was started, but ${doing} failed: ${cause} [item ${itemIndex}]`, {
			itemIndex,
			description: `${typeof hint === 'string' && hint ? `${hint} ` : ''}The job exists in LlamaCloud: look at it later with Job → Wait or Job → Get Result and this job ID.`,
		}),
		errorJson: { job_id: job.id, file_id: job.file_id ?? null },
	};
}

interface Submitted {
	itemIndex: number;
	job: V1Job;
}

/**
 * Starts one job per file in as few calls as the API allows (one batch call per agent and
 * settings, 50 files each), then optionally waits for all of them. Each input item gets one
 * output per file; a failed job is reported in its own output (status ERROR) so it never hides
 * the other files' results, and a failed call only fails the items it carried. Nothing created is
 * hidden: a job whose wait or result fails comes out as an error carrying its id.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const groups = new Map<string, Planned[]>();
	const plans = new Map<number, Planned>();
	for (const itemIndex of itemIndexes) {
		try {
			const planned = planItem(this, itemIndex);
			plans.set(itemIndex, planned);
			const key = JSON.stringify([planned.agent, planned.overrides]);
			groups.set(key, [...(groups.get(key) ?? []), planned]);
		} catch (error) {
			outcomes.push({ itemIndex, error: error as Error });
		}
	}

	const submitted: Submitted[] = [];
	for (const group of groups.values()) {
		const files = group.flatMap((planned) => planned.fileIds.map((fileId) => ({ itemIndex: planned.itemIndex, fileId })));
		const failedItems = new Set<number>();
		for (let start = 0; start < files.length; start += BATCH_MAX_FILES) {
			const chunk = files.slice(start, start + BATCH_MAX_FILES).filter((file) => !failedItems.has(file.itemIndex));
			if (chunk.length === 0) continue;
			try {
				const jobs = await llamaJson<V1Job[]>(this, {
					method: 'POST',
					path: '/api/v1/extraction/jobs/batch',
					body: { extraction_agent_id: group[0].agent, file_ids: chunk.map((file) => file.fileId), ...group[0].overrides },
					subject: `Agent ${group[0].agent}`,
					what: `start ${chunk.length} extraction jobs`,
					itemIndex: chunk[0].itemIndex,
				});
				// Jobs come back in the order of file_ids; match by file_id when the job names it, by
				// position only for a job that does not (one naming another file is that file's).
				const list = Array.isArray(jobs) ? jobs : [];
				const byFile = new Map(list.filter((job) => job.file_id).map((job) => [job.file_id, job]));
				chunk.forEach((file, index) => {
					const job = byFile.get(file.fileId) ?? (list[index] && !list[index].file_id ? list[index] : undefined);
					if (job) {
						submitted.push({ itemIndex: file.itemIndex, job: { file_id: file.fileId, ...job } });
						return;
					}
					outcomes.push({
						itemIndex: file.itemIndex,
						error: new NodeOperationError(this.getNode(), `No job was started for file ${file.fileId} [item ${file.itemIndex}]`, {
							itemIndex: file.itemIndex,
							description: `LlamaCloud answered the batch with ${list.length} jobs for ${chunk.length} files and none for this one. Run it again, e.g. with Job → Create.`,
						}),
						errorJson: { file_id: file.fileId },
					});
				});
			} catch (error) {
				for (const file of chunk) failedItems.add(file.itemIndex);
				for (const itemIndex of new Set(chunk.map((file) => file.itemIndex))) outcomes.push({ itemIndex, error: error as Error });
			}
		}
		// An item whose files spanned a failed call keeps its error and the jobs that were started
		// before it: they exist, so they are reported too.
	}

	const first = itemIndexes.find((index) => submitted.some((entry) => entry.itemIndex === index));
	if (first === undefined) return outcomes;
	const { format, wait, policy } = plans.get(first) as Planned;
	const outputs = new Map<number, IDataObject[]>();
	const push = (itemIndex: number, json: IDataObject) => outputs.set(itemIndex, [...(outputs.get(itemIndex) ?? []), json]);

	if (!wait) {
		for (const entry of submitted) push(entry.itemIndex, formatV1Job(entry.job, format.simplify));
	} else {
		// One wait for the whole batch, bounded by the first item's Max Wait.
		let finished: Map<string, WaitOutcome<V1Job>>;
		try {
			finished = await waitForAll(
				this,
				submitted.map((entry) => entry.job.id),
				async (id) => {
					const entry = submitted.find((candidate) => candidate.job.id === id) as Submitted;
					const job = { ...entry.job, ...(await getV1Job(this, id, entry.itemIndex)) };
					return { done: V1_TERMINAL.has(job.status), value: job };
				},
				policy,
			);
		} catch (error) {
			// The jobs exist: every one leaves with its id rather than the node failing without them.
			for (const entry of submitted) outcomes.push(jobFailure(this, entry, 'waiting for it', error as Error));
			return outcomes;
		}
		for (const entry of submitted) {
			const outcome = finished.get(entry.job.id);
			const job = outcome?.value ?? entry.job;
			if (!outcome || outcome.timedOut) {
				push(entry.itemIndex, { ...formatV1Job(job, true), timed_out: true });
			} else if (V1_WITH_RESULT.has(job.status)) {
				try {
					push(entry.itemIndex, formatV1Result(await getV1Result(this, job.id, entry.itemIndex), job, format));
				} catch (error) {
					outcomes.push(jobFailure(this, { ...entry, job }, 'fetching its result', error as Error));
				}
			} else {
				push(entry.itemIndex, formatV1Job(job, true));
			}
		}
	}
	for (const [itemIndex, jsons] of outputs) outcomes.push({ itemIndex, outputs: jsons.map((json) => ({ json })) });
	return outcomes;
}
