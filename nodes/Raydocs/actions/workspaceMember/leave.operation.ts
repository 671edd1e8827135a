import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsJson } from '../../transport';
import { workspaceId, workspaceLocator } from '../parameters';

const show = { resource: ['workspaceMember'], operation: ['leave'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...workspaceLocator, description: 'The workspace the token\'s user leaves. A sole admin must appoint another admin first.' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const answer = await raydocsJson<IDataObject>(this, {
		method: 'POST',
		path: apiPath`/workspaces/${workspace}/leave`,
		subject: `Workspace ${workspace}`,
		what: 'leave the workspace',
		itemIndex,
	});
	return [{ json: { left: true, workspace_id: workspace, message: answer?.message ?? null } }];
}
