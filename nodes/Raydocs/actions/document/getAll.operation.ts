import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { collectPages, listItems, nextPageNumber } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { readCollection, readLimit } from '../../../shared/description/parameters';
import { raydocsJson } from '../../transport';
import { workspaceId, workspaceLocator } from '../parameters';
import { filtersCollection, returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['document'], operation: ['getAll'] };

/** The API's largest page (list-workspace-documents). */
const MAX_PER_PAGE = 100;

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	...returnAllOrLimit({}),
	filtersCollection([
		{ displayName: 'MIME Type', name: 'mime', type: 'string', default: '', placeholder: 'e.g. application/pdf' },
		{ displayName: 'Search', name: 'query', type: 'string', default: '', description: 'Text to find in the file name, source URL or hash' },
		{
			displayName: 'Source Type',
			name: 'source_type',
			type: 'options',
			options: [
				{ name: 'Connector', value: 'connector' },
				{ name: 'Upload', value: 'upload' },
				{ name: 'URL', value: 'url' },
			],
			default: 'upload',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			// Raydocs documents no closed list of statuses: these are the ones its pages use; an
			// expression sends any other value as given.
			options: [
				{ name: 'Failed', value: 'failed' },
				{ name: 'Parsed', value: 'parsed', description: 'Parsed and usable (current spelling in the data-model guide)' },
				{ name: 'Parsing', value: 'parsing' },
				{ name: 'Pending', value: 'pending' },
				{ name: 'Processed', value: 'processed', description: 'Parsed and usable' },
				{ name: 'Processing', value: 'processing' },
				{ name: 'Ready', value: 'ready', description: 'Parsed and usable (legacy spelling)' },
				{ name: 'Uploaded', value: 'uploaded', description: 'Stored, not parsed yet' },
			],
			default: 'processed',
			description:
				'Only documents with this status, as the server spells it: processed (or parsed, ready) when parsed, failed, or still running (uploaded, pending, processing, parsing). Use an expression for a value not listed.',
		},
	]),
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort',
		default: {},
		options: [
			{
				displayName: 'Sort By',
				name: 'sort',
				type: 'options',
				options: [
					{ name: 'Created At', value: 'created_at' },
					{ name: 'File Name', value: 'filename' },
					{ name: 'Size', value: 'size' },
					{ name: 'Status', value: 'status' },
				],
				default: 'created_at',
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'desc',
			},
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	const qs: IDataObject = { per_page: Math.min(MAX_PER_PAGE, limit ?? MAX_PER_PAGE) };
	const filters = {
		...(readCollection(this, 'filters', itemIndex)),
		...(readCollection(this, 'sort', itemIndex)),
	};
	for (const key of ['query', 'mime', 'status', 'source_type', 'sort', 'order']) {
		const value = String(filters[key] ?? '').trim();
		if (value) qs[key] = value;
	}
	const path = apiPath`/workspaces/${workspace}/documents`;
	const documents = await collectPages(
		1,
		async (page) => {
			const body = await raydocsJson<{ meta?: unknown }>(this, {
				method: 'GET',
				path,
				qs: { ...qs, page },
				subject: `Workspace ${workspace}`,
				itemIndex,
			});
			return { items: listItems<Record<string, never>>(body), next: nextPageNumber(body?.meta, page) };
		},
		limit,
		{ ctx: this, service: 'Raydocs', path, position: 'page number', itemIndex },
	);
	return outputItems(documents);
}
