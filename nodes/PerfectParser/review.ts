import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath } from '../shared/transport/paths';
import { assertListedFields, jsonSchemaFields, oncePerExecution, type FieldFacts, type ReviewRules, type ReviewSubject } from '../shared/review/rules';
import type { ReviewAdapter } from '../shared/description/router';
import { parserId } from './actions/parameters';
import { getExtraction } from './extractions';
import { ppJson, unwrap } from './transport';

interface ParserFields {
	required: string[];
	known: string[];
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Required and known fields of a parser: its JSON Schema (`required`), plus fields marked
 * `required: true` in its field list (a list of `{name, required}` or a map keyed by name).
 */
export function parserFields(parser: IDataObject): ParserFields {
	const fromSchema = jsonSchemaFields(parser.schema);
	const listed = Array.isArray(parser.fields)
		? (parser.fields as IDataObject[]).map((field) => [String(field.name ?? ''), field] as const)
		: isObject(parser.fields)
			? Object.entries(parser.fields).map(([name, field]) => [name, (isObject(field) ? field : {}) as IDataObject] as const)
			: [];
	const required = new Set(fromSchema.required);
	const known = new Set(fromSchema.known);
	for (const [name, field] of listed) {
		if (!name) continue;
		known.add(name);
		if (field.required === true) required.add(name);
	}
	return { required: [...required], known: [...known] };
}

async function fieldsOfParser(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<ParserFields> {
	return await oncePerExecution(ctx, `parser:${id}`, async () => {
		const body = await ppJson(ctx, { method: 'GET', path: apiPath`/parsers/${id}`, subject: `Parser ${id}`, itemIndex });
		return parserFields(unwrap(body, 'parser'));
	});
}

/** Per-field confidences, where a document gives them as an object instead of one number. */
function fieldConfidences(value: unknown): Record<string, FieldFacts> {
	if (!isObject(value)) return {};
	return Object.fromEntries(Object.entries(value).filter(([, number]) => typeof number === 'number').map(([name, number]) => [name, { confidence: number as number }]));
}

/** Submit (with wait), Get Results, Get Document: one item per document. */
export const documentReview: ReviewAdapter = {
	async prepare(this: IExecuteFunctions, itemIndex: number, rules: ReviewRules) {
		if (this.getNodeParameter('operation', itemIndex) !== 'submit') return;
		if (rules.alsoRequired.length === 0 && rules.checks.length === 0) return;
		const id = parserId(this, itemIndex);
		const fields = await fieldsOfParser(this, id, itemIndex);
		if (fields.known.length) assertListedFields(this.getNode(), rules, fields.known, itemIndex, `parser ${id}`);
	},
	async subject(this: IExecuteFunctions, json: IDataObject, itemIndex: number, rules: ReviewRules): Promise<ReviewSubject> {
		const status = String(json.status ?? '');
		if (json.timed_out === true) {
			return { outcome: 'timedOut', detail: String(json.extraction_status ?? status) || undefined, data: null, required: [], fields: {} };
		}
		if (status === 'failed') return { outcome: 'failed', detail: (json.error_message as string | undefined) ?? undefined, data: null, required: [], fields: {} };
		if (status !== 'completed') return { outcome: 'running', data: null, required: [], fields: {} };
		let parser = json.parser_id as string | undefined;
		const extractionId = json.extraction_id as string | undefined;
		if (!parser && extractionId) {
			parser = (await oncePerExecution(this, `extraction:${extractionId}`, async () => await getExtraction(this, extractionId, itemIndex))).parser_id as string | undefined;
		}
		const fields = parser ? await fieldsOfParser(this, parser, itemIndex) : { required: [], known: [] };
		if (fields.known.length) assertListedFields(this.getNode(), rules, fields.known, itemIndex, `parser ${parser}`);
		return {
			outcome: 'completed',
			// A one-record-per-page parser gives a list: the core checks each record.
			data: json.extracted_data ?? null,
			required: fields.required,
			knownFields: fields.known,
			fields: fieldConfidences(json.confidence),
			documentConfidence: typeof json.confidence === 'number' ? json.confidence : undefined,
		};
	},
};
