import { resource } from '../../../shared/description/operationMap';

import * as create from './create.operation';
import * as createBatch from './createBatch.operation';
import * as get from './get.operation';
import * as getResult from './getResult.operation';
import * as wait from './wait.operation';

export const job = resource(
	'job',
	{
		create: [create, { name: 'Create', action: 'Run an agent on a file', toolAction: 'Run an agent on a workflow file or an uploaded file ID', description: 'Start an extraction job (v1) with an agent and, by default, wait for its data' }],
		createBatch: [createBatch, { name: 'Create Batch', action: 'Run an agent on many files', description: 'Start one job per uploaded file in as few calls as possible' }],
		get: [get, { name: 'Get', action: 'Get a job', description: 'Get the status of an extraction job' }],
		getResult: [getResult, { name: 'Get Result', action: 'Get the result of a job', description: 'Get the extracted data of a finished job' }],
		wait: [wait, { name: 'Wait for Completion', action: 'Wait for a job', description: 'Wait until a job has finished and return its data' }],
	},
	'create',
);
