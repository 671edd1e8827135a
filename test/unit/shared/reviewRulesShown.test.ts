/**
 * "Route Results Needing Review" as the editor shows it on a new node: the rules that are on,
 * with their values, in Review Rules (n8n fills a new node's parameters with
 * NodeHelpers.getNodeParameters, as here), and a field check showing only the inputs of its Kind.
 */
import { NodeHelpers, type INodeProperties, type INodeType } from 'n8n-workflow';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';
import { DEFAULT_MIN_CONFIDENCE } from '../../../nodes/shared/review/rules';

function newNodeParameters(nodeType: INodeType, parameters: Record<string, unknown>) {
	const { description } = nodeType;
	return NodeHelpers.getNodeParameters(description.properties, parameters as never, true, false, { typeVersion: 2 }, description) ?? {};
}

const withConfidence = { requiredFields: true, confidence: true, minConfidence: DEFAULT_MIN_CONFIDENCE, routeFailures: true };

test.each([
	['Raydocs', new Raydocs(), { resource: 'result', operation: 'get' }, { requiredFields: true, routeFailures: true }],
	['LlamaExtract', new LlamaExtract(), { resource: 'extract', operation: 'get' }, withConfidence],
	['PerfectParser', new PerfectParser(), { resource: 'extraction', operation: 'getResults' }, withConfidence],
])('%s: turning review on shows the rules in use with their values, so "Add Rule" offers only the others', (_name, nodeType, operation, shown) => {
	const parameters = newNodeParameters(nodeType, { ...operation, routeResultsNeedingReview: true });
	expect(parameters.reviewRules).toEqual(shown);
});

describe('a field check shows only the inputs of its Kind', () => {
	const reviewRules = new LlamaExtract().description.properties.find((p) => p.name === 'reviewRules')!;
	const fieldChecks = (reviewRules.options as INodeProperties[]).find((o) => o.name === 'fieldChecks')!;
	const checkValues = (fieldChecks.options as Array<{ values: INodeProperties[] }>)[0].values;
	const shownFor = (kind: string) => checkValues.filter((p) => NodeHelpers.displayParameter({ field: 'total', kind }, p, { typeVersion: 2 }, null)).map((p) => p.displayName);

	test.each([
		['range', ['Field', 'Kind', 'Max', 'Min']],
		['pattern', ['Field', 'Kind', 'Pattern']],
		['date', ['Field', 'Kind']],
	])('%s: %j', (kind, shown) => {
		expect(shownFor(kind)).toEqual(shown);
	});
});
