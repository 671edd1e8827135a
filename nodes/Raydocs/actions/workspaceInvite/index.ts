import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as getAll from './getAll.operation';
import * as getLink from './getLink.operation';
import * as resend from './resend.operation';

export { cancel, getAll, getLink, resend };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workspaceInvite'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', action: 'Cancel an invite', description: 'Withdraw a pending invitation' },
			{ name: 'Get Link', value: 'getLink', action: 'Get an invite link', description: 'Get the link a pending invitation can be accepted with' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many invites', description: 'List the pending invitations of a workspace' },
			{ name: 'Resend', value: 'resend', action: 'Resend an invite', description: 'Send a pending invitation\'s email again' },
		],
		default: 'getAll',
	},
	...cancel.description,
	...getAll.description,
	...getLink.description,
	...resend.description,
];
