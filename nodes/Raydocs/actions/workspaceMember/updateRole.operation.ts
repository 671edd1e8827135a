import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsJson } from '../../transport';
import { integerIdParam, roleField, roleParam, workspaceId, workspaceLocator } from '../parameters';
import { userIdField } from './remove.operation';

const show = { resource: ['workspaceMember'], operation: ['updateRole'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, userIdField, roleField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const user = integerIdParam(this, 'userId', 'User', itemIndex);
	const role = roleParam(this, itemIndex);
	const answer = await raydocsJson<IDataObject>(this, {
		method: 'PUT',
		path: apiPath`/workspaces/${workspace}/users/${user}/update-role`,
		body: { role },
		subject: `User ${user} in workspace ${workspace}`,
		itemIndex,
	});
	return [{ json: { workspace_id: workspace, user_id: Number(user), role, message: answer?.message ?? null } }];
}
