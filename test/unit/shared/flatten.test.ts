/**
 * "Flatten": new nodes (version 2) put each extracted field at the item's top level; nodes saved
 * at version 1 keep their nested output. Through the nodes' real execute().
 */
import nock from 'nock';
import type { IDataObject, INodeType } from 'n8n-workflow';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';
import { flattenItem } from '../../../nodes/shared/description/flatten';
import { runNode, type CredentialMap } from '../../../dev/harness/n8nContext';
import { llamaCredentials, LLAMA_URL } from '../../helpers/llamaextract';
import { ppCredentials, PP_URL } from '../../helpers/perfectparser';
import { fastRetries, raydocsCredentials, RAYDOCS_URL } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const RESULT = '990e8400-e29b-41d4-a716-446655440000';
const SESSION = '770e8400-e29b-41d4-a716-446655440000';
const RAYDOCS_RESULT = {
	id: RESULT,
	extraction_session_id: SESSION,
	status: 'completed',
	title: 'Invoice INV-1',
	data: { invoice_details: { invoice_number: 'INV-1', total: 120.5, status: 'paid' }, vendor: { name: 'ACME' } },
};

async function run(nodeType: INodeType, credentials: CredentialMap, parameters: IDataObject, typeVersion?: number) {
	const result = await runNode({ nodeType, parameters, credentials, typeVersion });
	if (result.error) throw result.error;
	return result.items.map((item) => item.json);
}

async function raydocsGet(parameters: IDataObject, typeVersion?: number) {
	nock(RAYDOCS_URL).get(`/extractions/results/${RESULT}`).reply(200, RAYDOCS_RESULT);
	return await run(new Raydocs(), raydocsCredentials(), { resource: 'result', operation: 'get', resultId: RESULT, ...parameters }, typeVersion);
}

test('a new Raydocs node (version 2) flattens by default: each template field at the top level, ids and status kept', async () => {
	const [json] = await raydocsGet({}, 2);
	expect(json).toEqual({
		result_id: RESULT,
		session_id: SESSION,
		status: 'completed',
		title: 'Invoice INV-1',
		completed_at: null,
		invoice_number: 'INV-1',
		total: 120.5,
		invoice_details_status: 'paid',
		name: 'ACME',
	});
});

test('a Raydocs node saved at version 1 keeps its nested output (no Flatten switch there)', async () => {
	const [json] = await raydocsGet({ flatten: true });
	expect(json.data).toEqual(RAYDOCS_RESULT.data);
	expect(json.invoice_number).toBeUndefined();
	expect(new Raydocs().description.defaultVersion).toBe(2);
});

test('version 2 with Flatten off gives the nested output', async () => {
	const [json] = await raydocsGet({ flatten: false }, 2);
	expect(json.data).toEqual(RAYDOCS_RESULT.data);
});

test('PerfectParser Get Results (version 2): extracted_data fields at the top level, one item per document', async () => {
	nock(PP_URL)
		.get('/v1/extractions/ext_1/results')
		.reply(200, {
			extraction: {
				extraction_id: 'ext_1',
				status: 'completed',
				documents: [
					{ document_id: 'doc_1', filename: 'a.pdf', status: 'completed', extracted_data: { invoice_number: 'A-1', total: 10 } },
					{ document_id: 'doc_2', filename: 'b.pdf', status: 'failed', error_message: 'unreadable' },
				],
			},
		});
	const items = await run(new PerfectParser(), ppCredentials(), { resource: 'extraction', operation: 'getResults', extractionId: 'ext_1' }, 2);
	expect(items[0]).toMatchObject({ extraction_id: 'ext_1', document_id: 'doc_1', filename: 'a.pdf', status: 'completed', invoice_number: 'A-1', total: 10 });
	expect(items[0].extracted_data).toBeUndefined();
	expect(items[1]).toMatchObject({ document_id: 'doc_2', status: 'failed', error_message: 'unreadable' });
});

test('LlamaExtract Extract → Get (version 2): data fields at the top level; nested objects stay objects', async () => {
	nock(LLAMA_URL)
		.get('/api/v2/extract/ext-1')
		.query(true)
		.reply(200, { id: 'ext-1', status: 'COMPLETED', file_input: 'dfl-1', project_id: 'p', extract_result: { invoice_number: 'L-1', address: { city: 'Paris' } }, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' });
	const [json] = await run(new LlamaExtract(), llamaCredentials(), { resource: 'extract', operation: 'get', jobId: 'ext-1' }, 2);
	expect(json).toMatchObject({ job_id: 'ext-1', status: 'COMPLETED', invoice_number: 'L-1', address: { city: 'Paris' } });
	expect(json.data).toBeUndefined();
});

test('flattenItem leaves an item without extracted data as it is', () => {
	const item = { result_id: 'r', status: 'failed', data: null };
	expect(flattenItem(item, { keys: ['data'], grouped: true })).toBe(item);
});

test('the Flatten tooltip reads as written: the editor renders descriptions as HTML, so no <…> in the text', () => {
	const switches = [new Raydocs(), new LlamaExtract(), new PerfectParser()].flatMap((node) => node.description.properties.filter((p) => p.name === 'flatten'));
	expect(switches.length).toBeGreaterThan(0);
	for (const flatten of switches) expect(flatten.description).not.toMatch(/[<>]/);
	expect(switches[0].description).toMatch(/nested under data and its groups, so/);
});
