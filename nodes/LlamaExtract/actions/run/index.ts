import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getByJob from './getByJob.operation';

export { del as delete, get, getAll, getByJob };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['run'] } },
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete a run', description: 'Delete a stored extraction run' },
			{ name: 'Get', value: 'get', action: 'Get a run', description: 'Get one extraction run with its data' },
			{ name: 'Get by Job', value: 'getByJob', action: 'Get the run of a job', description: 'Get the run a v1 job produced' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many runs', description: 'List the runs of an agent' },
		],
		default: 'getAll',
	},
	...del.description,
	...get.description,
	...getAll.description,
	...getByJob.description,
];
