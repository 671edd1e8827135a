import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a template', description: 'Get a template with its schema' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many templates', description: 'List the templates of a workspace' },
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
