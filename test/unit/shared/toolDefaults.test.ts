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
import { operations as llamaOperations } from '../../../nodes/LlamaExtract/actions/router';
import { operations as ppOperations } from '../../../nodes/PerfectParser/actions/router';
import { operations as raydocsOperations } from '../../../nodes/Raydocs/actions/router';

/**
 * What n8n's tool conversion (createAiTools) does that matters here: the node's `usableAsTool`
 * replacements over a copy of its description, and a name ending in Tool.
 */
function asTool(description: INodeTypeDescription): INodeTypeDescription {
	const replacements = typeof description.usableAsTool === 'object' ? description.usableAsTool.replacements : {};
	const replaced = { ...JSON.parse(JSON.stringify(description)), ...replacements } as INodeTypeDescription;
	return { ...replaced, name: `${description.name}Tool`, displayName: `${description.displayName} Tool` };
}

/**
 * The actions n8n's node panel and node details list, counted as the editor 2.41 counts them
 * (actionsGenerator: for every `resource` property, each of its options' operations once).
 */
function editorActions(description: INodeTypeDescription): string[] {
	const actions: string[] = [];
	for (const resource of description.properties.filter((p) => p.name === 'resource')) {
		for (const option of (resource.options ?? []) as Array<{ value: string }>) {
			const operation = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(option.value));
			for (const op of (operation?.options ?? []) as Array<{ value: string }>) actions.push(`${option.value}.${op.value}`);
		}
	}
	return actions;
}

function defaults(description: INodeTypeDescription) {
	return NodeHelpers.getNodeParameters(description.properties, {}, true, false, { typeVersion: 1 }, description) ?? {};
}

const NODES = [
	{ node: new Raydocs(), operations: raydocsOperations, regular: ['batch', 'createSessions'], tool: ['result', 'get'], id: 'resultId', toolDescription: 'Get a result in Raydocs' },
	{ node: new LlamaExtract(), operations: llamaOperations, regular: ['extract', 'create'], tool: ['extract', 'get'], id: 'jobId', toolDescription: 'Get an extraction job in LlamaExtract' },
	{ node: new PerfectParser(), operations: ppOperations, regular: ['extraction', 'submit'], tool: ['extraction', 'getResults'], id: 'extractionId', toolDescription: 'Get the results of an extraction in PerfectParser' },
];

describe.each(NODES)('$node.description.displayName', ({ node, operations, regular, tool, id, toolDescription }) => {
	test('the node panel lists each action once (one Resource property, one Operation property per resource)', () => {
		const actions = editorActions(node.description);
		const routed = Object.values(operations as Record<string, object>).reduce((sum, ops) => sum + Object.keys(ops).length, 0);
		expect(new Set(actions).size).toBe(actions.length);
		expect(actions).toHaveLength(routed);
	});

	test("the tool's required ID field defaults to a $fromAI expression, so the model fills it in", () => {
		const p = defaults(asTool(node.description));
		expect(p[id]).toEqual({ __rl: true, mode: 'id', value: expect.stringMatching(new RegExp(`^=\\{\\{ \\$fromAI\\('${id}', '[^']+', 'string'\\) \\}\\}$`)) });
		// The regular node still starts with an empty picker.
		expect(defaults(node.description)[id]).toBeUndefined();
	});

	test('the tool has one output, so it offers no review routing', () => {
		const names = asTool(node.description).properties.map((p) => p.name);
		expect(names).not.toContain('routeResultsNeedingReview');
		expect(names).not.toContain('reviewRules');
		expect(node.description.properties.map((p) => p.name)).toContain('routeResultsNeedingReview');
	});

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
		// n8n names a new node after the action: short on the canvas, the long wording only for agents.
		const dropdown = regular.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(parameters.resource));
		const action = (dropdown?.options as Array<{ value: string; action: string }>).find((o) => o.value === parameters.operation)?.action ?? '';
		expect(action).not.toMatch(/workflow (passes in|file)/);
		expect(action.length).toBeLessThanOrEqual(32);
		const description = asTool(regular);
		const toolNode = { id: '1', name: 'Tool', type: description.name, typeVersion: 1, position: [0, 0] as [number, number], parameters };
		expect(NodeHelpers.getToolDescriptionForNode(toolNode, { description } as never)).toMatch(/workflow (passes in|file)/);
	}
});
