/**
 * The five trigger nodes' descriptions, as n8n reads them, against a stored copy: a description
 * built from shared parts must come out as it was written by hand. Regenerate the fixture only
 * for an intended change: UPDATE_TRIGGER_DESCRIPTIONS=1 npx jest test/unit/shared/triggerDescriptions.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { INodeType } from 'n8n-workflow';

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
