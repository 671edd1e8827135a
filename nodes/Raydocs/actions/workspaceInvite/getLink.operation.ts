import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsJson } from '../../transport';
import { integerIdParam, workspaceId, workspaceLocator } from '../parameters';
import { inviteIdField } from './resend.operation';

const show = { resource: ['workspaceInvite'], operation: ['getLink'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, inviteIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const invite = integerIdParam(this, 'inviteId', 'Invite', itemIndex);
	const answer = await raydocsJson<IDataObject>(this, {
		method: 'GET',
		path: apiPath`/workspaces/${workspace}/invites/${invite}/link`,
		subject: `Pending invite ${invite}`,
		itemIndex,
	});
	return [{ json: { workspace_id: workspace, invite_id: Number(invite), link: answer?.link ?? null } }];
}
