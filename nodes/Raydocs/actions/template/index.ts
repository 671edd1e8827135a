import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as duplicate from './duplicate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, del as delete, duplicate, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a template', description: 'Create a template from a JSON extraction schema' },
			{ name: 'Delete', value: 'delete', action: 'Delete a template', description: 'Delete a template with its sessions and results' },
			{ name: 'Duplicate', value: 'duplicate', action: 'Duplicate a template', description: 'Copy a template with its schema and settings' },
			{ name: 'Get', value: 'get', action: 'Get a template', description: 'Get a template with its schema' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many templates', description: 'List the templates of a workspace' },
			{ name: 'Update', value: 'update', action: 'Update a template', description: 'Change a template\'s name, description, schema or settings' },
		],
		default: 'getAll',
	},
	...create.description,
	...del.description,
	...duplicate.description,
	...get.description,
	...getAll.description,
	...update.description,
];
