import type { INodeProperties } from 'n8n-workflow';

import * as createSessions from './createSessions.operation';
import * as deleteSessions from './deleteSessions.operation';
import * as execute from './execute.operation';
import * as exportResults from './exportResults.operation';

export { createSessions, deleteSessions, execute, exportResults };

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
				action: 'Create sessions from files the workflow passes in',
				description: 'Upload the input items\' files and create one session per file, 50 per call, optionally extracting and waiting',
			},
			{
				name: 'Delete Sessions',
				value: 'deleteSessions',
				action: 'Delete many sessions',
				description: 'Delete several sessions of a template at once',
			},
			{
				name: 'Execute',
				value: 'execute',
				action: 'Run extraction on many sessions',
				description: 'Queue extraction for several sessions of a template at once',
			},
			{
				name: 'Export Results',
				value: 'exportResults',
				action: 'Export the results of many sessions',
				description: 'Export the results of several sessions as JSON items, or as a CSV or Excel file',
			},
		],
		default: 'createSessions',
	},
	...createSessions.description,
	...deleteSessions.description,
	...execute.description,
	...exportResults.description,
];
