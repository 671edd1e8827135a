import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

/** What the service said about one extracted field, where it says anything. */
export interface FieldFacts {
	/** 0–1, from the service (LlamaExtract with confidence scores on, PerfectParser). */
	confidence?: number;
	/** Page the value was read from (1-based). */
	page?: number;
	/** The document text the value was read from. */
	source?: string;
}

/** One extraction result, as the review rules need to see it, whatever the service. */
export interface ReviewSubject {
	/** completed: has data; failed: the run failed; timedOut: the wait ended first; running: not a result yet. */
	outcome: 'completed' | 'failed' | 'timedOut' | 'running';
	/** The service's own words for a failure, or the last status of a timed-out wait. */
	detail?: string;
	/** The extracted values: an object of fields (nested objects are groups), or null. */
	data: unknown;
	/** Required field paths from the schema the service used ("invoice.total" or "total"). */
	required: string[];
	/** Every field path of that schema; undefined when the schema is not known. */
	knownFields?: string[];
	/** Facts per field path. */
	fields: Record<string, FieldFacts>;
	/** A confidence for the whole document (PerfectParser). */
	documentConfidence?: number;
}

export interface FieldCheck {
	field: string;
	kind: 'pattern' | 'range' | 'date';
	pattern?: RegExp;
	min?: number;
	max?: number;
}

export interface ReviewRules {
	/** Flag a required field that is missing or empty. */
	requiredFields: boolean;
	/** Fields the user also wants present, on top of the schema's required ones. */
	alsoRequired: string[];
	/** Flag a confidence below this; undefined when the rule is off. */
	minConfidence?: number;
	/** Send a failed run or a timed-out wait to Needs Review instead of an error item. */
	routeFailures: boolean;
	checks: FieldCheck[];
}

export interface Review {
	needed: boolean;
	reasons: string[];
}

export const DEFAULT_MIN_CONFIDENCE = 0.8;

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every path to a leaf value of an object: groups and nested objects become "a.b". */
export function leafPaths(value: unknown, prefix = ''): string[] {
	if (!isObject(value) || Object.keys(value).length === 0) return prefix ? [prefix] : [];
	return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

/**
 * The full path a user's field name stands for among `paths`: itself, or the one path that ends
 * in ".name" (a Raydocs field inside its group). Undefined when there is none or several.
 */
export function resolvePath(name: string, paths: readonly string[]): string | undefined {
	if (paths.includes(name)) return name;
	const endings = paths.filter((path) => path.endsWith(`.${name}`));
	return endings.length === 1 ? endings[0] : undefined;
}

function lookup(data: unknown, path: string): { present: boolean; value: unknown } {
	let current: unknown = data;
	for (const key of path.split('.')) {
		if (!isObject(current) || !(key in current)) return { present: false, value: undefined };
		current = current[key];
	}
	return { present: true, value: current };
}

function valueOf(data: unknown, name: string, known: readonly string[]): { path: string; present: boolean; value: unknown } {
	const direct = lookup(data, name);
	if (direct.present) return { path: name, ...direct };
	const path = resolvePath(name, [...new Set([...known, ...leafPaths(data)])]) ?? name;
	return { path, ...lookup(data, path) };
}

function isEmpty(value: unknown): boolean {
	if (value === null || value === undefined) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (isObject(value)) return Object.values(value).every(isEmpty);
	return false;
}

function shown(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** " (page 2: "Total: $8,800")" where the service said where it read the value. */
function where(facts: FieldFacts | undefined): string {
	if (!facts) return '';
	const parts: string[] = [];
	if (facts.page !== undefined) parts.push(`page ${facts.page}`);
	if (facts.source) parts.push(shown(facts.source));
	return parts.length ? ` (${parts.join(': ')})` : '';
}

function factsFor(subject: ReviewSubject, path: string): FieldFacts | undefined {
	if (subject.fields[path]) return subject.fields[path];
	const resolved = resolvePath(path, Object.keys(subject.fields));
	return resolved ? subject.fields[resolved] : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether a value reads as a calendar date: ISO dates must exist (no 2024-02-30); other text must parse and name a year. */
export function isDate(value: unknown): boolean {
	if (typeof value !== 'string' || value.trim() === '') return false;
	const text = value.trim();
	const iso = ISO_DATE.exec(text);
	if (iso) {
		const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
		const date = new Date(Date.UTC(year, month - 1, day));
		return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
	}
	return /\b\d{4}\b/.test(text) && /[a-z]/i.test(text) && Number.isFinite(Date.parse(text));
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const number = Number(value.trim());
		return Number.isFinite(number) ? number : undefined;
	}
	return undefined;
}

const fixed = (value: number) => value.toFixed(2);

/** The reasons one result needs a person to look at it, in words for an email. */
export function reviewSubject(subject: ReviewSubject, rules: ReviewRules): Review {
	if (subject.outcome === 'running') return { needed: false, reasons: [] };
	if (subject.outcome === 'failed' || subject.outcome === 'timedOut') {
		if (!rules.routeFailures) return { needed: false, reasons: [] };
		const reason =
			subject.outcome === 'failed'
				? `the extraction failed${subject.detail ? `: ${subject.detail}` : ''}`
				: `the extraction did not finish within the max wait${subject.detail ? ` (last status "${subject.detail}")` : ''}`;
		return { needed: true, reasons: [reason] };
	}
	if (Array.isArray(subject.data)) {
		// One record per page or table row: each record is checked on its own, the document's
		// confidence once.
		const records = subject.data.flatMap((record, index) =>
			reviewSubject({ ...subject, data: record, documentConfidence: undefined }, rules).reasons.map((reason) => `record ${index + 1}: ${reason}`),
		);
		const document = reviewSubject({ ...subject, data: {}, required: [], fields: {} }, { ...rules, requiredFields: false, checks: [] }).reasons;
		const reasons = [...new Set([...records, ...document])];
		return { needed: reasons.length > 0, reasons };
	}
	const reasons: string[] = [];
	const known = subject.knownFields ?? [];
	const flagged = new Set<string>();

	if (rules.requiredFields) {
		const wanted = [...subject.required, ...rules.alsoRequired];
		for (const name of wanted) {
			const found = valueOf(subject.data, name, known);
			if (flagged.has(found.path)) continue;
			if (!found.present) reasons.push(`${name} is missing`);
			else if (isEmpty(found.value)) reasons.push(`${name} is empty`);
			else continue;
			flagged.add(found.path);
		}
	}

	if (rules.minConfidence !== undefined) {
		const threshold = rules.minConfidence;
		if (subject.documentConfidence !== undefined && subject.documentConfidence < threshold) {
			reasons.push(`document: confidence ${fixed(subject.documentConfidence)} < ${fixed(threshold)}`);
		}
		for (const [path, facts] of Object.entries(subject.fields)) {
			if (facts.confidence === undefined || facts.confidence >= threshold) continue;
			reasons.push(`${path}: confidence ${fixed(facts.confidence)} < ${fixed(threshold)}${where(facts)}`);
		}
	}

	for (const check of rules.checks) {
		const found = valueOf(subject.data, check.field, known);
		if (!found.present || isEmpty(found.value)) {
			if (!flagged.has(found.path)) reasons.push(`${check.field} is empty`);
			flagged.add(found.path);
			continue;
		}
		const at = where(factsFor(subject, found.path));
		const value = found.value;
		if (check.kind === 'date' && !isDate(value)) reasons.push(`${check.field}: not a date (${shown(value)})${at}`);
		if (check.kind === 'pattern' && check.pattern && !check.pattern.test(typeof value === 'string' ? value : JSON.stringify(value))) {
			reasons.push(`${check.field}: ${shown(value)} does not match ${String(check.pattern)}${at}`);
		}
		if (check.kind === 'range') {
			const number = asNumber(value);
			if (number === undefined) reasons.push(`${check.field}: not a number (${shown(value)})${at}`);
			else if (check.min !== undefined && number < check.min) reasons.push(`${check.field}: ${number} is below ${check.min}${at}`);
			else if (check.max !== undefined && number > check.max) reasons.push(`${check.field}: ${number} is above ${check.max}${at}`);
		}
	}
	return { needed: reasons.length > 0, reasons };
}

function refuse(node: INode, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(node, message, { itemIndex, description });
}

function fieldList(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	return [...new Set(list.map((entry) => String(entry).trim()).filter((entry) => entry.length > 0))];
}

function optionalNumber(node: INode, itemIndex: number, raw: unknown, label: string): number | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const number = typeof raw === 'number' ? raw : Number(raw);
	if (!Number.isFinite(number)) refuse(node, itemIndex, `${label} must be a number, not ${shown(raw)}`, `Enter a number in "${label}", or leave it empty.`);
	return number;
}

/**
 * The review rules of one item, read from the "Review Rules" collection and checked before any
 * request: a threshold outside 0–1, a pattern that is not a regular expression, a range check
 * without bounds or with min > max are refused naming the field.
 */
export function readReviewRules(ctx: IExecuteFunctions, itemIndex: number): ReviewRules {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('reviewRules', itemIndex, {}) as IDataObject;
	const rules: ReviewRules = {
		requiredFields: (options.requiredFields as boolean | undefined) ?? true,
		alsoRequired: fieldList(options.alsoRequired),
		routeFailures: (options.routeFailures as boolean | undefined) ?? true,
		checks: [],
	};
	if ((options.confidence as boolean | undefined) ?? true) {
		const raw = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
		const threshold = typeof raw === 'number' ? raw : Number(raw);
		if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
			refuse(node, itemIndex, `Minimum Confidence must be between 0 and 1, not ${typeof raw === 'number' ? raw : shown(raw)}`, 'Enter e.g. 0.8 (80 %), or turn off "Check Confidence".');
		}
		rules.minConfidence = threshold;
	}
	const entries = ((options.fieldChecks as IDataObject | undefined)?.check as IDataObject[] | undefined) ?? [];
	for (const entry of entries) {
		const field = String(entry.field ?? '').trim();
		const kind = String(entry.kind ?? 'pattern') as FieldCheck['kind'];
		if (!field) refuse(node, itemIndex, 'A field check has no field name', 'Enter the field to check in "Field", e.g. total or invoice_details.total.');
		if (kind === 'pattern') {
			const source = String(entry.pattern ?? '');
			if (!source) refuse(node, itemIndex, `The pattern check of "${field}" has no pattern`, 'Enter a regular expression in "Pattern", e.g. ^INV-\\d+$.');
			try {
				rules.checks.push({ field, kind, pattern: new RegExp(source) });
			} catch (error) {
				refuse(node, itemIndex, `The pattern of "${field}" is not a valid regular expression`, `${(error as Error).message}. Write the expression without slashes, e.g. ^INV-\\d+$.`);
			}
		} else if (kind === 'range') {
			const min = optionalNumber(node, itemIndex, entry.min, `Min of "${field}"`);
			const max = optionalNumber(node, itemIndex, entry.max, `Max of "${field}"`);
			if (min === undefined && max === undefined) refuse(node, itemIndex, `The range check of "${field}" has neither Min nor Max`, 'Enter Min, Max or both.');
			if (min !== undefined && max !== undefined && min > max) refuse(node, itemIndex, `The range check of "${field}" has Min ${min} above Max ${max}`, 'Swap Min and Max.');
			rules.checks.push({ field, kind, min, max });
		} else if (kind === 'date') {
			rules.checks.push({ field, kind });
		} else {
			refuse(node, itemIndex, `The check of "${field}" has an unknown kind "${String(kind)}"`, 'Choose Pattern, Number Range or Date.');
		}
	}
	return rules;
}

/** The fields the user named (Also Required, field checks) that a schema does not have. */
export function unknownListedFields(rules: ReviewRules, knownFields: readonly string[]): string[] {
	const listed = [...rules.alsoRequired, ...rules.checks.map((check) => check.field)];
	return [...new Set(listed.filter((name) => !resolvePath(name, knownFields)))];
}

/** Refuses listed fields that the schema does not have, naming them and the schema's fields. */
export function assertListedFields(node: INode, rules: ReviewRules, knownFields: readonly string[], itemIndex: number, schemaName: string): void {
	const unknown = unknownListedFields(rules, knownFields);
	if (unknown.length === 0) return;
	const names = unknown.map((name) => `"${name}"`).join(', ');
	refuse(
		node,
		itemIndex,
		`Review field ${names} is not a field of ${schemaName}`,
		`The schema's fields are: ${knownFields.join(', ') || '(none)'}. Correct the name in "Also Required" or "Field Checks".`,
	);
}

/** Required field paths and all field paths of a JSON Schema object (nested objects recurse). */
export function jsonSchemaFields(schema: unknown, prefix = ''): { required: string[]; known: string[] } {
	const out = { required: [] as string[], known: [] as string[] };
	if (!isObject(schema) || !isObject(schema.properties)) return out;
	const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
	for (const [name, definition] of Object.entries(schema.properties)) {
		const path = prefix ? `${prefix}.${name}` : name;
		const nested = jsonSchemaFields(definition, path);
		if (nested.known.length) {
			out.known.push(path, ...nested.known);
			out.required.push(...nested.required);
		} else {
			out.known.push(path);
		}
		if (required.includes(name)) out.required.push(path);
	}
	return out;
}

/** Errors that are the run's own outcome (it failed, or the wait ended first), not bad input or a refused request. */
const runOutcomes = new WeakMap<Error, { outcome: 'failed' | 'timedOut'; detail?: string }>();

/** Marks an error as a failed run or a timed-out wait, so review routing can send it to Needs Review. */
export function markRunOutcome<E extends Error>(error: E, outcome: 'failed' | 'timedOut', detail?: string): E {
	runOutcomes.set(error, { outcome, detail });
	return error;
}

export function runOutcomeOf(error: Error): { outcome: 'failed' | 'timedOut'; detail?: string } | undefined {
	return runOutcomes.get(error);
}

/** What a review looked up (a template, a parser, a schema), by key, for one execution. */
const lookups = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Loads what `key` names once per execution: every item of the run shares the one request. Keyed on
 * the node's execution context, the one object all its items share (`getWorkflow()` answers a new
 * object each call, so it cannot be the key).
 */
export function oncePerExecution<T>(ctx: IExecuteFunctions, key: string, load: () => Promise<T>): Promise<T> {
	if (!lookups.has(ctx)) lookups.set(ctx, new Map());
	const map = lookups.get(ctx)!;
	if (!map.has(key)) map.set(key, load());
	return map.get(key) as Promise<T>;
}
