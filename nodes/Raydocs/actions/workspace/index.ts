import { resource } from '../../../shared/description/operationMap';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const workspace = resource(
	'workspace',
	{
		create: [create, { name: 'Create', action: 'Create a workspace', description: 'Create a new workspace' }],
		delete: [del, { name: 'Delete', action: 'Delete a workspace', description: 'Delete a workspace and everything in it' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many workspaces', description: 'List the workspaces the token can see' }],
		update: [update, { name: 'Update', action: 'Update a workspace', description: 'Rename a workspace or change its icon' }],
	},
	'getAll',
);
