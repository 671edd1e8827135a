import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { documentIdField, workspaceId, workspaceLocator } from '../parameters';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, documentIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	const document = await raydocsJson<Record<string, never>>(this, {
		method: 'GET',
		path: apiPath`/workspaces/${workspace}/documents/${id}`,
		subject: `Document ${id}`,
		itemIndex,
	});
	return outputItems(document);
}
