import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { parsePageRange } from './parameters';

/** Settings of a v2 extraction configuration (inline on a job, or saved), all optional. */
export const v2ExtractionOptions: INodeProperties[] = [
	{
		displayName: 'Citations',
		name: 'cite_sources',
		type: 'boolean',
		default: false,
		description: 'Whether to record where each value was found (turn on Include Metadata to see them)',
	},
	{
		displayName: 'Confidence Scores',
		name: 'confidence_scores',
		type: 'boolean',
		default: false,
		description: 'Whether to compute a confidence score per field (turn on Include Metadata to see them)',
	},
	{
		displayName: 'Disable Cache',
		name: 'disable_cache',
		type: 'boolean',
		default: false,
		description: 'Whether to extract afresh: LlamaCloud neither reuses an earlier result for the same input nor stores this one',
	},
	{
		displayName: 'Extraction Target (Deprecated)',
		name: 'extraction_target',
		type: 'options',
		options: [
			{ name: 'Per Document', value: 'per_doc', description: 'One object for the whole document' },
			{ name: 'Per Page', value: 'per_page', description: 'One object per page' },
			{ name: 'Per Table Row', value: 'per_table_row', description: 'One object per row of a table or list' },
		],
		default: 'per_doc',
		description:
			'Deprecated by LlamaCloud: only Agentic and Cost Effective at version 2.0 or earlier honour it, and Agentic Plus takes Per Document only. Leave it out: newer versions return one object per document, and a list of rows or pages comes from an array of objects in the Data Schema.',
	},
	{
		displayName: 'Max Pages',
		name: 'max_pages',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		description: 'Max number of pages to process',
	},
	{
		displayName: 'Mode (Tier)',
		name: 'tier',
		type: 'options',
		options: [
			{ name: 'Agentic', value: 'agentic', description: 'More accurate, 15 credits per page' },
			{ name: 'Agentic Plus', value: 'agentic_plus', description: 'Most accurate' },
			{ name: 'Cost Effective', value: 'cost_effective', description: 'Default, 5 credits per page' },
			{ name: 'Turbo', value: 'turbo', description: 'Fastest' },
		],
		default: 'cost_effective',
	},
	{
		displayName: 'Page Range',
		name: 'target_pages',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1,3,5-7',
		description: 'Pages to extract from (1-based); empty means all',
	},
	{
		displayName: 'Parse Configuration ID',
		name: 'parse_config_id',
		type: 'string',
		default: '',
		placeholder: 'e.g. cfg-abc123',
		description: 'A saved parse configuration (product type parse_v2) that decides how the document is parsed before extraction. Not with Mode Turbo, which does not parse.',
	},
	{
		displayName: 'Parse Tier',
		name: 'parse_tier',
		type: 'options',
		options: [
			{ name: 'Agentic', value: 'agentic', description: 'Reads poor scans, handwriting and complex layouts better' },
			{ name: 'Agentic Plus', value: 'agentic_plus', description: 'The most thorough parse' },
			{ name: 'Cost Effective', value: 'cost_effective' },
			{ name: 'Fast', value: 'fast', description: 'Text layer only, fastest' },
		],
		default: 'agentic',
		description: 'How the document is parsed before extraction; left out, the parse follows Mode (Tier). Not with Mode Turbo, which does not parse.',
	},
	{
		displayName: 'Sheet Names',
		name: 'sheet_names',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Sheet1',
		description: 'With Spreadsheet Mode: the worksheets to extract, one name per line, exactly as in the workbook (case and spaces count); empty means every sheet',
	},
	{
		displayName: 'Spreadsheet Mode (Beta)',
		name: 'spreadsheet_mode',
		type: 'boolean',
		default: false,
		description:
			'Whether to read the cells of a spreadsheet (.xlsx, .xls, .csv) straight from the workbook instead of as a document. Needs Mode (Tier) Agentic Plus; citations and confidence scores are not available in this mode.',
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
		displayName: 'Version',
		name: 'version',
		type: 'string',
		default: 'latest',
		placeholder: 'latest, or e.g. 2026-07-01',
		description:
			'Which release of the extractor runs: latest, or a date (YYYY-MM-DD) to pin the release current on that day, so results stay reproducible. The job reports the release it ran.',
	},
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

/** `latest`, or a real calendar date (YYYY-MM-DD; a date-time keeps its date part). */
function readVersion(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): string | undefined {
	const value = String(raw ?? '').trim();
	if (!value) return undefined;
	if (value.toLowerCase() === 'latest') return 'latest';
	const match = DATE.exec(value);
	if (match) {
		const date = match[0].slice(0, 10);
		const parsed = new Date(`${date}T00:00:00Z`);
		if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date)) return date;
	}
	throw new NodeOperationError(ctx.getNode(), `Version "${value.slice(0, 40)}" is neither latest nor a date`, {
		itemIndex,
		description: 'Enter latest, or a date as YYYY-MM-DD (e.g. 2026-07-01) to run the release that was current on that day.',
	});
}

/** One worksheet name per line (or a list from an expression), kept exactly: LlamaCloud matches them case- and space-sensitively. */
function readSheetNames(raw: unknown): string[] | undefined {
	const list = Array.isArray(raw) ? raw.map((name) => String(name ?? '')) : String(raw ?? '').split(/\r?\n/);
	const names = list.filter((name) => name.trim() !== '');
	return names.length ? names : undefined;
}

/** Reads a collection of v2ExtractionOptions, dropping empty values and checking the page range, version and sheet names. */
export function readV2Options(ctx: IExecuteFunctions, collection: string, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(options)) {
		if (value === '' || value === undefined || value === null) continue;
		out[key] = value;
	}
	if (options.target_pages !== undefined) {
		const pages = parsePageRange(ctx, options.target_pages, 'Page Range', itemIndex);
		if (pages) out.target_pages = pages;
		else delete out.target_pages;
	}
	if (options.version !== undefined) {
		const version = readVersion(ctx, options.version, itemIndex);
		if (version) out.version = version;
		else delete out.version;
	}
	if (options.sheet_names !== undefined) {
		const names = readSheetNames(options.sheet_names);
		if (names) out.sheet_names = names;
		else delete out.sheet_names;
	}
	if (typeof out.parse_config_id === 'string') {
		out.parse_config_id = out.parse_config_id.trim();
		if (!out.parse_config_id) delete out.parse_config_id;
	}
	return out;
}

/**
 * The combinations LlamaCloud documents as unsupported, refused before anything is sent: Spreadsheet
 * Mode needs the Agentic Plus tier, Sheet Names only apply in Spreadsheet Mode, and Turbo does not
 * parse, so it takes no parse settings. `configuration` is the whole one sent (for an update, the
 * saved settings merged with the changes).
 */
export function checkV2Combination(ctx: IExecuteFunctions, configuration: IDataObject, itemIndex: number): void {
	const tier = String(configuration.tier ?? 'cost_effective');
	const refuse = (message: string, description: string) => {
		throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	};
	if (configuration.spreadsheet_mode === true && tier !== 'agentic_plus') {
		refuse(`Spreadsheet Mode needs Mode (Tier) Agentic Plus, not ${tier}`, 'Set "Mode (Tier)" to Agentic Plus under Extraction Options, or turn Spreadsheet Mode off.');
	}
	if (Array.isArray(configuration.sheet_names) && configuration.sheet_names.length && configuration.spreadsheet_mode !== true) {
		refuse('Sheet Names are set but Spreadsheet Mode is off', 'Turn on "Spreadsheet Mode (Beta)" (with Mode Agentic Plus), or remove Sheet Names.');
	}
	if (tier === 'turbo' && (configuration.parse_tier || configuration.parse_config_id)) {
		refuse('Mode Turbo takes no Parse Tier or Parse Configuration ID', 'Turbo extracts without a parse step. Remove Parse Tier and Parse Configuration ID, or pick another Mode (Tier).');
	}
}
