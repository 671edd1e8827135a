import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { integerIdParam, workspaceId, workspaceLocator } from '../parameters';
import { listOrIdLocator } from '../../../shared/description/fields';

const show = { resource: ['workspaceMember'], operation: ['remove'] };

/** Member picker: the chosen workspace's members. */
export const userIdField: INodeProperties = listOrIdLocator({
	displayName: 'Member',
	name: 'userId',
	searchListMethod: 'searchMembers',
	placeholder: 'e.g. 5',
	description: "The member, or their numeric user ID (from Workspace Member → Get Many)",
});

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	{ ...userIdField, hint: 'To remove yourself, use Leave instead' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const user = integerIdParam(this, 'userId', 'User', itemIndex);
	await raydocsRequest(this, {
		method: 'DELETE',
		path: apiPath`/workspaces/${workspace}/users/${user}/remove`,
		subject: `User ${user} in workspace ${workspace}`,
		itemIndex,
	});
	return [{ json: { removed: true, workspace_id: workspace, user_id: Number(user) } }];
}
