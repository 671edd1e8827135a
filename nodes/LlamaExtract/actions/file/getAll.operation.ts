import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { collectPages } from '../../../shared/paginate';
import { toItems } from '../../../shared/router';
import { readLimit } from '../../../shared/validate';
import { llamaJson } from '../../transport';
import { formatFile } from './fileById';

const show = { resource: ['file'], operation: ['getAll'] };

/** The reference allows page_size up to 1000; 100 keeps one answer small. */
const PAGE_SIZE = 100;

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...returnAllOrLimit({}),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'External File ID', name: 'externalFileId', type: 'string', default: '', description: 'Only files uploaded with this external ID' },
			{ displayName: 'File Name', name: 'fileName', type: 'string', default: '', description: 'Only files with exactly this name' },
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (String(filters.fileName ?? '').trim()) qs.file_name = String(filters.fileName).trim();
	if (String(filters.externalFileId ?? '').trim()) qs.external_file_id = String(filters.externalFileId).trim();
	const pageSize = Math.min(PAGE_SIZE, limit ?? PAGE_SIZE);
	const files = await collectPages<IDataObject, string>(
		'',
		async (token) => {
			const body = await llamaJson<{ items?: IDataObject[]; next_page_token?: string | null }>(this, {
				method: 'GET',
				path: '/api/v1/beta/files',
				qs: { ...qs, page_size: pageSize, ...(token ? { page_token: token } : {}) },
				itemIndex,
				scoped: true,
			});
			return { items: body.items ?? [], next: body.next_page_token || undefined };
		},
		limit,
		{ ctx: this, service: 'LlamaCloud', path: '/api/v1/beta/files', position: 'page cursor', itemIndex },
	);
	return toItems(files.map(formatFile));
}
