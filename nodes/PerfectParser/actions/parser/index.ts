import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as detectFields from './detectFields.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, detectFields, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['parser'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a parser', description: 'Create a parser with a name and its fields' },
			{
				name: 'Detect Fields',
				value: 'detectFields',
				action: 'Detect fields from a sample file the workflow passes in',
				description: 'Let the AI propose the fields from a sample file (1 credit per page)',
			},
			{ name: 'Get', value: 'get', action: 'Get a parser' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many parsers' },
			{ name: 'Update', value: 'update', action: 'Update a parser', description: 'Rename it, change its result mode or replace its fields' },
		],
		default: 'getAll',
	},
	...create.description,
	...detectFields.description,
	...get.description,
	...getAll.description,
	...update.description,
];
