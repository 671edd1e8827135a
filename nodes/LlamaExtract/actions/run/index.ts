import { resource } from '../../../shared/description/operationMap';

import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getByJob from './getByJob.operation';

export const run = resource(
	'run',
	{
		delete: [del, { name: 'Delete', action: 'Delete a run', description: 'Delete a stored extraction run' }],
		get: [get, { name: 'Get', action: 'Get a run', description: 'Get one extraction run with its data' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many runs', description: 'List the runs of an agent' }],
		getByJob: [getByJob, { name: 'Get by Job', action: 'Get the run of a job', description: 'Get the run a v1 job produced' }],
	},
	'getAll',
);
