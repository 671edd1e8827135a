import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { objectAnswer } from '../shared/transport/answers';
import { markRunOutcome } from '../shared/review/rules';
import { apiPath } from '../shared/transport/paths';
import { notFinishedError } from '../shared/waiting/timeoutOutcome';
import type { CheckResult, WaitOutcome } from '../shared/waiting/wait';
import type { WaitSettings } from '../shared/waiting/waitOptions';
import { waitUntilDone } from '../shared/waiting/wait';
import type { RequestContext } from '../shared/transport/serviceDefinition';
import { llamaJson, llamaRequest, type LlamaRequestOptions } from './transport';

/** The API sometimes hands structured data over as a JSON string: users always get parsed JSON. */
export function parseData(value: unknown): unknown {
	if (typeof value !== 'string') return value ?? null;
	const text = value.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// Not JSON after all (a plain string value): keep it as the API gave it.
		return value;
	}
}

// ---------------------------------------------------------------- Extract v2 (/api/v2/extract)

export const V2_TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface V2Job extends IDataObject {
	id: string;
	status: string;
	file_input?: string;
	created_at?: string;
}

/** What to expand on every look: the union of what the waiting items want. */
export interface V2Expand {
	metadata?: boolean;
	usage?: boolean;
	/** The job's configuration with its data schema (review routing reads required fields there). */
	configuration?: boolean;
}

export function expandValues(expand: V2Expand): string[] {
	return [...(expand.metadata ? ['extract_metadata'] : []), ...(expand.usage ? ['usage'] : []), ...(expand.configuration ? ['configuration'] : [])];
}

/** `expand` as the query wants it: one value, or the list (sent as repeated `expand=`). */
export function expandQuery(expand: V2Expand): IDataObject {
	const values = expandValues(expand);
	if (values.length === 0) return {};
	return { expand: values.length === 1 ? values[0] : values };
}

export interface FormatOptions {
	simplify: boolean;
	metadata: boolean;
	/** Credits billed for the job (`expand=usage`). */
	usage?: boolean;
	/**
	 * The name of the job's file, as the node knows it (the job names its file by ID only): the item
	 * then carries it as `file_name`, next to `file_id`.
	 */
	fileName?: string | null;
}

export async function getV2Job(ctx: RequestContext, id: string, itemIndex: number | undefined, expand: V2Expand): Promise<V2Job> {
	const qs = expandQuery(expand);
	const body = await llamaJson<unknown>(ctx, {
		method: 'GET',
		path: apiPath`/api/v2/extract/${id}`,
		qs: Object.keys(qs).length ? qs : undefined,
		subject: `Extraction job ${id}`,
		itemIndex,
		scoped: true,
	});
	return objectAnswer<V2Job>(ctx, body, { service: 'LlamaCloud', subject: `extraction job ${id}`, itemIndex });
}

export function formatV2Job(job: V2Job, options: FormatOptions): IDataObject {
	const data = parseData(job.extract_result) as IDataObject;
	if (!options.simplify) {
		const fileName = options.fileName !== undefined ? { file_name: options.fileName } : {};
		return { job_id: job.id, file_id: job.file_input ?? job.document_input_value ?? null, ...fileName, data, ...job, extract_result: data };
	}
	const out: IDataObject = {
		job_id: job.id,
		file_id: job.file_input ?? job.document_input_value ?? null,
		...(options.fileName !== undefined ? { file_name: options.fileName } : {}),
		status: job.status,
		data,
		configuration_id: job.configuration_id ?? null,
		error_message: job.error_message ?? null,
		created_at: job.created_at ?? null,
		updated_at: job.updated_at ?? null,
	};
	if (options.metadata) {
		out.metadata = (job.extract_metadata as IDataObject) ?? null;
		out.usage = ((job.metadata as IDataObject | undefined)?.usage as IDataObject) ?? null;
	}
	if (options.usage) {
		// `usage` is only there with expand=usage, and null until the job has been billed.
		const billed = (job.usage as IDataObject | null | undefined) ?? null;
		out.credits_used = (billed?.credits as number | null | undefined) ?? null;
		out.credits = billed;
	}
	return out;
}

/** The request that cancels a v2 extraction job. */
export function cancelV2JobRequest(id: string, itemIndex: number): LlamaRequestOptions {
	return {
		method: 'POST',
		path: apiPath`/api/v2/extract/${id}/cancel`,
		subject: `Extraction job ${id}`,
		what: `cancel extraction job ${id}`,
		// Cancelling twice has the same effect as once, so a lost answer may be asked again.
		idempotent: true,
		itemIndex,
		scoped: true,
	};
}

export async function cancelV2Job(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<V2Job | undefined> {
	// A job that finished in the meantime cannot be cancelled (4xx): then it simply is not.
	const response = await llamaRequest<V2Job>(ctx, { ...cancelV2JobRequest(id, itemIndex), acceptStatuses: [400, 409, 422] });
	return response.statusCode < 400 ? response.body : undefined;
}

/** Throws the error of a job that ended without a result. */
export function failedJobError(ctx: IExecuteFunctions, label: string, status: string, message: unknown, itemIndex: number): NodeOperationError {
	const verb = status === 'CANCELLED' ? 'was cancelled' : `failed (${status})`;
	const error = new NodeOperationError(ctx.getNode(), `${label} ${verb}${message ? `: ${String(message)}` : ''}`, {
		itemIndex,
		description: 'Check the file (readable, not password-protected, within 100 MB / 500 pages) and the schema, then run again.',
	});
	return markRunOutcome(error, 'failed', message ? String(message) : verb);
}

// ------------------------------------------------------------- Extract v1 (/api/v1/extraction)

/** v1 job statuses: PENDING runs; SUCCESS/PARTIAL_SUCCESS carry a result; ERROR/CANCELLED do not. */
export const V1_WITH_RESULT = new Set(['SUCCESS', 'PARTIAL_SUCCESS']);
export const V1_TERMINAL = new Set(['SUCCESS', 'PARTIAL_SUCCESS', 'ERROR', 'CANCELLED']);

export interface V1Job extends IDataObject {
	id: string;
	status: string;
	file_id?: string;
	extraction_agent?: IDataObject;
	error?: string | null;
}

export async function getV1Job(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<V1Job> {
	const body = await llamaJson<unknown>(ctx, {
		method: 'GET',
		path: apiPath`/api/v1/extraction/jobs/${id}`,
		subject: `Job ${id}`,
		itemIndex,
	});
	return objectAnswer<V1Job>(ctx, body, { service: 'LlamaCloud', subject: `job ${id}`, itemIndex });
}

export async function getV1Result(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<IDataObject> {
	const body = await llamaJson<unknown>(ctx, {
		method: 'GET',
		path: apiPath`/api/v1/extraction/jobs/${id}/result`,
		subject: `The result of job ${id}`,
		itemIndex,
		scoped: true,
	});
	return objectAnswer<IDataObject>(ctx, body, { service: 'LlamaCloud', subject: `the result of job ${id}`, itemIndex });
}

export function formatV1Job(job: V1Job, simplify: boolean): IDataObject {
	const agent = job.extraction_agent ?? {};
	if (!simplify) return { job_id: job.id, ...job };
	return {
		job_id: job.id,
		status: job.status,
		extraction_agent_id: agent.id ?? job.extraction_agent_id ?? null,
		agent_name: agent.name ?? null,
		file_id: job.file_id ?? null,
		error: job.error ?? null,
	};
}

export function formatV1Result(result: IDataObject, job: Partial<V1Job> & { id: string }, options: FormatOptions): IDataObject {
	const data = parseData(result.data);
	const base: IDataObject = {
		job_id: job.id,
		run_id: result.run_id ?? null,
		extraction_agent_id: result.extraction_agent_id ?? job.extraction_agent?.id ?? null,
		file_id: job.file_id ?? null,
		status: job.status ?? 'SUCCESS',
		data: data as IDataObject,
	};
	if (!options.simplify) return { ...base, ...result, data: data as IDataObject };
	if (options.metadata) base.metadata = (result.extraction_metadata as IDataObject) ?? null;
	return base;
}

/** Turns a finished v1 wait into the output: result, error, or ids with the last status. */
export async function finishV1Wait(
	ctx: IExecuteFunctions,
	outcome: WaitOutcome<V1Job>,
	itemIndex: number,
	options: FormatOptions & { fail: boolean },
): Promise<IDataObject> {
	const job = outcome.value;
	if (outcome.timedOut) {
		if (options.fail) throw notFinishedError(ctx, { label: `Job ${job.id}`, later: 'Use Job → Wait later with this job ID.' }, job.status, itemIndex);
		return { ...formatV1Job(job, true), timed_out: true };
	}
	if (!V1_WITH_RESULT.has(job.status)) throw failedJobError(ctx, `Job ${job.id}`, job.status, job.error, itemIndex);
	return formatV1Result(await getV1Result(ctx, job.id, itemIndex), job, options);
}

export async function waitForV1Job(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
	options: FormatOptions & { policy: WaitSettings },
): Promise<IDataObject> {
	const outcome = await waitUntilDone(
		ctx,
		async (): Promise<CheckResult<V1Job>> => {
			const job = await getV1Job(ctx, id, itemIndex);
			return { done: V1_TERMINAL.has(job.status), value: job };
		},
		options.policy,
		itemIndex,
	);
	return await finishV1Wait(ctx, outcome, itemIndex, { ...options, fail: options.policy.fail });
}

/** A v1 run as users map it. */
export function formatRun(run: IDataObject, simplify: boolean): IDataObject {
	const data = parseData(run.data);
	if (!simplify) return { run_id: run.id, ...run, data: data as IDataObject };
	return {
		run_id: run.id,
		job_id: run.job_id ?? null,
		extraction_agent_id: run.extraction_agent_id ?? null,
		file_id: run.file_id ?? null,
		status: run.status,
		error: run.error ?? null,
		data: data as IDataObject,
		created_at: run.created_at ?? null,
		updated_at: run.updated_at ?? null,
	};
}
