import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperations, type OperationMap } from '../../shared/router';
import * as batch from './batch';
import * as result from './result';
import * as session from './session';
import * as template from './template';
import * as workspace from './workspace';

/** resource → operation → implementation; a new operation is one file plus one line in its index. */
export const operations: OperationMap = {
	batch: { createSessions: batch.createSessions, execute: batch.execute },
	result: { get: result.get, getAll: result.getAll, run: result.run, wait: result.wait },
	session: { create: session.create, get: session.get },
	template: { get: template.get, getAll: template.getAll },
	workspace: { getAll: workspace.getAll },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations);
}
