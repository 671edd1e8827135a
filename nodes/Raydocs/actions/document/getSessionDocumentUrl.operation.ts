import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsJson } from '../../transport';
import { legacyDocumentIdField } from './legacyFields';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['getSessionDocumentUrl'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...legacyDocumentIdField, hint: 'The URL expires after 10 minutes' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	const answer = await raydocsJson<IDataObject>(this, {
		method: 'GET',
		path: apiPath`/extractions/documents/${id}/url`,
		subject: `Document ${id}`,
		itemIndex,
	});
	return [{ json: { document_id: id, url: answer?.url ?? null, expires_at: answer?.expires_at ?? null } }];
}
