import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { requireUuidList } from '../../../shared/description/parameters';
import { raydocsJson } from '../../transport';
import { sessionId, sessionIdField } from '../parameters';

const show = { resource: ['session'], operation: ['attachDocuments'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	{
		displayName: 'Document IDs',
		name: 'documentIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 880e8400-e29b-41d4-a716-446655440000',
		description: 'Workspace documents to attach, separated by commas. They must belong to the session\'s workspace.',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	const documentIds = requireUuidList(this, this.getNodeParameter('documentIds', itemIndex), 'Document', itemIndex);
	const body = await raydocsJson(this, {
		method: 'POST',
		path: apiPath`/extractions/sessions/${id}/documents/attach`,
		body: { document_ids: documentIds },
		subject: `Session ${id}`,
		what: `attach ${documentIds.length} documents`,
		// Attaching the same documents again changes nothing: safe to repeat after a lost answer.
		idempotent: true,
		itemIndex,
	});
	return outputItems(listItems<Record<string, never>>(body).map((document) => ({ ...document, session_id: id })));
}
