import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsJson } from '../../transport';
import { roleField, roleParam, workspaceId, workspaceLocator } from '../parameters';
import { readText } from '../../../shared/description/parameters';

const show = { resource: ['workspaceMember'], operation: ['add'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'An existing Raydocs user is added at once; anyone else gets an invitation',
	},
	roleField,
]);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const email = readText(this, 'email', itemIndex);
	if (!EMAIL.test(email)) {
		throw new NodeOperationError(this.getNode(), email ? `Email "${email}" is not an email address` : `Email is empty`, {
			itemIndex,
			description: 'Enter the address of the person to add, e.g. name@example.com.',
		});
	}
	const role = roleParam(this, itemIndex);
	const answer = await raydocsJson<IDataObject>(this, {
		method: 'POST',
		path: apiPath`/workspaces/${workspace}/users/add`,
		body: { email, role },
		subject: `Workspace ${workspace}`,
		what: `add ${email} to the workspace`,
		itemIndex,
	});
	// Two documented answers: {message: "User added successfully"} or {message: "Invitation sent", invite_id}.
	const invited = answer?.invite_id !== undefined || /invit/i.test(String(answer?.message ?? ''));
	return [
		{
			json: {
				workspace_id: workspace,
				email,
				role,
				outcome: invited ? 'invitation_sent' : 'added',
				invite_id: answer?.invite_id ?? null,
				message: answer?.message ?? null,
			},
		},
	];
}
