import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsJson } from '../../transport';
import { documentIdField, workspaceId, workspaceLocator } from '../parameters';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['getDownloadUrl'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	{ ...documentIdField, hint: 'The URL expires after 10 minutes; use Download to get the file itself' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	const answer = await raydocsJson<IDataObject>(this, {
		method: 'GET',
		path: apiPath`/workspaces/${workspace}/documents/${id}/url`,
		subject: `Document ${id}`,
		itemIndex,
	});
	return [{ json: { document_id: id, url: answer?.url ?? null, expires_at: answer?.expires_at ?? null } }];
}
