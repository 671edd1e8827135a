import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { readCollection, readLimit } from '../../../shared/description/parameters';
import { formatFile } from './fileById';
import { collectTokenPages } from '../../tokenPages';
import { filtersCollection, returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['file'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...returnAllOrLimit({}),
	filtersCollection([
		{ displayName: 'External File ID', name: 'externalFileId', type: 'string', default: '', description: 'Only files uploaded with this external ID' },
		{ displayName: 'File Name', name: 'fileName', type: 'string', default: '', description: 'Only files with exactly this name' },
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const filters = readCollection(this, 'filters', itemIndex);
	const qs: IDataObject = {};
	if (String(filters.fileName ?? '').trim()) qs.file_name = String(filters.fileName).trim();
	if (String(filters.externalFileId ?? '').trim()) qs.external_file_id = String(filters.externalFileId).trim();
	const files = await collectTokenPages<IDataObject>(this, '/api/v1/beta/files', qs, limit, { itemIndex });
	return outputItems(files.map(formatFile));
}
