/**
 * Ids without a fixed shape are checked by one rule in LlamaExtract and PerfectParser before
 * anything is sent: not empty, no spaces, no "/", "?" or "#", at most 200 characters.
 */
import nock from 'nock';

import { runLlama } from '../../helpers/llamaextract';
import { runPP } from '../../helpers/perfectparser';

afterEach(() => nock.cleanAll());

test.each([
	['LlamaExtract refuses a "/" in a file id', () => runLlama({ resource: 'file', operation: 'get', fileId: 'dfl-1/../admin' }), 'File ID "dfl-1/../admin" is not a valid ID [item 0]'],
	['LlamaExtract refuses a "?" in a file id', () => runLlama({ resource: 'file', operation: 'get', fileId: 'dfl-1?x=1' }), 'File ID "dfl-1?x=1" is not a valid ID [item 0]'],
	['PerfectParser refuses an id of more than 200 characters', () => runPP({ resource: 'extraction', operation: 'getStatus', extractionId: `ext_${'a'.repeat(200)}` }), `Extraction ID "ext_${'a'.repeat(200)}" is not a valid ID [item 0]`],
	['PerfectParser refuses an empty id', () => runPP({ resource: 'extraction', operation: 'getStatus', extractionId: ' ' }), 'Extraction ID is empty [item 0]'],
])('%s', async (_case, run, message) => {
	const result = await run();
	expect(result.error?.message).toBe(message);
	expect(nock.pendingMocks()).toEqual([]);
});
