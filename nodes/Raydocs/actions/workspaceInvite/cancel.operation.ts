import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { integerIdParam, workspaceId, workspaceLocator } from '../parameters';
import { inviteIdField } from './resend.operation';

const show = { resource: ['workspaceInvite'], operation: ['cancel'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, inviteIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const invite = integerIdParam(this, 'inviteId', 'Invite', itemIndex);
	// The docs page's example adds `/cancel` to the path, its OpenAPI path has none. We send the OpenAPI form and take any success (204, or 200 with a message) as done.
	await raydocsRequest(this, {
		method: 'DELETE',
		path: apiPath`/workspaces/${workspace}/invites/${invite}`,
		subject: `Pending invite ${invite}`,
		itemIndex,
	});
	return [{ json: { deleted: true, workspace_id: workspace, invite_id: Number(invite) } }];
}
