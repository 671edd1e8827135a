import { resource } from '../../../shared/description/operationMap';

import * as cancel from './cancel.operation';
import * as getAll from './getAll.operation';
import * as getLink from './getLink.operation';
import * as resend from './resend.operation';

export const workspaceInvite = resource(
	'workspaceInvite',
	{
		cancel: [cancel, { name: 'Cancel', action: 'Cancel an invite', description: 'Withdraw a pending invitation' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many invites', description: 'List the pending invitations of a workspace' }],
		getLink: [getLink, { name: 'Get Link', action: 'Get an invite link', description: 'Get the link a pending invitation can be accepted with' }],
		resend: [resend, { name: 'Resend', action: 'Resend an invite', description: 'Send a pending invitation\'s email again' }],
	},
	'getAll',
);
