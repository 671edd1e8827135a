import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';

export { create, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a session', description: 'Create an empty extraction session for a template' },
			{ name: 'Get', value: 'get', action: 'Get a session', description: 'Get a session with its documents and results' },
		],
		default: 'get',
	},
	...create.description,
	...get.description,
];
