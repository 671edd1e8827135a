import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { flattenFields, type FlattenSpec } from '../../shared/description/flatten';
import { operationMap, type OperationsOf } from '../../shared/description/operationMap';
import { routeOperations, type OperationMap } from '../../shared/description/router';
import { resources, type LlamaExtractOperations } from './resources';

/** resource → operation → implementation, from the resources' own lists. */
export const operations: OperationMap = operationMap(resources);

/** Where the extracted fields are in this node's items. */
const FLATTEN: FlattenSpec = { keys: ['data'], grouped: false };

/** The operations whose items carry extracted data. */
const FLATTENED: OperationsOf<LlamaExtractOperations> = { extract: ['create', 'get', 'getAll', 'wait'], job: ['create', 'getResult', 'wait'], run: ['get', 'getAll', 'getByJob'] };

/** The "Flatten" switch of the operations whose items carry extracted data. */
export const flattenDescription = flattenFields(FLATTENED as Record<string, string[]>, 'data');

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations, FLATTEN);
}
