import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getFile from './getFile.operation';
import * as getOutput from './getOutput.operation';

export { getAll, getFile, getOutput };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workflowRun'] } },
		options: [
			{ name: 'Get File', value: 'getFile', action: 'Get the file of a workflow run', description: 'Download a run\'s temporary output file as binary' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many workflow runs', description: 'List the runs of a Raydocs workflow, newest first or completed since a date' },
			{ name: 'Get Output', value: 'getOutput', action: 'Get the output of a workflow run', description: 'Get the JSON output of a run' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...getFile.description,
	...getOutput.description,
];
