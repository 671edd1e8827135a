import nock from 'nock';

import { PP_KEY, PP_URL, fastRetries, runPP } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const api = () => nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } });
const parser = {
	parser_id: 'prs_1',
	name: 'Invoices',
	schema: { type: 'object', required: ['vendor_name'], properties: { vendor_name: { type: 'string' }, total_amount: { type: 'number' }, invoice_date: { type: 'string' } } },
	fields: [{ name: 'vendor_name' }, { name: 'total_amount', required: true }, { name: 'invoice_date' }],
};
const document = (extra: object) => ({
	document: {
		document_id: 'doc_a',
		extraction_id: 'ext_1',
		parser_id: 'prs_1',
		filename: 'a.pdf',
		status: 'completed',
		confidence: 0.98,
		extracted_data: { vendor_name: 'Acme', total_amount: 10, invoice_date: '2026-06-01' },
		...extra,
	},
});

describe('PerfectParser Get Document with review routing', () => {
	test('required from the parser schema and from fields marked required; document confidence; a date check', async () => {
		const scope = api()
			.get('/v1/extractions/ext_1/documents/doc_a')
			.reply(200, document({ confidence: 0.61, extracted_data: { vendor_name: null, invoice_date: '2026-13-01' } }))
			.get('/v1/extractions/ext_1')
			.reply(200, { extraction: { extraction_id: 'ext_1', parser_id: 'prs_1', status: 'completed' } })
			.get('/v1/parsers/prs_1')
			.reply(200, { parser });
		const result = await runPP({
			resource: 'extraction',
			operation: 'getDocument',
			extractionId: 'ext_1',
			documentId: 'doc_a',
			routeResultsNeedingReview: true,
			reviewRules: { fieldChecks: { check: [{ field: 'invoice_date', kind: 'date' }] } },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs![0]).toEqual([]);
		expect(result.outputs![1][0].json.review).toEqual({
			needed: true,
			reasons: ['vendor_name is empty', 'total_amount is missing', 'document: confidence 0.61 < 0.80', 'invoice_date: not a date ("2026-13-01")'],
		});
		expect(scope.isDone()).toBe(true);
	});

	test('a clean document stays on Extracted; a failed one goes to Needs Review with its message', async () => {
		api()
			.get('/v1/extractions/ext_1/documents/doc_a')
			.reply(200, document({}))
			.get('/v1/extractions/ext_1')
			.reply(200, { extraction: { extraction_id: 'ext_1', parser_id: 'prs_1' } })
			.get('/v1/parsers/prs_1')
			.reply(200, { parser })
			.get('/v1/extractions/ext_1/documents/doc_b')
			.reply(200, document({ document_id: 'doc_b', status: 'failed', confidence: null, extracted_data: null, error_message: 'Unreadable scan' }));
		const result = await runPP(
			{ resource: 'extraction', operation: 'getDocument', extractionId: 'ext_1', documentId: '={{ $json.doc }}', routeResultsNeedingReview: true },
			[{ json: { doc: 'doc_a' } }, { json: { doc: 'doc_b' } }],
		);
		expect(result.outputs![0].map((item) => [item.pairedItem, item.json.review])).toEqual([[{ item: 0 }, { needed: false, reasons: [] }]]);
		expect(result.outputs![1].map((item) => [item.pairedItem, item.json.review])).toEqual([[{ item: 1 }, { needed: true, reasons: ['the extraction failed: Unreadable scan'] }]]);
	});

	test('Submit: a listed field the parser lacks is refused before any file is sent', async () => {
		const scope = api().get('/v1/parsers/prs_1').reply(200, { parser });
		const result = await runPP({
			resource: 'extraction',
			operation: 'submit',
			parser: { __rl: true, mode: 'id', value: 'prs_1' },
			routeResultsNeedingReview: true,
			reviewRules: { fieldChecks: { check: [{ field: 'iban', kind: 'pattern', pattern: '^DE' }] } },
		});
		expect(result.error?.message).toBe('Review field "iban" is not a field of parser prs_1 [item 0]');
		expect(scope.isDone()).toBe(true);
	});
});
