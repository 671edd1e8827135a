import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createBatch from './createBatch.operation';
import * as get from './get.operation';
import * as getResult from './getResult.operation';
import * as wait from './wait.operation';

export { create, createBatch, get, getResult, wait };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Run an agent on a workflow file or an uploaded file ID', description: 'Start an extraction job (v1) with an agent and, by default, wait for its data' },
			{ name: 'Create Batch', value: 'createBatch', action: 'Run an agent on many files', description: 'Start one job per uploaded file in as few calls as possible' },
			{ name: 'Get', value: 'get', action: 'Get a job', description: 'Get the status of an extraction job' },
			{ name: 'Get Result', value: 'getResult', action: 'Get the result of a job', description: 'Get the extracted data of a finished job' },
			{ name: 'Wait for Completion', value: 'wait', action: 'Wait for a job', description: 'Wait until a job has finished and return its data' },
		],
		default: 'create',
	},
	...create.description,
	...createBatch.description,
	...get.description,
	...getResult.description,
	...wait.description,
];
