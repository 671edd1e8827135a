import { resource } from '../../../shared/description/operationMap';

import * as getAll from './getAll.operation';
import * as getFile from './getFile.operation';
import * as getOutput from './getOutput.operation';

export const workflowRun = resource(
	'workflowRun',
	{
		getAll: [getAll, { name: 'Get Many', action: 'Get many workflow runs', description: 'List the runs of a Raydocs workflow, newest first or completed since a date' }],
		getFile: [getFile, { name: 'Get File', action: 'Get the file of a workflow run', description: 'Download a run\'s temporary output file as binary' }],
		getOutput: [getOutput, { name: 'Get Output', action: 'Get the output of a workflow run', description: 'Get the JSON output of a run' }],
	},
	'getAll',
);
