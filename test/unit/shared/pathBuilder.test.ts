/**
 * Ids that enter URL paths, typed by a user or read from an API answer, reach the server as one
 * encoded segment or are refused: `../x?y` must not turn into another endpoint with a query string.
 */
import nock from 'nock';

import { apiPath } from '../../../nodes/shared/transport/paths';
import { FILE_ID, LLAMA_URL, fastTiming, runLlama } from '../../helpers/llamaextract';
import { binaryItem } from '../../../dev/harness/n8nContext';
import { PP_URL, runPP } from '../../helpers/perfectparser';
import { RAYDOCS_URL, fastRetries, fastWaits, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastRetries();
	fastWaits();
	fastTiming();
});
afterEach(() => nock.cleanAll());

const HOSTILE = '../x?y';
const ENCODED = '..%2Fx%3Fy';
const SID = '770e8400-e29b-41d4-a716-446655440000';


test('apiPath: every value is one encoded segment; empty, dot segments and objects are refused', () => {
	expect(apiPath`/extractions/sessions/${HOSTILE}/results`).toBe(`/extractions/sessions/${ENCODED}/results`);
	expect(apiPath`/workspaces/${12}/documents/${'a#b %'}`).toBe('/workspaces/12/documents/a%23b%20%25');
	expect(() => apiPath`/extractions/results/${'..'}`).toThrow('".." is not a valid ID in /extractions/results/{id}');
	expect(() => apiPath`/extractions/results/${'.'}`).toThrow('"." is not a valid ID');
	expect(() => apiPath`/extractions/results/${''}`).toThrow('An ID in /extractions/results/{id} is empty');
	expect(() => apiPath`/extractions/results/${{ id: 1 }}`).toThrow('must be text or a number, not an object');
	expect(() => apiPath`/extractions/results/${undefined}`).toThrow('not undefined');
	expect(() => apiPath`/extractions/results/${Number.NaN}`).toThrow('not number NaN');
});

test('Raydocs: a result id read from the run answer is polled as one encoded segment', async () => {
	nock(RAYDOCS_URL)
		// The session's runs before this one (the run this call starts is the one not among them).
		.get(`/extractions/sessions/${SID}`)
		.reply(200, { id: SID, results: [] })
		.post(`/extractions/sessions/${SID}/results`)
		.reply(201, { id: HOSTILE, extraction_session_id: SID, status: 'created' })
		.get(`/extractions/results/${ENCODED}`)
		.reply(200, { id: HOSTILE, extraction_session_id: SID, status: 'completed', data: {} });
	const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, options: { maxWaitMinutes: 1 } });
	expect(result.error).toBeUndefined();
	expect(nock.isDone()).toBe(true);
});

test('Raydocs: a result id ".." read from an answer is refused before any request goes out', async () => {
	nock(RAYDOCS_URL)
		.get(`/extractions/sessions/${SID}`)
		.reply(200, { id: SID, results: [] })
		.post(`/extractions/sessions/${SID}/results`)
		.reply(201, { id: '..', extraction_session_id: SID, status: 'created' });
	const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, options: { maxWaitMinutes: 1 } });
	expect(result.error?.message).toBe('".." is not a valid ID in /extractions/results/{id} [item 0]');
	expect(nock.isDone()).toBe(true);
});

test('LlamaCloud: a job id read from the create answer is polled as one encoded segment', async () => {
	nock(LLAMA_URL)
		.post('/api/v2/extract')
		.query(true)
		.reply(200, { id: HOSTILE, file_input: FILE_ID, status: 'PENDING' })
		.get(`/api/v2/extract/${ENCODED}`)
		.query(true)
		.reply(200, { id: HOSTILE, file_input: FILE_ID, status: 'COMPLETED', extract_result: { ok: true } });
	const result = await runLlama({
		resource: 'extract',
		operation: 'create',
		fileSource: 'fileId',
		fileId: FILE_ID,
		configurationSource: 'inline',
		dataSchema: JSON.stringify({ type: 'object', properties: { ok: { type: 'boolean' } } }),
	});
	expect(result.error).toBeUndefined();
	expect(nock.isDone()).toBe(true);
});

test('PerfectParser: an extraction id read from the submit answer is polled as one encoded segment', async () => {
	nock(PP_URL)
		.post('/v1/extractions')
		.reply(202, { extraction: { extraction_id: HOSTILE, status: 'queued', documents: [{ document_id: 'doc_1', filename: 'a.pdf', status: 'queued' }] } })
		.get(`/v1/extractions/${ENCODED}`)
		.reply(200, { extraction: { extraction_id: HOSTILE, status: 'completed', documents: [{ document_id: 'doc_1', filename: 'a.pdf', status: 'completed' }] } })
		.get(`/v1/extractions/${ENCODED}/results`)
		.reply(200, { extraction: { extraction_id: HOSTILE, status: 'completed', documents: [{ document_id: 'doc_1', filename: 'a.pdf', status: 'completed', data: {} }] } });
	const item = await binaryItem(Buffer.from('%PDF-1.7 x'), 'a.pdf', 'application/pdf');
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: 'prs_1' } }, [item]);
	expect(result.error).toBeUndefined();
	expect(nock.isDone()).toBe(true);
});

test('Raydocs: a workspace id typed with a slash stays one segment', async () => {
	nock(RAYDOCS_URL).get('/workspaces/a%2F..%2Fb/users').reply(200, { data: [] });
	const result = await runRaydocs({ resource: 'workspaceMember', operation: 'getAll', workspace: { __rl: true, mode: 'id', value: 'a/../b' } });
	expect(result.error).toBeUndefined();
	expect(nock.isDone()).toBe(true);
});
