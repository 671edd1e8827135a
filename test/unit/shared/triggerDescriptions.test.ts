/**
 * The five trigger nodes' descriptions, as n8n reads them, against a stored copy: a description
 * built from shared parts must come out as it was written by hand. Regenerate the fixture only
 * for an intended change: UPDATE_TRIGGER_DESCRIPTIONS=1 npx jest test/unit/shared/triggerDescriptions.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { NodeHelpers, type INode, type INodeParameters, type INodeType } from 'n8n-workflow';

import { LlamaExtractTrigger } from '../../../nodes/LlamaExtract/LlamaExtractTrigger.node';
import { LlamaExtractWebhookTrigger } from '../../../nodes/LlamaExtract/LlamaExtractWebhookTrigger.node';
import { PerfectParserPollingTrigger } from '../../../nodes/PerfectParser/PerfectParserPollingTrigger.node';
import { PerfectParserTrigger } from '../../../nodes/PerfectParser/PerfectParserTrigger.node';
import { RaydocsTrigger } from '../../../nodes/Raydocs/RaydocsTrigger.node';

const FIXTURE = join(__dirname, 'fixtures', 'triggerDescriptions.json');

const nodes: Record<string, () => INodeType> = {
	RaydocsTrigger: () => new RaydocsTrigger(),
	LlamaExtractTrigger: () => new LlamaExtractTrigger(),
	LlamaExtractWebhookTrigger: () => new LlamaExtractWebhookTrigger(),
	PerfectParserTrigger: () => new PerfectParserTrigger(),
	PerfectParserPollingTrigger: () => new PerfectParserPollingTrigger(),
};

/** The description as JSON would carry it (undefined fields dropped, as n8n's API sends it). */
function built(): Record<string, unknown> {
	return Object.fromEntries(Object.entries(nodes).map(([name, make]) => [name, JSON.parse(JSON.stringify(make().description)) as unknown]));
}

test('the trigger nodes describe themselves as the stored copy says, every version', () => {
	const now = built();
	if (process.env.UPDATE_TRIGGER_DESCRIPTIONS === '1') writeFileSync(FIXTURE, `${JSON.stringify(now, null, '\t')}\n`);
	expect(now).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
});

describe('the Flatten switch, as n8n fills a node\'s parameters', () => {
	function savedParameters(node: INodeType, typeVersion: number, parameters: INodeParameters): INodeParameters {
		const raw: INode = { id: 'n', name: 'n', type: node.description.name, typeVersion, position: [0, 0], parameters };
		return NodeHelpers.getNodeParameters(node.description.properties, parameters, true, false, raw, node.description) ?? {};
	}

	test.each([
		['RaydocsTrigger', { event: 'extractionCompleted' }, true],
		['RaydocsTrigger', { event: 'documentProcessed' }, false],
		['RaydocsTrigger', { event: 'workflowRunCompleted' }, false],
		['LlamaExtractTrigger', { event: 'extractJobCompleted' }, true],
		['LlamaExtractTrigger', { event: 'runCompleted' }, true],
		['LlamaExtractWebhookTrigger', { fetchJob: true }, true],
		['LlamaExtractWebhookTrigger', { fetchJob: false }, false],
		['PerfectParserPollingTrigger', {}, true],
		['PerfectParserTrigger', {}, true],
		['PerfectParserTrigger', { delivery: 'polling' }, true],
	])('%s %j: on by default at version 2 (%s where the items carry extracted data), absent at version 1', (name, parameters, shown) => {
		const node = nodes[name]();
		expect(savedParameters(node, 2, parameters as INodeParameters).flatten).toBe(shown ? true : undefined);
		expect(savedParameters(node, 1, parameters as INodeParameters).flatten).toBeUndefined();
	});
});
