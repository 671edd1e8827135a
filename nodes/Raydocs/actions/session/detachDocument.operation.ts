import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { documentIdField, sessionId, sessionIdField } from '../parameters';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['session'], operation: ['detachDocument'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	{ ...documentIdField, description: 'The document to detach; it stays in the workspace and can be attached again' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	const document = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	await raydocsRequest(this, {
		method: 'DELETE',
		path: apiPath`/extractions/sessions/${id}/documents/${document}`,
		subject: `Document ${document} in session ${id}`,
		itemIndex,
	});
	return [{ json: { detached: true, session_id: id, document_id: document } }];
}
