import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workspace'] } },
		options: [
			{ name: 'Get Many', value: 'getAll', action: 'Get many workspaces', description: 'List the workspaces the token can see' },
		],
		default: 'getAll',
	},
	...getAll.description,
];
