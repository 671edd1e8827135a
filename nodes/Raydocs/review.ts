import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { assertListedFields, oncePerExecution, type FieldFacts, type ReviewRules, type ReviewSubject } from '../shared/review/rules';
import type { ReviewAdapter } from '../shared/description/router';
import { templateId } from './actions/parameters';
import { getResult } from './sessionResults';
import { readSession, readTemplate } from './lookups';

interface TemplateFields {
	name: string;
	required: string[];
	known: string[];
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A template's fields as "group.field" paths. Required: fields marked `required: true` (or named
 * in a group's `required` list); a template that marks none asks for every field it lists.
 */
export function templateFields(template: IDataObject): TemplateFields {
	const schema = (isObject(template.schema_json) ? template.schema_json : isObject(template.schema) ? template.schema : {}) as IDataObject;
	const groups = isObject(schema.groups) ? schema.groups : {};
	const known: string[] = [];
	const marked: string[] = [];
	for (const [group, definition] of Object.entries(groups)) {
		if (!isObject(definition) || !isObject(definition.fields)) continue;
		const listed = Array.isArray(definition.required) ? definition.required.map(String) : [];
		for (const [field, spec] of Object.entries(definition.fields)) {
			known.push(`${group}.${field}`);
			if ((isObject(spec) && spec.required === true) || listed.includes(field)) marked.push(`${group}.${field}`);
		}
	}
	return { name: String(template.name ?? template.id ?? ''), required: marked.length ? marked : known, known };
}

/** Where each field was read: the first source of its audit entry (page and text). */
export function auditFacts(audit: unknown): Record<string, FieldFacts> {
	const out: Record<string, FieldFacts> = {};
	if (!isObject(audit)) return out;
	for (const [group, fields] of Object.entries(audit)) {
		if (!isObject(fields)) continue;
		for (const [field, entry] of Object.entries(fields)) {
			const source = isObject(entry) && Array.isArray(entry.sources) ? (entry.sources[0] as IDataObject | undefined) : undefined;
			if (!isObject(source)) continue;
			const facts: FieldFacts = {};
			if (typeof source.page === 'number') facts.page = source.page;
			if (typeof source.text === 'string' && source.text) facts.source = source.text;
			out[`${group}.${field}`] = facts;
		}
	}
	return out;
}

async function fieldsOfTemplate(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<TemplateFields> {
	return await oncePerExecution(ctx, `template-fields:${id}`, async () => templateFields(await readTemplate(ctx, id, itemIndex)));
}

/** Batch Create Sessions (with wait) and Result Run / Wait / Get: one item per extraction run. */
export const runReview: ReviewAdapter = {
	async prepare(this: IExecuteFunctions, itemIndex: number, rules: ReviewRules) {
		if (this.getNodeParameter('operation', itemIndex) !== 'createSessions') return;
		if (rules.alsoRequired.length === 0 && rules.checks.length === 0) return;
		const id = templateId(this, itemIndex);
		const fields = await fieldsOfTemplate(this, id, itemIndex);
		assertListedFields(this.getNode(), rules, fields.known, itemIndex, `template "${fields.name}"`);
	},
	async subject(this: IExecuteFunctions, json: IDataObject, itemIndex: number, rules: ReviewRules): Promise<ReviewSubject> {
		const status = String(json.status ?? '');
		if (json.timed_out === true) return { outcome: 'timedOut', detail: status || undefined, data: null, required: [], fields: {} };
		if (status === 'failed') {
			// Raydocs documents no failure field; one the service sends (error, error_message) is shown.
			const said = (source: IDataObject) => [source.error, source.error_message].find((value) => typeof value === 'string' && value) as string | undefined;
			const resultId = String(json.result_id ?? json.id ?? '');
			const detail = said(json) ?? (resultId && json.result_id !== undefined ? said(await getResult(this, resultId, itemIndex)) : undefined);
			return { outcome: 'failed', detail, data: null, required: [], fields: {} };
		}
		if (status !== 'completed') return { outcome: 'running', data: null, required: [], fields: {} };
		const resultId = String(json.result_id ?? json.id ?? '');
		const sessionId = String(json.session_id ?? json.extraction_session_id ?? '');
		const owner = sessionId ? await readSession(this, sessionId, itemIndex) : undefined;
		let audit = json.audit_data ?? json.reasoning;
		if (!isObject(audit) && resultId) {
			const embedded = owner?.results?.find((run) => run.id === resultId);
			audit = isObject(embedded?.audit_data) ? embedded.audit_data : (await getResult(this, resultId, itemIndex)).audit_data;
		}
		const template = owner?.extraction_template_id ? await fieldsOfTemplate(this, String(owner.extraction_template_id), itemIndex) : undefined;
		if (template) assertListedFields(this.getNode(), rules, template.known, itemIndex, `template "${template.name}"`);
		return {
			outcome: 'completed',
			data: json.data ?? null,
			required: template?.required ?? [],
			knownFields: template?.known,
			fields: auditFacts(audit),
		};
	},
};
