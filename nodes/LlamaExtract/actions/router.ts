import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperations, type OperationMap } from '../../shared/router';
import * as agent from './agent';
import * as extract from './extract';
import * as file from './file';
import * as job from './job';
import * as run from './run';

/** resource → operation → implementation; a new operation is one file plus one line in its index. */
export const operations: OperationMap = {
	agent: {
		create: agent.create,
		delete: agent.delete,
		generateSchema: agent.generateSchema,
		get: agent.get,
		getAll: agent.getAll,
		getDefault: agent.getDefault,
		update: agent.update,
		validateSchema: agent.validateSchema,
	},
	extract: { cancel: extract.cancel, create: extract.create, get: extract.get, getAll: extract.getAll, wait: extract.wait },
	file: { upload: file.upload },
	job: { create: job.create, createBatch: job.createBatch, get: job.get, getResult: job.getResult, wait: job.wait },
	run: { delete: run.delete, get: run.get, getAll: run.getAll, getByJob: run.getByJob },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations);
}
