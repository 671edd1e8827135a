import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { readCollection, readLimit } from '../../../shared/description/parameters';
import { formatConfiguration, type Configuration } from './configurationById';
import { collectTokenPages } from '../../tokenPages';
import { filtersCollection, returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['configuration'], operation: ['getAll'] };


export const PRODUCT_TYPES = [
	{ name: 'Classify (V2)', value: 'classify_v2' },
	{ name: 'Extract (V2)', value: 'extract_v2' },
	{ name: 'Parse (V2)', value: 'parse_v2' },
	{ name: 'Split (V1)', value: 'split_v1' },
	{ name: 'Spreadsheet (V1)', value: 'spreadsheet_v1' },
	{ name: 'Unknown', value: 'unknown' },
];

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...returnAllOrLimit({}),
	filtersCollection([
		{
			displayName: 'Latest Version Only',
			name: 'latestOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to return only the latest version of each configuration name',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Only configurations with exactly this name',
		},
		{
			displayName: 'Product Types',
			name: 'productTypes',
			type: 'multiOptions',
			options: PRODUCT_TYPES,
			default: ['extract_v2'],
			description: 'Only configurations of these products; the server filters',
		},
	], { productTypes: ['extract_v2'], latestOnly: true }),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const filters = readCollection(this, 'filters', itemIndex);
	const qs: IDataObject = {};
	const types = (Array.isArray(filters.productTypes) ? filters.productTypes : []).map(String).filter((t) => t);
	if (types.length) qs.product_type = types;
	if (filters.latestOnly === true) qs.latest_only = true;
	const name = String(filters.name ?? '').trim();
	if (name) qs.name = name;
	const configurations = await collectTokenPages<Configuration>(this, '/api/v1/beta/configurations', qs, limit, { itemIndex });
	return outputItems(configurations.map(formatConfiguration));
}
