import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { flattenFields, type FlattenSpec } from '../../shared/description/flatten';
import { operationMap, type OperationsOf } from '../../shared/description/operationMap';
import { routeOperations, type OperationMap } from '../../shared/description/router';
import { resources, type RaydocsOperations } from './resources';

/** resource → operation → implementation, from the resources' own lists. */
export const operations: OperationMap = operationMap(resources);

/** Where the extracted fields are in this node's items. */
const FLATTEN: FlattenSpec = { keys: ['data'], grouped: true };

/** The operations whose items carry extracted data. */
const FLATTENED: OperationsOf<RaydocsOperations> = { batch: ['createSessions', 'execute'], result: ['get', 'getAll', 'run', 'wait'] };

/** The "Flatten" switch of the operations whose items carry extracted data. */
export const flattenDescription = flattenFields(FLATTENED as Record<string, string[]>, 'data and its groups');

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations, FLATTEN);
}
