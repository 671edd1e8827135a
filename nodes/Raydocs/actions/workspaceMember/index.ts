import { resource } from '../../../shared/description/operationMap';

import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as leave from './leave.operation';
import * as remove from './remove.operation';
import * as updateRole from './updateRole.operation';

export const workspaceMember = resource(
	'workspaceMember',
	{
		add: [add, { name: 'Add', action: 'Add a member to a workspace', description: 'Add an existing user, or send an invitation to a new one' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many workspace members', description: 'List the members of a workspace' }],
		leave: [leave, { name: 'Leave', action: 'Leave a workspace', description: 'Remove the token\'s own user from a workspace' }],
		remove: [remove, { name: 'Remove', action: 'Remove a member from a workspace', description: 'Remove another member from a workspace' }],
		updateRole: [updateRole, { name: 'Update Role', action: 'Update the role of a workspace member', description: 'Change a member\'s role in a workspace' }],
	},
	'getAll',
);
