import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routeOperations, type OperationMap } from '../../nodes/shared/description/router';

/** A test node whose execute() is the shared router over `operations`, with the given fields. */
export function routedNode(
	operations: OperationMap,
	properties: INodeProperties[],
	outputs: INodeTypeDescription['outputs'] = [NodeConnectionTypes.Main],
): INodeType {
	return {
		description: {
			displayName: 'Routed',
			name: 'routed',
			group: ['transform'],
			version: 1,
			description: 'test',
			defaults: { name: 'Routed' },
			inputs: [NodeConnectionTypes.Main],
			outputs,
			properties,
		},
		async execute(this: IExecuteFunctions) {
			return await routeOperations(this, operations);
		},
	};
}
