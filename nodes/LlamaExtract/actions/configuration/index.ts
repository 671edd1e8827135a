import { resource } from '../../../shared/description/operationMap';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const configuration = resource(
	'configuration',
	{
		create: [create, { name: 'Create', action: 'Create a configuration', description: 'Save a schema and settings for extraction jobs (same name: updated)' }],
		delete: [del, { name: 'Delete', action: 'Delete a configuration', description: 'Delete a saved configuration' }],
		get: [get, { name: 'Get', action: 'Get a configuration', description: 'Get one saved configuration' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many configurations', description: 'List saved configurations, filtered by the server' }],
		update: [update, { name: 'Update', action: 'Update a configuration', description: 'Change a configuration\'s name, schema or settings' }],
	},
	'create',
);
