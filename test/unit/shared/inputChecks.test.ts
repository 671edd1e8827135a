/**
 * Bad input is refused before anything is sent, naming the item and the field: an id that an
 * expression turned into an object, a Max Wait of zero or less, a file whose bytes are not the
 * type its name or MIME type declares; and a `200 null` answer is a clear error, not a TypeError.
 */
import nock from 'nock';

import { kindOfContent } from '../../../nodes/shared/files/fileSignature';
import { LLAMA_URL, fastTiming, runLlama } from '../../helpers/llamaextract';
import { binaryItem } from '../../../dev/harness/n8nContext';
import { PP_URL, runPP } from '../../helpers/perfectparser';
import { RAYDOCS_URL, fastRetries, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastRetries();
	fastTiming();
});
afterEach(() => nock.cleanAll());

const SID = '770e8400-e29b-41d4-a716-446655440000';
const RID = '990e8400-e29b-41d4-a716-446655440000';
const JOB = '660e8400-e29b-41d4-a716-446655440001';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const PDF = Buffer.from('%PDF-1.7\n% test file\n');

describe('ids that are not text or a number', () => {
	test('Raydocs: a workspace expression that yields an object is refused naming the field; no DELETE goes out', async () => {
		const scope = nock(RAYDOCS_URL).delete('/workspaces/8').reply(204);
		const result = await runRaydocs(
			{ resource: 'workspace', operation: 'delete', workspace: { __rl: true, mode: 'id', value: '={{ $json.ws }}' } },
			[{ json: { ws: { id: 12 } } }, { json: { ws: 8 } }],
			{ continueOnFail: true },
		);
		// Only the second item's DELETE may reach the server (nock refuses anything else).
		expect(result.items[0].json.error).toBe('Workspace must be text or a number, not an object [item 0]');
		expect(result.items[1].json).toEqual({ deleted: true, workspace_id: '8' });
		scope.done();
	});

	test('LlamaExtract and PerfectParser: a plain id parameter given an object or a list is refused naming the field', async () => {
		const llama = await runLlama({ resource: 'run', operation: 'get', runId: '={{ $json.run }}' }, [{ json: { run: { id: 'x' } } }]);
		expect(llama.error?.message).toBe('Run must be text or a number, not an object [item 0]');
		const pp = await runPP({ resource: 'webhook', operation: 'delete', webhookId: '={{ $json.hooks }}' }, [{ json: { hooks: ['wh_1'] } }]);
		expect(pp.error?.message).toMatch(/must be text or a number, not a list \[item 0\]$/);
	});
	test('Raydocs: a session list holding objects is refused naming the field, not sent as "[object Object]"', async () => {
		const result = await runRaydocs(
			{
				resource: 'batch',
				operation: 'execute',
				template: { __rl: true, mode: 'id', value: '550e8400-e29b-41d4-a716-446655440000' },
				sessionIds: '={{ $json.sessions }}',
				waitForCompletion: false,
			},
			[{ json: { sessions: [{ id: SID }] } }],
		);
		expect(result.error?.message).toBe('Session must be text or a number, not an object [item 0]');
	});
});

describe('Max Wait', () => {
	test.each([0, -5])('Raydocs run with Max Wait %p is refused before the run is started', async (minutes) => {
		const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, options: { maxWaitMinutes: minutes } });
		expect(result.error?.message).toBe(`Max Wait must be a positive number of minutes, not ${minutes} [item 0]`);
	});

	test('PerfectParser wait with Max Wait 0 is refused', async () => {
		const result = await runPP({ resource: 'extraction', operation: 'wait', extractionId: 'ext_1', options: { maxWaitMinutes: 0 } });
		expect(result.error?.message).toBe('Max Wait must be a positive number of minutes, not 0 [item 0]');
	});

	test('PerfectParser submit: the item with Max Wait 0 is refused before anything is submitted', async () => {
		const item = await binaryItem(PDF, 'a.pdf', 'application/pdf');
		const result = await runPP({ resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: 'prs_1' }, options: { maxWaitMinutes: -1 } }, [item]);
		expect(result.error?.message).toBe('Max Wait must be a positive number of minutes, not -1 [item 0]');
	});
});

describe('declared file type against the first bytes', () => {
	test('signatures: PDF, PNG, JPEG, TIFF both byte orders, GIF, WebP, ZIP-based Office; text is unknown', () => {
		expect(kindOfContent(PDF)).toBe('pdf');
		expect(kindOfContent(PNG)).toBe('png');
		expect(kindOfContent(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('jpeg');
		expect(kindOfContent(Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0]))).toBe('tiff');
		expect(kindOfContent(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 8]))).toBe('tiff');
		expect(kindOfContent(Buffer.from('GIF89a....'))).toBe('gif');
		expect(kindOfContent(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('webp');
		expect(kindOfContent(Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]))).toBe('office');
		expect(kindOfContent(Buffer.from('name,total\nA,1\n'))).toBeUndefined();
	});

	test('PerfectParser: PNG bytes named file.pdf are refused naming the item, the file and both types; nothing is sent', async () => {
		const item = await binaryItem(PNG, 'file.pdf', 'application/pdf');
		const result = await runPP({ resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: 'prs_1' }, waitForCompletion: false }, [item]);
		expect(result.error?.message).toBe('Item 0: "file.pdf" is declared as PDF but its content is PNG');
	});

	test('LlamaExtract: a PDF stored in memory but typed image/png is refused too', async () => {
		const item = await binaryItem(PDF, 'scan.png', 'image/png', { storage: 'memory' });
		const result = await runLlama({ resource: 'file', operation: 'upload', binaryPropertyName: 'data' }, [item]);
		expect(result.error?.message).toBe('Item 0: "scan.png" is declared as PNG but its content is PDF');
	});

	test('LlamaExtract: text named .csv and a real PDF named .pdf both go out', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v1/beta/files')
			.query(true)
			.times(2)
			.reply(201, { id: 'dfl-1', name: 'x', project_id: 'p' });
		const csv = await binaryItem(Buffer.from('a,b\n1,2\n'), 'data.csv', 'text/csv');
		const pdf = await binaryItem(PDF, 'a.pdf', 'application/pdf');
		const result = await runLlama({ resource: 'file', operation: 'upload', binaryPropertyName: 'data' }, [csv, pdf]);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		scope.done();
	});
});

describe('a 200 answer with no object', () => {
	test('Raydocs result get: 200 null is a clear error naming the item', async () => {
		nock(RAYDOCS_URL).get(`/extractions/results/${RID}`).reply(200, 'null', { 'Content-Type': 'application/json' });
		const result = await runRaydocs({ resource: 'result', operation: 'get', resultId: RID });
		expect(result.error?.message).toBe(`Raydocs answered with an empty result for result ${RID} [item 0]`);
		expect(result.error?.name).toBe('NodeApiError');
	});

	test('LlamaExtract job result: 200 null is a clear error naming the item', async () => {
		nock(LLAMA_URL).get(`/api/v1/extraction/jobs/${JOB}/result`).query(true).reply(200, 'null', { 'Content-Type': 'application/json' });
		const result = await runLlama({ resource: 'job', operation: 'getResult', jobId: JOB });
		expect(result.error?.message).toBe(`LlamaCloud answered with an empty result for the result of job ${JOB} [item 0]`);
	});

	test('PerfectParser extraction results: 200 null is a clear error naming the item', async () => {
		nock(PP_URL).get('/v1/extractions/ext_1/results').reply(200, 'null', { 'Content-Type': 'application/json' });
		const result = await runPP({ resource: 'extraction', operation: 'getResults', extractionId: 'ext_1' });
		expect(result.error?.message).toBe('PerfectParser answered with an empty result for extraction ext_1 [item 0]');
	});
});
