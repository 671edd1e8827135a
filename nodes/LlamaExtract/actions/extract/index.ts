import { resource } from '../../../shared/description/operationMap';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as wait from './wait.operation';

// An agent's tool starts on Get: it reads a job by ID instead of needing a file.
export const extract = resource(
	'extract',
	{
		cancel: [cancel, { name: 'Cancel', action: 'Cancel an extraction job', description: 'Stop a running extraction job' }],
		create: [create, { name: 'Create', action: 'Extract data from a file', toolAction: 'Extract data from a workflow file or an uploaded file ID', description: 'Start an extraction job on a file and, by default, wait for its data' }],
		delete: [del, { name: 'Delete', action: 'Delete an extraction job', description: 'Delete a finished extraction job and its result' }],
		get: [get, { name: 'Get', action: 'Get an extraction job', description: 'Get one extraction job with its data' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many extraction jobs', description: 'List extraction jobs, newest first' }],
		wait: [wait, { name: 'Wait for Completion', action: 'Wait for an extraction job', description: 'Wait until an extraction job has finished and return its data' }],
	},
	'create',
);
