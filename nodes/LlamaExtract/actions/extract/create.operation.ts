import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { locatorValue } from '../../../shared/validate';
import { formatV2Job, waitForV2Job, type V2Job } from '../../results';
import { llamaJson } from '../../transport';
import { llamaFile, uploadFile } from '../../upload';
import {
	binaryPropertyField,
	configurationLocator,
	dataSchemaField,
	parseDataSchema,
	parsePageRange,
	requireId,
	waitForCompletionField,
	waitPolicy,
} from '../common';
import { formatOptions, waitOutputOptions } from './shared';

const show = { resource: ['extract'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName: 'File From',
		name: 'fileSource',
		type: 'options',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'Upload the file the input item carries, then extract' },
			{ name: 'File ID', value: 'fileId', description: 'A file already uploaded to LlamaCloud (dfl-…) or a parse job (pjb-…)' },
		],
		default: 'binary',
	},
	{ ...binaryPropertyField, displayOptions: { show: { fileSource: ['binary'] } } },
	{
		displayName: 'File ID',
		name: 'fileId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
		displayOptions: { show: { fileSource: ['fileId'] } },
	},
	{
		displayName: 'Schema From',
		name: 'configurationSource',
		type: 'options',
		options: [
			{ name: 'Inline JSON Schema', value: 'inline', description: 'Give the schema and options here' },
			{ name: 'Saved Configuration', value: 'saved', description: 'Use a configuration saved in LlamaCloud' },
		],
		default: 'inline',
	},
	{ ...dataSchemaField, displayOptions: { show: { configurationSource: ['inline'] } } },
	{ ...configurationLocator, displayOptions: { show: { configurationSource: ['saved'] } } },
	{
		displayName: 'Extraction Options',
		name: 'extractionOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { configurationSource: ['inline'] } },
		options: [
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
		],
	},
	waitForCompletionField,
	waitOutputOptions,
]);

/** Everything is checked before the file is uploaded: a bad schema costs no upload. */
function readConfiguration(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const source = ctx.getNodeParameter('configurationSource', itemIndex, 'inline') as string;
	if (source === 'saved') {
		const id = locatorValue(ctx, 'configuration', itemIndex);
		if (!id) {
			throw new NodeOperationError(ctx.getNode(), `Configuration is empty [item ${itemIndex}]`, {
				itemIndex,
				description: 'Pick a saved configuration from the list or enter its ID (cfg-…), or switch "Schema From" to Inline JSON Schema.',
			});
		}
		return { configuration_id: id };
	}
	const schema = parseDataSchema(ctx, ctx.getNodeParameter('dataSchema', itemIndex, ''), 'Data Schema', itemIndex);
	const options = ctx.getNodeParameter('extractionOptions', itemIndex, {}) as IDataObject;
	const configuration: IDataObject = { data_schema: schema };
	for (const [key, value] of Object.entries(options)) {
		if (value === '' || value === undefined || value === null) continue;
		configuration[key] = value;
	}
	if (options.target_pages !== undefined) {
		const pages = parsePageRange(ctx, options.target_pages, 'Page Range', itemIndex);
		if (pages) configuration.target_pages = pages;
		else delete configuration.target_pages;
	}
	return { configuration };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const configuration = readConfiguration(this, itemIndex);
	const format = formatOptions(this, itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const policy = wait ? waitPolicy(this, itemIndex) : undefined;
	let fileInput: string;
	if (this.getNodeParameter('fileSource', itemIndex, 'binary') === 'fileId') {
		fileInput = requireId(this, 'fileId', 'File ID', itemIndex, 'dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
	} else {
		const file = await llamaFile(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string);
		fileInput = (await uploadFile(this, file)).id;
	}
	const job = await llamaJson<V2Job>(this, {
		method: 'POST',
		path: '/api/v2/extract',
		body: { file_input: fileInput, ...configuration },
		what: 'start the extraction job',
		itemIndex,
		scoped: true,
	});
	if (!policy) return toItems(formatV2Job(job, format));
	return toItems(await waitForV2Job(this, job.id, itemIndex, { ...format, policy }));
}
