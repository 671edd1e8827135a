import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { legacyDocumentIdField } from './legacyFields';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['deleteSessionDocument'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...legacyDocumentIdField, hint: 'Also removes its chunks and the extraction data derived from it' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	await raydocsRequest(this, { method: 'DELETE', path: apiPath`/extractions/documents/${id}`, subject: `Document ${id}`, itemIndex });
	return [{ json: { deleted: true, document_id: id } }];
}
