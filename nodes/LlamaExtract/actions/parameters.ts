import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { inputBinaryField, listOrIdLocator, simplifyField as simplifyFieldOf } from '../../shared/description/fields';
import { requireId as requireServiceId, requireUuidLocator } from '../../shared/description/parameters';
import { parseJsonObject } from '../../shared/description/validate';
import { defaultWaitPolicy } from '../../shared/waiting/wait';
import { serviceWaitOptions, waitForCompletionField as completionSwitch } from '../../shared/waiting/waitOptions';
import { MAX_POLL_INTERVAL_MS } from '../waitV2Jobs';

/** Extraction agent (v1) picker: searchable list or UUID. */
export const agentLocator: INodeProperties = listOrIdLocator({
	displayName: 'Agent',
	name: 'agent',
	searchListMethod: 'searchAgents',
	placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
	description: 'The extraction agent (v1) whose schema and settings are used',
});

/** Saved extraction configuration (v2) picker: searchable list or `cfg-…` id. */
export const configurationLocator: INodeProperties = listOrIdLocator({
	displayName: 'Configuration',
	name: 'configuration',
	searchListMethod: 'searchConfigurations',
	placeholder: 'e.g. cfg-abc123',
	description: 'A saved extraction configuration (schema and settings) from LlamaCloud',
});

/**
 * Optional configuration filter. Named `configurationId` as when it was a plain string, so
 * workflows saved then still load; read it with `locatorString`.
 */
export const configurationFilterLocator: INodeProperties = {
	...configurationLocator,
	name: 'configurationId',
	required: false,
	description: 'Only jobs of this saved configuration; empty for all jobs',
};

export const binaryPropertyField = inputBinaryField('extract from');

export const dataSchemaField: INodeProperties = {
	displayName: 'Data Schema',
	name: 'dataSchema',
	type: 'json',
	// Empty where the schema defines what is saved (agents, configurations); Extract → Create starts
	// with an example instead (exampleDataSchemaField).
	default: '',
	required: true,
	placeholder: '{ "type": "object", "properties": { "total": { "type": "number", "description": "Total amount due" } } }',
	description:
		'JSON Schema of the data to extract: the root is "type": "object" and each field under "properties" has a type and a description, e.g. {"type": "object", "properties": {"invoice_number": {"type": "string", "description": "The invoice number"}}}',
};

/**
 * The schema a new Extract → Create node starts with: a small invoice (number, date, vendor,
 * total), so the first run extracts something instead of failing on an empty field. Nodes saved
 * with the field left empty (n8n stores no value at its default) failed on that; they now run it.
 */
export const EXAMPLE_DATA_SCHEMA = {
	type: 'object',
	properties: {
		invoice_number: { type: 'string', description: 'The invoice number' },
		invoice_date: { type: 'string', description: 'The date the invoice was issued, as YYYY-MM-DD' },
		vendor: { type: 'string', description: 'The name of the company that issued the invoice' },
		total: { type: 'number', description: 'The total amount due' },
	},
};

/** Data Schema as Extract → Create shows it: the example above, and where a real schema comes from. */
export const exampleDataSchemaField: INodeProperties = {
	...dataSchemaField,
	default: JSON.stringify(EXAMPLE_DATA_SCHEMA, null, 2),
	hint: 'An example invoice schema: replace its fields with yours. To have one written for you, use Schema → Generate; to reuse one, set "Schema From" to Saved Configuration.',
};

export const simplifyField: INodeProperties = simplifyFieldOf(
	'the IDs, status and extracted data instead of the full API object (schema and configuration used, usage…)',
);

export const includeMetadataField: INodeProperties = {
	displayName: 'Include Metadata',
	name: 'includeMetadata',
	type: 'boolean',
	default: false,
	description: 'Whether to add the extraction metadata (citations, confidence scores, reasoning, usage) to the output',
};

/** Wait options: 15 minutes by default, any number of hours allowed; a finished job is noticed within 10 s. */
const llamaWait = serviceWaitOptions(15, () => ({ maxDelayMs: Math.min(defaultWaitPolicy.maxDelayMs, MAX_POLL_INTERVAL_MS) }));
export const waitFields = llamaWait.fields;
export const waitPolicy = llamaWait.read;

export const waitForCompletionField = completionSwitch('Whether to wait until the job has finished and return its result, or return the job at once');

/** An id LlamaCloud gave (cfg-…, dfl-…, ext-…) in a plain string parameter; `example` shows its shape. */
export function requireId(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, example: string): string {
	return requireServiceId(ctx, name, label, itemIndex, 'LlamaCloud', example);
}

export function agentId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireUuidLocator(ctx, 'agent', 'Agent', itemIndex);
}

/**
 * A JSON Schema for extraction, checked before sending: valid JSON, an object, with an object root
 * (LlamaExtract refuses any other root), and `properties` an object when given.
 */
export function parseDataSchema(ctx: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): IDataObject {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty`, {
			itemIndex,
			description: 'Enter a JSON Schema such as {"type": "object", "properties": {"total": {"type": "number"}}}.',
		});
	}
	const schema = parseJsonObject(ctx, raw, label, itemIndex);
	const properties = schema.properties;
	if (schema.type !== 'object' || (properties !== undefined && (typeof properties !== 'object' || properties === null || Array.isArray(properties)))) {
		throw new NodeOperationError(ctx.getNode(), `${label} is not an object schema`, {
			itemIndex,
			description: 'LlamaExtract needs a JSON Schema whose root is {"type": "object", "properties": {…}}. Wrap single fields in such an object.',
		});
	}
	return schema;
}

const PAGE_RANGE = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

/** A 1-based page range like "1,3,5-7", checked before sending; returns it normalised (no spaces). */
export function parsePageRange(ctx: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string | undefined {
	const value = String(raw ?? '').replace(/\s+/g, '');
	if (!value) return undefined;
	const fail = (why: string) =>
		new NodeOperationError(ctx.getNode(), `${label} "${String(raw)}" does not parse: ${why}`, {
			itemIndex,
			description: 'Use 1-based page numbers and ranges separated by commas, e.g. 1,3,5-7.',
		});
	if (!PAGE_RANGE.test(value)) throw fail('only page numbers, "-" ranges and commas are allowed');
	for (const part of value.split(',')) {
		const [from, to] = part.split('-').map(Number);
		if (from < 1 || (to !== undefined && to < 1)) throw fail('pages start at 1');
		if (to !== undefined && to < from) throw fail(`the range ${part} runs backwards`);
	}
	return value;
}

/** An optional JSON object parameter: undefined when empty. */
export function optionalJsonObject(ctx: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): IDataObject | undefined {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return undefined;
	const value = parseJsonObject(ctx, raw, label, itemIndex);
	return Object.keys(value).length ? value : undefined;
}

/** v1 ExtractConfig fields shared by agents and job overrides. */
export const v1ConfigOptions: INodeProperties[] = [
	{
		displayName: 'Chunk Mode',
		name: 'chunk_mode',
		type: 'options',
		options: [
			{ name: 'Page', value: 'PAGE' },
			{ name: 'Section', value: 'SECTION' },
		],
		default: 'PAGE',
	},
	{
		displayName: 'Citations',
		name: 'cite_sources',
		type: 'boolean',
		default: false,
		description: 'Whether to record where each value was found (page, text, bounding boxes) in the metadata',
	},
	{
		displayName: 'Confidence Scores',
		name: 'confidence_scores',
		type: 'boolean',
		default: false,
		description: 'Whether to compute a confidence score per field',
	},
	{
		displayName: 'Extraction Mode',
		name: 'extraction_mode',
		type: 'options',
		options: [
			{ name: 'Balanced', value: 'BALANCED' },
			{ name: 'Fast', value: 'FAST', description: 'OCR only, fastest' },
			{ name: 'Multimodal', value: 'MULTIMODAL', description: 'For visually rich documents' },
			{ name: 'Premium', value: 'PREMIUM', description: 'Highest accuracy' },
		],
		default: 'BALANCED',
	},
	{
		displayName: 'Extraction Target',
		name: 'extraction_target',
		type: 'options',
		options: [
			{ name: 'Per Document', value: 'PER_DOC', description: 'One object for the whole document' },
			{ name: 'Per Page', value: 'PER_PAGE', description: 'One object per page' },
			{ name: 'Per Table Row', value: 'PER_TABLE_ROW', description: 'One object per row of a table or list' },
		],
		default: 'PER_DOC',
	},
	{
		displayName: 'High Resolution Mode',
		name: 'high_resolution_mode',
		type: 'boolean',
		default: false,
		description: 'Whether to use higher-resolution OCR for small text',
	},
	{
		displayName: 'Page Range',
		name: 'page_range',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1,3,5-7',
		description: 'Pages to extract from (1-based); empty means all',
	},
	{
		displayName: 'System Prompt',
		name: 'system_prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Extra instructions for the extraction',
	},
	{
		displayName: 'Use Reasoning',
		name: 'use_reasoning',
		type: 'boolean',
		default: false,
		description: 'Whether to record the reasoning behind each value in the metadata',
	},
];

/** Reads a v1 config collection into an ExtractConfig, checking the page range. */
export function readV1Config(ctx: IExecuteFunctions, collection: string, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	const config: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === '' || value === undefined) continue;
		config[key] = value;
	}
	if (raw.page_range !== undefined) {
		const range = parsePageRange(ctx, raw.page_range, 'Page Range', itemIndex);
		if (range) config.page_range = range;
		else delete config.page_range;
	}
	return config;
}
