import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as leave from './leave.operation';
import * as remove from './remove.operation';
import * as updateRole from './updateRole.operation';

export { add, getAll, leave, remove, updateRole };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workspaceMember'] } },
		options: [
			{ name: 'Add', value: 'add', action: 'Add a member to a workspace', description: 'Add an existing user, or send an invitation to a new one' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many workspace members', description: 'List the members of a workspace' },
			{ name: 'Leave', value: 'leave', action: 'Leave a workspace', description: 'Remove the token\'s own user from a workspace' },
			{ name: 'Remove', value: 'remove', action: 'Remove a member from a workspace', description: 'Remove another member from a workspace' },
			{ name: 'Update Role', value: 'updateRole', action: 'Update the role of a workspace member', description: 'Change a member\'s role in a workspace' },
		],
		default: 'getAll',
	},
	...add.description,
	...getAll.description,
	...leave.description,
	...remove.description,
	...updateRole.description,
];
