/**
 * The AI-tool variants n8n makes of the action nodes (usableAsTool): n8n 2.41 names the variant
 * `<node>Tool` and resolves `@tool` in display options from that name. Parameter defaults and the
 * automatic tool description come from n8n-workflow's own functions, as the editor and the agent
 * use them. A tool must not start on an operation that needs a file only the workflow can pass.
 */
import { NodeHelpers, type INodeTypeDescription } from 'n8n-workflow';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';

/** What n8n's tool conversion changes that matters here: the name ends in Tool. */
function asTool(description: INodeTypeDescription): INodeTypeDescription {
	return { ...description, name: `${description.name}Tool`, displayName: `${description.displayName} Tool` };
}

function defaults(description: INodeTypeDescription) {
	return NodeHelpers.getNodeParameters(description.properties, {}, true, false, { typeVersion: 1 }, description) ?? {};
}

const NODES = [
	{ node: new Raydocs(), regular: ['batch', 'createSessions'], tool: ['result', 'get'], toolDescription: 'Get a result in Raydocs' },
	{ node: new LlamaExtract(), regular: ['extract', 'create'], tool: ['extract', 'get'], toolDescription: 'Get an extraction job in LlamaExtract' },
	{ node: new PerfectParser(), regular: ['extraction', 'submit'], tool: ['extraction', 'getResults'], toolDescription: 'Get the results of an extraction in PerfectParser' },
];

describe.each(NODES)('$node.description.displayName', ({ node, regular, tool, toolDescription }) => {
	test('the regular node keeps its default operation', () => {
		const p = defaults(node.description);
		expect([p.resource, p.operation]).toEqual(regular);
	});

	test('the tool starts on an operation an agent can fill in, described for the model', () => {
		const description = asTool(node.description);
		const p = defaults(description);
		expect([p.resource, p.operation]).toEqual(tool);
		const toolNode = { id: '1', name: 'Tool', type: description.name, typeVersion: 1, position: [0, 0] as [number, number], parameters: p };
		expect(NodeHelpers.getToolDescriptionForNode(toolNode, { description } as never)).toBe(toolDescription);
	});
});

test('operations that need a file from the workflow say so in the description an agent reads', () => {
	const fileOps: Array<[INodeTypeDescription, Record<string, string>]> = [
		[new Raydocs().description, { resource: 'batch', operation: 'createSessions' }],
		[new Raydocs().description, { resource: 'document', operation: 'create' }],
		[new Raydocs().description, { resource: 'session', operation: 'uploadDocuments' }],
		[new Raydocs().description, { resource: 'session', operation: 'uploadDocumentLegacy' }],
		[new LlamaExtract().description, { resource: 'file', operation: 'upload' }],
		[new LlamaExtract().description, { resource: 'extract', operation: 'create' }],
		[new LlamaExtract().description, { resource: 'job', operation: 'create' }],
		[new PerfectParser().description, { resource: 'extraction', operation: 'submit' }],
		[new PerfectParser().description, { resource: 'parser', operation: 'detectFields' }],
	];
	for (const [regular, parameters] of fileOps) {
		const description = asTool(regular);
		const toolNode = { id: '1', name: 'Tool', type: description.name, typeVersion: 1, position: [0, 0] as [number, number], parameters };
		expect(NodeHelpers.getToolDescriptionForNode(toolNode, { description } as never)).toMatch(/workflow (passes in|file)/);
	}
});
