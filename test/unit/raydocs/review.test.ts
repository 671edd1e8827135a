import nock from 'nock';

import { authedApi, fastRetries, fastWaits, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => {
	fastRetries();
	fastWaits();
});

const RID = '990e8400-e29b-41d4-a716-446655440000';
const SID = '770e8400-e29b-41d4-a716-446655440000';
const TID = '550e8400-e29b-41d4-a716-446655440000';

const template = {
	id: TID,
	name: 'Invoices',
	schema_json: {
		config: {},
		groups: {
			invoice_details: { fields: { invoice_number: { type: 'string', required: true }, total: { type: 'number', required: true }, note: { type: 'string' } } },
		},
	},
};
const result = (data: object) => ({
	id: RID,
	extraction_session_id: SID,
	status: 'completed',
	data: { invoice_details: data },
	audit_data: {
		invoice_details: {
			invoice_number: { reasoning: 'header', sources: [{ chunk_id: 'c1', text: 'Invoice Number: 12', page: 1 }] },
			total: { reasoning: 'none found', sources: [] },
		},
	},
});

describe('Raydocs Result Get with review routing', () => {
	test('the template\'s required fields decide (note is not required); the source page and text are in the reason', async () => {
		const scope = authedApi()
			.get(`/extractions/results/${RID}`)
			.reply(200, result({ invoice_number: '12', total: null, note: null }))
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, extraction_template_id: TID, results: [{ id: RID, status: 'completed' }] })
			.get(`/extractions/results/${RID}`)
			.reply(200, result({ invoice_number: '12', total: null, note: null }))
			.get(`/extractions/templates/${TID}`)
			.reply(200, { data: template });
		const run = await runRaydocs({
			resource: 'result',
			operation: 'get',
			resultId: RID,
			routeResultsNeedingReview: true,
			reviewRules: { fieldChecks: { check: [{ field: 'invoice_number', kind: 'range', min: 100 }] } },
		});
		expect(run.error).toBeUndefined();
		expect(run.outputs![0]).toEqual([]);
		expect(run.outputs![1][0].json.review).toEqual({
			needed: true,
			reasons: ['invoice_details.total is empty', 'invoice_number: 12 is below 100 (page 1: "Invoice Number: 12")'],
		});
		expect(scope.isDone()).toBe(true);
	});

	test('a template that marks no field required asks for every field', async () => {
		const unmarked = { ...template, schema_json: { config: {}, groups: { g: { fields: { a: { type: 'string' }, b: { type: 'string' } } } } } };
		authedApi()
			.get(`/extractions/results/${RID}`)
			.reply(200, { id: RID, extraction_session_id: SID, status: 'completed', data: { g: { a: 'x', b: '' } }, audit_data: {} })
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, extraction_template_id: TID, results: [] })
			.get(`/extractions/results/${RID}`)
			.reply(200, { id: RID, extraction_session_id: SID, status: 'completed', data: { g: { a: 'x', b: '' } }, audit_data: {} })
			.get(`/extractions/templates/${TID}`)
			.reply(200, unmarked);
		const run = await runRaydocs({ resource: 'result', operation: 'get', resultId: RID, routeResultsNeedingReview: true });
		expect(run.outputs![1][0].json.review).toEqual({ needed: true, reasons: ['g.b is empty'] });
	});

	test('a timed-out wait set to fail goes to Needs Review instead, with its ids', async () => {
		authedApi().get(`/extractions/results/${RID}`).times(50).reply(200, { id: RID, extraction_session_id: SID, status: 'processing' });
		const run = await runRaydocs({
			resource: 'result',
			operation: 'wait',
			waitFor: 'result',
			resultId: RID,
			options: { maxWaitMinutes: 0.001, onTimeout: 'fail' },
			routeResultsNeedingReview: true,
		});
		expect(run.error).toBeUndefined();
		expect(run.outputs![1]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ review: { needed: true, reasons: ['the extraction did not finish within the max wait (last status "processing")'] } }),
				pairedItem: { item: 0 },
			}),
		]);
	});

	test('off: one output, no review field, no extra request', async () => {
		const scope = authedApi().get(`/extractions/results/${RID}`).reply(200, result({ invoice_number: '12', total: null }));
		const run = await runRaydocs({ resource: 'result', operation: 'get', resultId: RID });
		expect(run.outputs).toHaveLength(1);
		expect(run.items[0].json.review).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});
});
