import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsJson } from '../../transport';
import { integerIdParam, workspaceId, workspaceLocator } from '../parameters';
import { listOrIdLocator } from '../../../shared/description/fields';

const show = { resource: ['workspaceInvite'], operation: ['resend'] };

/** Invite picker: the chosen workspace's invites. */
export const inviteIdField: INodeProperties = listOrIdLocator({
	displayName: 'Invite',
	name: 'inviteId',
	searchListMethod: 'searchInvites',
	placeholder: 'e.g. 123',
	description: "The invite, or its numeric ID (from Workspace Invite → Get Many or Workspace Member → Add)",
});

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, inviteIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const invite = integerIdParam(this, 'inviteId', 'Invite', itemIndex);
	const answer = await raydocsJson<IDataObject>(this, {
		method: 'POST',
		path: apiPath`/workspaces/${workspace}/invites/${invite}/resend`,
		subject: `Pending invite ${invite}`,
		what: 'resend the invitation',
		itemIndex,
	});
	return [{ json: { resent: true, workspace_id: workspace, invite_id: Number(invite), message: answer?.message ?? null } }];
}
