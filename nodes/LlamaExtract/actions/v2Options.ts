import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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
		displayName: 'Extraction Target',
		name: 'extraction_target',
		type: 'options',
		options: [
			{ name: 'Per Document', value: 'per_doc', description: 'One object for the whole document' },
			{ name: 'Per Page', value: 'per_page', description: 'One object per page' },
			{ name: 'Per Table Row', value: 'per_table_row', description: 'One object per row of a table or list' },
		],
		default: 'per_doc',
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
		displayName: 'System Prompt',
		name: 'system_prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Extra instructions for the extraction',
	},
];

/** Reads a collection of v2ExtractionOptions, dropping empty values and checking the page range. */
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
	return out;
}
