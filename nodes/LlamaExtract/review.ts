import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { assertListedFields, jsonSchemaFields, oncePerExecution, type FieldFacts, type ReviewRules, type ReviewSubject } from '../shared/review/rules';
import type { ReviewAdapter } from '../shared/description/router';
import { getAgent } from './actions/agent/get.operation';
import { getConfiguration } from './actions/configuration/configurationById';
import { getV1Result, getV2Job, parseData } from './jobs';

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Field facts from LlamaExtract's field metadata: `{field: {confidence, citation: [{page,
 * matching_text}]}}`, nested objects recursing. Confidence may come as `confidence` or
 * `extraction_confidence`.
 */
export function fieldFactsOf(metadata: unknown, prefix = ''): Record<string, FieldFacts> {
	const out: Record<string, FieldFacts> = {};
	if (!isObject(metadata)) return out;
	for (const [name, entry] of Object.entries(metadata)) {
		if (!isObject(entry)) continue;
		const path = prefix ? `${prefix}.${name}` : name;
		const confidence = [entry.confidence, entry.extraction_confidence].find((value) => typeof value === 'number') as number | undefined;
		const citation = Array.isArray(entry.citation) ? (entry.citation[0] as IDataObject | undefined) : undefined;
		if (confidence !== undefined || citation) {
			const facts: FieldFacts = {};
			if (confidence !== undefined) facts.confidence = confidence;
			if (typeof citation?.page === 'number') facts.page = citation.page;
			if (typeof citation?.matching_text === 'string') facts.source = citation.matching_text;
			out[path] = facts;
		} else {
			Object.assign(out, fieldFactsOf(entry, path));
		}
	}
	return out;
}

/** A schema's required and known fields, once per execution and schema source. */
async function cached(ctx: IExecuteFunctions, key: string, load: () => Promise<unknown>): Promise<{ required: string[]; known: string[] }> {
	return await oncePerExecution(ctx, `schema:${key}`, async () => jsonSchemaFields(parseData(await load())));
}

function statusOutcome(json: IDataObject): ReviewSubject['outcome'] {
	if (json.timed_out === true) return 'timedOut';
	const status = String(json.status ?? '');
	if (['COMPLETED', 'SUCCESS', 'PARTIAL_SUCCESS'].includes(status)) return 'completed';
	if (['FAILED', 'ERROR', 'CANCELLED'].includes(status)) return 'failed';
	return 'running';
}

/** Whether the rules of this item want confidence scores (so an inline configuration asks for them). */
export function wantsConfidence(ctx: IExecuteFunctions, itemIndex: number): boolean {
	if (ctx.getNodeParameter('routeResultsNeedingReview', 0, false) !== true) return false;
	const rules = ctx.getNodeParameter('reviewRules', itemIndex, {}) as IDataObject;
	return rules.confidence !== false;
}

/** Extract (v2) Create / Wait / Get: schema from the job's configuration or the saved one, facts from extract_metadata. */
export const v2Review: ReviewAdapter = {
	async prepare(this: IExecuteFunctions, itemIndex: number, rules: ReviewRules) {
		if (this.getNodeParameter('operation', itemIndex) !== 'create') return;
		if (rules.alsoRequired.length === 0 && rules.checks.length === 0) return;
		if (this.getNodeParameter('configurationSource', itemIndex, 'inline') === 'inline') {
			const schema = jsonSchemaFields(parseData(this.getNodeParameter('dataSchema', itemIndex, '')));
			if (schema.known.length) assertListedFields(this.getNode(), rules, schema.known, itemIndex, 'the Data Schema');
		}
	},
	async subject(this: IExecuteFunctions, json: IDataObject, itemIndex: number, rules: ReviewRules): Promise<ReviewSubject> {
		const outcome = statusOutcome(json);
		const id = String(json.job_id ?? json.id ?? '');
		if (outcome !== 'completed') {
			return { outcome, detail: String((outcome === 'failed' ? json.error_message : json.status) ?? '') || undefined, data: json.data ?? null, required: [], fields: {} };
		}
		let metadata = (json.extract_metadata ?? json.metadata) as IDataObject | undefined;
		let configuration = json.configuration as IDataObject | undefined;
		if ((!isObject(metadata) || !isObject(configuration)) && id) {
			const job = await getV2Job(this, id, itemIndex, { metadata: true, configuration: true });
			metadata = isObject(metadata) ? metadata : (job.extract_metadata as IDataObject | undefined);
			configuration = isObject(configuration) ? configuration : (job.configuration as IDataObject | undefined);
		}
		const configurationId = String(json.configuration_id ?? '');
		const schema = isObject(configuration?.data_schema) || typeof configuration?.data_schema === 'string'
			? jsonSchemaFields(parseData(configuration!.data_schema))
			: configurationId
				? await cached(this, `cfg:${configurationId}`, async () => (await getConfiguration(this, configurationId, itemIndex)).parameters?.data_schema)
				: { required: [], known: [] };
		if (schema.known.length) assertListedFields(this.getNode(), rules, schema.known, itemIndex, configurationId ? `configuration ${configurationId}` : `job ${id}`);
		const fieldMetadata = (metadata?.field_metadata as IDataObject | undefined) ?? {};
		return {
			outcome,
			data: json.data ?? json.extract_result ?? null,
			required: schema.required,
			knownFields: schema.known,
			fields: fieldFactsOf(fieldMetadata.document_metadata ?? fieldMetadata),
		};
	},
};

/** Job (v1) Wait / Get Result: schema from the agent, facts from the result's extraction_metadata. */
export const v1Review: ReviewAdapter = {
	async subject(this: IExecuteFunctions, json: IDataObject, itemIndex: number, rules: ReviewRules): Promise<ReviewSubject> {
		const outcome = statusOutcome(json);
		if (outcome !== 'completed') {
			return { outcome, detail: String((outcome === 'failed' ? json.error : json.status) ?? '') || undefined, data: json.data ?? null, required: [], fields: {} };
		}
		const jobId = String(json.job_id ?? '');
		let metadata = (json.extraction_metadata ?? json.metadata) as IDataObject | undefined;
		if (!isObject(metadata) && jobId) metadata = (await getV1Result(this, jobId, itemIndex)).extraction_metadata as IDataObject | undefined;
		const agentId = String(json.extraction_agent_id ?? '');
		const schema = agentId
			? await cached(this, `agent:${agentId}`, async () => (await getAgent(this, agentId, itemIndex)).data_schema)
			: { required: [], known: [] };
		if (schema.known.length) assertListedFields(this.getNode(), rules, schema.known, itemIndex, `agent ${agentId}`);
		return {
			outcome,
			data: json.data ?? null,
			required: schema.required,
			knownFields: schema.known,
			fields: fieldFactsOf((metadata?.field_metadata as IDataObject | undefined) ?? {}),
		};
	},
};
