import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { workspaceId, workspaceLocator } from '../parameters';

const show = { resource: ['workspace'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...workspaceLocator, description: 'The workspace to delete, with every template, session, document and result in it' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	await raydocsRequest(this, {
		method: 'DELETE',
		path: apiPath`/workspaces/${workspace}`,
		subject: `Workspace ${workspace}`,
		itemIndex,
	});
	return [{ json: { deleted: true, workspace_id: workspace } }];
}
