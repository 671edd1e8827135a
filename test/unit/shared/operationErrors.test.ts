/**
 * Errors name their item once, where the router places them: the operations and the shared
 * parameter readers throw the bare message, and each item's error ends with its own " [item N]".
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

import { runLlama } from '../../helpers/llamaextract';
import { runPP } from '../../helpers/perfectparser';
import { runRaydocs } from '../../helpers/raydocs';

const ROOT = join(__dirname, '..', '..', '..');
/** The batch operations fan errors out themselves; their item naming moves with the batch core. */
const BATCH = ['Raydocs/actions/batch/createSessions.operation.ts', 'LlamaExtract/actions/job/createBatch.operation.ts', 'LlamaExtract/actions/extract/create.operation.ts', 'PerfectParser/actions/extraction/submit.operation.ts'];

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
	});
}

test('no operation or parameter reader builds an item suffix itself', () => {
	const files = [
		...['Raydocs', 'LlamaExtract', 'PerfectParser'].flatMap((service) => sources(join(ROOT, 'nodes', service, 'actions'))),
		join(ROOT, 'nodes', 'shared', 'description', 'parameters.ts'),
		join(ROOT, 'nodes', 'shared', 'description', 'validate.ts'),
	].filter((file) => !BATCH.some((batch) => file.endsWith(batch)));
	const building = files.filter((file) => /\[item \$\{/.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
	expect(building).toEqual([]);
});

const two = [{ json: {} }, { json: {} }];

test.each([
	['Raydocs', () => runRaydocs({ resource: 'workspace', operation: 'create', name: ' ' }, two, { continueOnFail: true }), 'Name is empty'],
	['LlamaExtract', () => runLlama({ resource: 'run', operation: 'get', runId: 'not-a-uuid' }, two, { continueOnFail: true }), 'Run "not-a-uuid" is not a valid ID'],
	['PerfectParser', () => runPP({ resource: 'webhook', operation: 'get', webhookId: 'has space' }, two, { continueOnFail: true }), 'Webhook ID "has space" is not a valid ID'],
])('%s: each failed item names itself once', async (_service, run, message) => {
	const result = await run();
	expect(result.items.map((item) => item.json.error)).toEqual([`${message} [item 0]`, `${message} [item 1]`]);
});
