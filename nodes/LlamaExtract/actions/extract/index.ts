import type { INodeProperties } from 'n8n-workflow';

import { withToolDefault } from '../../../shared/descriptions';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as wait from './wait.operation';

export { cancel, create, del as delete, get, getAll, wait };

export const description: INodeProperties[] = [
	// An agent's tool starts on Get: it reads a job by ID instead of needing a file.
	...withToolDefault({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['extract'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', action: 'Cancel an extraction job', description: 'Stop a running extraction job' },
			{ name: 'Create', value: 'create', action: 'Extract data from a workflow file or an uploaded file ID', description: 'Start an extraction job on a file and, by default, wait for its data' },
			{ name: 'Delete', value: 'delete', action: 'Delete an extraction job', description: 'Delete a finished extraction job and its result' },
			{ name: 'Get', value: 'get', action: 'Get an extraction job', description: 'Get one extraction job with its data' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many extraction jobs', description: 'List extraction jobs, newest first' },
			{ name: 'Wait for Completion', value: 'wait', action: 'Wait for an extraction job', description: 'Wait until an extraction job has finished and return its data' },
		],
		default: 'create',
	}, 'get'),
	...cancel.description,
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...wait.description,
];
