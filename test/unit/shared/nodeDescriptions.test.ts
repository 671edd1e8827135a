/**
 * The n8n editor sees the action nodes' descriptions exactly as the fixture recorded them (taken
 * from the code before the descriptions were built from shared fields and the typed operation
 * map). A change to what the editor shows must change the fixture on purpose:
 * UPDATE_DESCRIPTIONS=1 npx jest test/unit/shared/nodeDescriptions.test.ts
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';

const FIXTURE = join(__dirname, 'fixtures', 'actionNodeDescriptions.json');

function built(): Record<string, unknown> {
	const nodes = [new Raydocs(), new LlamaExtract(), new PerfectParser()];
	return Object.fromEntries(nodes.map((node) => [node.description.name, JSON.parse(JSON.stringify(node.description)) as unknown]));
}

if (process.env.UPDATE_DESCRIPTIONS === '1') writeFileSync(FIXTURE, `${JSON.stringify(built(), null, '\t')}\n`);

const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, { properties: unknown[] }>;

describe.each(Object.keys(recorded))('%s', (name) => {
	test('the node description is the one recorded', () => {
		const description = built()[name] as { properties: unknown[] };
		// Property by property first, so a difference names the field it is in.
		expect(description.properties.length).toBe(recorded[name].properties.length);
		description.properties.forEach((property, index) => expect(property).toEqual(recorded[name].properties[index]));
		expect(description).toEqual(recorded[name]);
	});
});
