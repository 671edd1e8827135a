import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, del as delete, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['configuration'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a configuration', description: 'Save a schema and settings for extraction jobs (same name: updated)' },
			{ name: 'Delete', value: 'delete', action: 'Delete a configuration', description: 'Delete a saved configuration' },
			{ name: 'Get', value: 'get', action: 'Get a configuration', description: 'Get one saved configuration' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many configurations', description: 'List saved configurations, filtered by the server' },
			{ name: 'Update', value: 'update', action: 'Update a configuration', description: "Change a configuration's name, schema or settings" },
		],
		default: 'create',
	},
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...update.description,
];
