import nock from 'nock';

import { AGENT_ID, FILE_ID, JOB_ID, LLAMA_URL, RUN_ID, fastTiming, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastTiming());

const SCHEMA = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string' }, score: { type: 'number' } } };
const agent = { id: AGENT_ID, name: 'resume_parser', project_id: 'p', data_schema: SCHEMA, config: {} };

describe('LlamaExtract review routing', () => {
	test('v1 Job Get Result: required from the agent schema, confidence and citation from extraction_metadata', async () => {
		const scope = nock(LLAMA_URL)
			.get(`/api/v1/extraction/jobs/${JOB_ID}/result`)
			.reply(200, {
				run_id: RUN_ID,
				extraction_agent_id: AGENT_ID,
				data: { name: '', email: 'jane@example.com', score: 7 },
				extraction_metadata: { field_metadata: { email: { confidence: 0.42, citation: [{ page: 2, matching_text: 'Mail: jane@example.com' }] }, score: { extraction_confidence: 0.95 } } },
			})
			.get(`/api/v1/extraction/jobs/${JOB_ID}/result`)
			.reply(200, { run_id: RUN_ID, extraction_agent_id: AGENT_ID, data: {}, extraction_metadata: { field_metadata: { email: { confidence: 0.42, citation: [{ page: 2, matching_text: 'Mail: jane@example.com' }] }, score: { extraction_confidence: 0.95 } } } })
			.get(`/api/v1/extraction/extraction-agents/${AGENT_ID}`)
			.reply(200, agent);
		const result = await runLlama({
			resource: 'job',
			operation: 'getResult',
			jobId: JOB_ID,
			routeResultsNeedingReview: true,
			reviewRules: { minConfidence: 0.5, fieldChecks: { check: [{ field: 'email', kind: 'pattern', pattern: '@example\\.org$' }] } },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs![1][0].json.review).toEqual({
			needed: true,
			reasons: [
				'name is empty',
				'email: confidence 0.42 < 0.50 (page 2: "Mail: jane@example.com")',
				'email: "jane@example.com" does not match /@example\\.org$/ (page 2: "Mail: jane@example.com")',
			],
		});
		expect(scope.isDone()).toBe(true);
	});

	test('v2 Extract Get: a failed job is routed with the service\'s message', async () => {
		nock(LLAMA_URL)
			.get('/api/v2/extract/ext-1')
			.query(true)
			.reply(200, { id: 'ext-1', file_input: FILE_ID, project_id: 'p', status: 'FAILED', error_message: 'password-protected PDF', created_at: 'x', updated_at: 'x' });
		const result = await runLlama({ resource: 'extract', operation: 'get', jobId: 'ext-1', routeResultsNeedingReview: true });
		expect(result.error).toBeUndefined();
		expect(result.outputs![1][0].json.review).toEqual({ needed: true, reasons: ['the extraction failed: password-protected PDF'] });
	});

	test('v2 Extract Create: a listed field not in the inline schema is refused before the upload', async () => {
		const result = await runLlama({
			resource: 'extract',
			operation: 'create',
			fileSource: 'fileId',
			fileId: FILE_ID,
			configurationSource: 'inline',
			dataSchema: JSON.stringify(SCHEMA),
			routeResultsNeedingReview: true,
			reviewRules: { alsoRequired: 'phone' },
		});
		expect(result.error?.message).toBe('Review field "phone" is not a field of the Data Schema [item 0]');
		expect(result.error?.description).toContain('name, email, score');
	});

	test('v2 Extract Create asks for confidence scores only when the confidence rule is on', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		const job = { id: 'ext-2', file_input: FILE_ID, project_id: 'p', created_at: 'x', updated_at: 'x' };
		nock(LLAMA_URL)
			.post('/api/v2/extract', (body: Record<string, unknown>) => bodies.push(body) > 0)
			.times(2)
			.reply(200, { ...job, status: 'PENDING' })
			.get('/api/v2/extract/ext-2')
			.query(true)
			.times(10)
			.reply(200, { ...job, status: 'COMPLETED', extract_result: { name: 'Jane' }, configuration: { data_schema: SCHEMA }, extract_metadata: { field_metadata: { document_metadata: { name: { confidence: 0.3 } } } } });
		const base = { resource: 'extract', operation: 'create', fileSource: 'fileId', fileId: FILE_ID, configurationSource: 'inline', dataSchema: JSON.stringify(SCHEMA), routeResultsNeedingReview: true };
		const asked = await runLlama(base);
		const notAsked = await runLlama({ ...base, reviewRules: { confidence: false } });
		expect((bodies[0].configuration as Record<string, unknown>).confidence_scores).toBe(true);
		expect((bodies[1].configuration as Record<string, unknown>).confidence_scores).toBeUndefined();
		expect(asked.outputs![1][0].json.review).toEqual({ needed: true, reasons: ['name: confidence 0.30 < 0.80'] });
		expect(notAsked.outputs![0][0].json.review).toEqual({ needed: false, reasons: [] });
	});
});
