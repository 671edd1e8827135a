import type { INodeProperties } from 'n8n-workflow';

import * as createSessions from './createSessions.operation';
import * as execute from './execute.operation';

export { createSessions, execute };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['batch'] } },
		options: [
			{
				name: 'Create Sessions',
				value: 'createSessions',
				action: 'Create sessions from files',
				description: 'Upload the input items\' files and create one session per file, 50 per call, optionally extracting and waiting',
			},
			{
				name: 'Execute',
				value: 'execute',
				action: 'Run extraction on many sessions',
				description: 'Queue extraction for several sessions of a template at once',
			},
		],
		default: 'createSessions',
	},
	...createSessions.description,
	...execute.description,
];
