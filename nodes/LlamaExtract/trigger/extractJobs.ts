import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { apiPath } from '../../shared/transport/paths';
import { forgetOnNewFilters, toEpoch } from '../../shared/triggers/pollCursor';
import { pollLimits, pollRequest, wholeWindow } from '../../shared/triggers/pollLimits';
import { isManualRun, testEvent, type PollOutcome } from '../../shared/triggers/pollRun';
import { pollWindow } from '../../shared/triggers/pollWindow';
import { itemShape } from '../../shared/triggers/triggerFlatten';
import { builtFrom, exampleFromJsonSchema, markSample, sampleNote } from '../../shared/triggers/sampleItem';
import { idFromValue } from '../../shared/description/validate';
import { formatV2Job, parseData, type V2Job } from '../jobs';
import { llamaJson } from '../transport';
import { collectTokenPages } from '../tokenPages';
import { EXTRACTED_DATA } from './extractedData';

const STATE_KEY = 'extractJobs';
const PAGE_SIZE = 100;
/** A manual test run looks at the newest five pages only. */
const MANUAL_SAMPLE = 5 * PAGE_SIZE;

/**
 * `limit` undefined: every job of the window. A window holding more than the poll's page bound
 * ends the poll with an error (the watermark would otherwise move past the jobs not read).
 */
async function listJobs(ctx: IPollFunctions, qs: IDataObject, limit?: number): Promise<V2Job[]> {
	const window = wholeWindow(ctx, { service: 'LlamaCloud', path: '/api/v2/extract', position: 'page cursor' });
	return await collectTokenPages<V2Job>(ctx, '/api/v2/extract', qs, limit, { ...pollRequest(), maxPages: pollLimits.maxPages, beforePage: window.beforePage });
}

/**
 * The item a manual run returns while no job has the chosen status: a job as the list gives it,
 * its data built from the chosen configuration's schema, marked as an example.
 */
async function sampleJob(ctx: IPollFunctions, status: string, configurationId: string, toOutput: (job: V2Job) => IDataObject): Promise<IDataObject> {
	let configuration: IDataObject = {};
	if (configurationId) {
		configuration = await llamaJson<IDataObject>(ctx, {
			method: 'GET',
			path: apiPath`/api/v1/beta/configurations/${configurationId}`,
			subject: `Configuration ${configurationId}`,
			scoped: true,
		});
	}
	const schema = ((configuration.parameters ?? {}) as IDataObject).data_schema;
	const now = new Date().toISOString();
	const job = {
		id: 'ext-sample',
		file_input: 'dfl-sample',
		project_id: 'sample',
		status,
		configuration_id: configurationId || null,
		extract_result: status === 'COMPLETED' ? exampleFromJsonSchema(parseData(schema) ?? {}) : null,
		error_message: status === 'FAILED' ? 'example error message' : null,
		created_at: now,
		updated_at: now,
	} as unknown as V2Job;
	const source = configuration.name ? `configuration "${String(configuration.name)}"` : undefined;
	return markSample(toOutput(job), sampleNote('LlamaCloud', builtFrom(source), 'Run an extraction (e.g. with the LlamaExtract node) and test again to see a real job.'));
}

/**
 * Extraction jobs (v2) that reached one of the chosen statuses. The list filters on creation
 * time, not completion time, so each poll asks for the jobs created since (last poll − overlap
 * window) and de-duplicates by job id; the window must be as long as the longest job. A poll
 * that fails part-way changes no state, so nothing is skipped or emitted twice.
 */
export async function pollExtractJobs(ctx: IPollFunctions): Promise<PollOutcome> {
	const statuses = ctx.getNodeParameter('statuses', ['COMPLETED']) as string[];
	if (!statuses.length) {
		throw new NodeOperationError(ctx.getNode(), 'No status chosen under "Statuses"', {
			description: 'Choose at least one of Completed, Failed or Cancelled.',
		});
	}
	const hours = Number(ctx.getNodeParameter('overlapHours', 6));
	if (!Number.isFinite(hours) || hours <= 0) {
		throw new NodeOperationError(ctx.getNode(), `"Longest Job (Hours)" must be a positive number, not ${hours}`, {
			description: 'Set it to the longest time an extraction job of yours may take, e.g. 6.',
		});
	}
	const overlapMs = Math.round(hours * 3_600_000);
	const configurationId = idFromValue(ctx.getNode(), ctx.getNodeParameter('configurationId', ''), 'Configuration');
	const simplify = ctx.getNodeParameter('simplify', true) as boolean;
	const qs: IDataObject = {};
	// One status: filtered by the API. Several: listed unfiltered and filtered here, so an idle
	// poll still costs one request.
	if (statuses.length === 1) qs.status = statuses[0];
	if (configurationId) qs.configuration_id = configurationId;
	const wanted = (job: V2Job) => statuses.includes(job.status);
	const toOutput = (job: V2Job): IDataObject => formatV2Job(job, { simplify, metadata: false });

	if (isManualRun(ctx)) {
		const newest = (await listJobs(ctx, qs, MANUAL_SAMPLE)).find(wanted);
		return await testEvent(newest && toOutput(newest), async () => await sampleJob(ctx, statuses[0], configurationId, toOutput), itemShape(ctx, EXTRACTED_DATA));
	}

	forgetOnNewFilters(ctx.getWorkflowStaticData('node'), STATE_KEY, [statuses, configurationId, overlapMs]);
	const startedAt = Date.now();
	return await pollWindow<V2Job>(ctx, 'list extraction jobs', {
		stateKey: STATE_KEY,
		overlapMs,
		startAt: async () => startedAt,
		list: async (since) => (await listJobs(ctx, { ...qs, created_at_on_or_after: new Date(since).toISOString() })).filter(wanted),
		// The list filters on creation time: a job is placed by it, and emitted in the order jobs finished.
		stamp: (job) => ({ id: job.id, time: toEpoch(job.created_at) }),
		order: (a, b) => toEpoch(a.updated_at ?? a.created_at) - toEpoch(b.updated_at ?? b.created_at),
		format: toOutput,
		flatten: EXTRACTED_DATA,
		// Every job created since (this poll − window) was seen in full: the window may move on.
		readUpTo: startedAt,
	});
}
