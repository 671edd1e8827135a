import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, del as delete, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workspace'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a workspace', description: 'Create a new workspace' },
			{ name: 'Delete', value: 'delete', action: 'Delete a workspace', description: 'Delete a workspace and everything in it' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many workspaces', description: 'List the workspaces the token can see' },
			{ name: 'Update', value: 'update', action: 'Update a workspace', description: 'Rename a workspace or change its icon' },
		],
		default: 'getAll',
	},
	...create.description,
	...del.description,
	...getAll.description,
	...update.description,
];
