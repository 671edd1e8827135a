import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { flattenFields, type FlattenSpec } from '../../shared/flatten';
import { routeOperations, type OperationMap } from '../../shared/router';
import * as agent from './agent';
import * as configuration from './configuration';
import * as extract from './extract';
import * as file from './file';
import * as job from './job';
import * as run from './run';
import * as schema from './schema';

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
	configuration: { create: configuration.create, delete: configuration.delete, get: configuration.get, getAll: configuration.getAll, update: configuration.update },
	extract: { cancel: extract.cancel, create: extract.create, delete: extract.delete, get: extract.get, getAll: extract.getAll, wait: extract.wait },
	file: { delete: file.delete, get: file.get, getAll: file.getAll, getContent: file.getContent, upload: file.upload },
	schema: { generate: schema.generate, validate: schema.validate },
	job: { create: job.create, createBatch: job.createBatch, get: job.get, getResult: job.getResult, wait: job.wait },
	run: { delete: run.delete, get: run.get, getAll: run.getAll, getByJob: run.getByJob },
};

/** Where the extracted fields are in this node's items. */
const FLATTEN: FlattenSpec = { keys: ['data'], grouped: false };

/** The operations whose items carry extracted data, with their "Flatten" switch. */
export const flattenDescription = flattenFields({ extract: ['create', 'get', 'getAll', 'wait'], job: ['create', 'getResult', 'wait'], run: ['get', 'getAll', 'getByJob'] }, 'data');

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations, FLATTEN);
}
