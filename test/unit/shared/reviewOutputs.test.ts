import { NodeHelpers, Workflow, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';
import { operations as llamaOperations } from '../../../nodes/LlamaExtract/actions/router';
import { operations as ppOperations } from '../../../nodes/PerfectParser/actions/router';
import { operations as raydocsOperations } from '../../../nodes/Raydocs/actions/router';
import type { OperationMap } from '../../../nodes/shared/description/router';
import { nodeType as fullNodeType } from '../../../dev/packages.cjs';

/** The outputs n8n computes for a node with these parameters (editor and run use the same helper). */
function outputsOf(nodeType: INodeType, parameters: Record<string, unknown>) {
	const description = nodeType.description;
	const raw = {
		id: 'n',
		name: 'Node',
		type: fullNodeType(description.name),
		typeVersion: 1,
		position: [0, 0],
		parameters,
	} as unknown as INode;
	raw.parameters = NodeHelpers.getNodeParameters(description.properties, raw.parameters, true, false, raw, description) ?? {};
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ id: 'w', nodes: [raw], connections: {}, active: false, nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Node')!, description);
}

const reviewed: Array<[string, INodeType, OperationMap, Array<[string, string]>]> = [
	['Raydocs', new Raydocs(), raydocsOperations, [['batch', 'createSessions'], ['result', 'run'], ['result', 'wait'], ['result', 'get']]],
	['LlamaExtract', new LlamaExtract(), llamaOperations, [['extract', 'create'], ['extract', 'wait'], ['extract', 'get'], ['job', 'wait'], ['job', 'getResult']]],
	['PerfectParser', new PerfectParser(), ppOperations, [['extraction', 'submit'], ['extraction', 'getResults'], ['extraction', 'getDocument']]],
];

describe.each(reviewed)('%s outputs', (_name, nodeType, operations, withReview) => {
	test.each(withReview)('%s → %s: one output when off, Extracted and Needs Review when on', (resource, operation) => {
		expect(outputsOf(nodeType, { resource, operation })).toEqual(['main']);
		expect(outputsOf(nodeType, { resource, operation, routeResultsNeedingReview: true })).toEqual([
			{ type: 'main', displayName: 'Extracted' },
			{ type: 'main', displayName: 'Needs Review' },
		]);
		expect(operations[resource][operation].review).toBeDefined();
	});

	test('operations that return results only when they wait offer the option only then', () => {
		const waiting = withReview.filter(([resource, operation]) => `${resource}.${operation}`.match(/^(batch\.createSessions|result\.run|extract\.create|extraction\.submit)$/));
		expect(waiting).toHaveLength(1 + (withReview.some(([r, o]) => r === 'result' && o === 'run') ? 1 : 0));
		for (const [resource, operation] of waiting) {
			expect(outputsOf(nodeType, { resource, operation, waitForCompletion: false, routeResultsNeedingReview: true })).toEqual(['main']);
		}
	});

	test('only operations that return extraction results offer the option', () => {
		const offered = Object.entries(operations).flatMap(([resource, ops]) =>
			Object.keys(ops)
				.filter((operation) => outputsOf(nodeType, { resource, operation, routeResultsNeedingReview: true }).length === 2)
				.map((operation) => `${resource}.${operation}`),
		);
		expect(offered.sort()).toEqual(withReview.map(([resource, operation]) => `${resource}.${operation}`).sort());
	});
});
