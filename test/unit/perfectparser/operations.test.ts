import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { binaryItem, loadOptionsContext } from '../../../dev/harness/n8nContext';
import { PP_KEY, PP_URL, expectNoKey, fastRetries, outputBytes, parseMultipart, ppCredentials, runPP } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const api = () => nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } });
const PARSER = { __rl: true, mode: 'id', value: 'prs_999' };
const EXCEL = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function ok(result: Awaited<ReturnType<typeof runPP>>) {
	if (result.error) throw result.error;
	expectNoKey(result);
	return result.items.map((item) => item.json);
}

describe('account', () => {
	test('Get returns the user without the envelope', async () => {
		const scope = api().get('/v1/me').reply(200, { user: { user_id: 'usr_1', email: 'a@b.c', credits_available: 847 } });
		expect(ok(await runPP({ resource: 'account', operation: 'get' }))).toEqual([{ user_id: 'usr_1', email: 'a@b.c', credits_available: 847 }]);
		scope.done();
	});
	test('Get Credits returns the balance and packs', async () => {
		const scope = api().get('/v1/credits').reply(200, { credits: { available: 5, purchases: [{ purchase_id: 'pur_1' }] } });
		expect(ok(await runPP({ resource: 'account', operation: 'getCredits' }))).toEqual([{ available: 5, purchases: [{ purchase_id: 'pur_1' }] }]);
		scope.done();
	});
	test('401 names the API key and never shows it', async () => {
		nock(PP_URL).get('/v1/me').reply(401, { error: { code: 'UNAUTHORIZED', message: 'Missing or invalid API key' } });
		const result = await runPP({ resource: 'account', operation: 'get' });
		expect(result.error?.message).toMatch(/PerfectParser did not accept the API key/);
		expect(result.error?.description).toMatch(/Open the PerfectParser credential/);
		expectNoKey(result);
	});
});

describe('parser', () => {
	test('Get Many walks the cursor and stops at Limit', async () => {
		const scope = api()
			.get('/v1/parsers')
			.query({ limit: 3 })
			.reply(200, { parsers: [{ parser_id: 'p1' }, { parser_id: 'p2' }], pagination: { has_next_page: true, next_cursor: 'c2' } })
			.get('/v1/parsers')
			.query({ limit: 3, cursor: 'c2' })
			.reply(200, { parsers: [{ parser_id: 'p3' }, { parser_id: 'p4' }], pagination: { has_next_page: true, next_cursor: 'c3' } });
		const items = ok(await runPP({ resource: 'parser', operation: 'getAll', returnAll: false, limit: 3 }));
		expect(items.map((p) => p.parser_id)).toEqual(['p1', 'p2', 'p3']);
		scope.done();
	});
	test('Get Many with Return All follows every page', async () => {
		const scope = api()
			.get('/v1/parsers')
			.query({ limit: 100 })
			.reply(200, { parsers: [{ parser_id: 'p1' }], pagination: { has_next_page: true, next_cursor: 'c2' } })
			.get('/v1/parsers')
			.query({ limit: 100, cursor: 'c2' })
			.reply(200, { parsers: [{ parser_id: 'p2' }], pagination: { has_next_page: false, next_cursor: null } });
		expect(ok(await runPP({ resource: 'parser', operation: 'getAll', returnAll: true })).map((p) => p.parser_id)).toEqual(['p1', 'p2']);
		scope.done();
	});
	test('Get by id; 404 PARSER_NOT_FOUND names the id', async () => {
		const scope = api().get('/v1/parsers/prs_999').reply(200, { parser: { parser_id: 'prs_999', name: 'Invoices' } });
		expect(ok(await runPP({ resource: 'parser', operation: 'get', parser: PARSER }))).toEqual([{ parser_id: 'prs_999', name: 'Invoices' }]);
		scope.done();
		nock(PP_URL).get('/v1/parsers/prs_gone').reply(404, { error: { code: 'PARSER_NOT_FOUND', message: 'Parser not found' } });
		const result = await runPP({ resource: 'parser', operation: 'get', parser: { __rl: true, mode: 'id', value: 'prs_gone' } });
		expect(result.error?.message).toBe('Parser prs_gone was not found [item 0]');
	});
	test('Create sends the field list as an array', async () => {
		const scope = api()
			.post('/v1/parsers', {
				name: 'Invoices',
				fields: [
					{ name: 'invoice_number', type: 'string', description: 'The number', required: true },
					{ name: 'total', type: 'number' },
				],
				result_mode: 'one_per_page',
			})
			.reply(201, { parser: { parser_id: 'prs_new', name: 'Invoices' } });
		const items = ok(
			await runPP({
				resource: 'parser',
				operation: 'create',
				name: 'Invoices',
				fields: { field: [{ name: 'invoice_number', type: 'string', description: 'The number', required: true }, { name: 'total', type: 'number' }] },
				additionalFields: { result_mode: 'one_per_page' },
			}),
		);
		expect(items[0].parser_id).toBe('prs_new');
		scope.done();
	});
	test('Create refuses a duplicate field name before sending; 409 CONFLICT explains', async () => {
		const result = await runPP({ resource: 'parser', operation: 'create', name: 'X', fields: { field: [{ name: 'a' }, { name: 'a' }] } });
		expect(result.error?.message).toBe('Field "a" is listed twice [item 0]');
		nock(PP_URL).post('/v1/parsers').reply(409, { error: { code: 'CONFLICT', message: 'A parser named "X" already exists' } });
		const conflict = await runPP({ resource: 'parser', operation: 'create', name: 'X' });
		expect(conflict.error?.message).toMatch(/HTTP 409: A parser named "X" already exists/);
		expect(conflict.error?.description).toMatch(/unique per account/);
	});
	test('Update patches only the given fields; nothing given is refused', async () => {
		const scope = api().patch('/v1/parsers/prs_999', { name: 'Renamed', fields: [{ name: 'total', type: 'number' }] }).reply(200, { parser: { parser_id: 'prs_999', name: 'Renamed' } });
		const items = ok(await runPP({ resource: 'parser', operation: 'update', parser: PARSER, updateFields: { name: 'Renamed', fields: { field: [{ name: 'total', type: 'number' }] } } }));
		expect(items[0].name).toBe('Renamed');
		scope.done();
		const empty = await runPP({ resource: 'parser', operation: 'update', parser: PARSER, updateFields: {} });
		expect(empty.error?.message).toBe('Nothing to update [item 0]');
	});
	test('Detect Fields uploads the sample as one "file" part with the options', async () => {
		let parts: ReturnType<typeof parseMultipart> = [];
		const scope = api()
			.post('/v1/parsers/prs_999/detect-fields')
			.reply(function (_uri, body) {
				parts = parseMultipart(body, String(this.req.headers['content-type']));
				return [200, { parser_id: 'prs_999', sample_file_id: 'smp_1', schema: { type: 'object' } }];
			});
		const sample = await binaryItem(Buffer.from('%PDF-sample'), 'sample.pdf', 'application/pdf');
		const items = ok(
			await runPP({ resource: 'parser', operation: 'detectFields', parser: PARSER, options: { prompt: 'line items', replaceExistingSchema: true } }, [sample]),
		);
		scope.done();
		expect(parts.map((p) => [p.name, p.fileName])).toEqual([['file', 'sample.pdf'], ['prompt', undefined], ['replace_existing_schema', undefined]]);
		expect(parts[0].data.toString()).toBe('%PDF-sample');
		expect(parts[2].data.toString()).toBe('true');
		expect(items[0].sample_file_id).toBe('smp_1');
	});
	test('Detect Fields on a stored sample sends JSON', async () => {
		const scope = api()
			.post('/v1/parsers/prs_999/detect-fields', { sample_file_id: 'smp_1', replace_existing_schema: false })
			.reply(200, { parser_id: 'prs_999', sample_file_id: 'smp_1', schema: {} });
		ok(await runPP({ resource: 'parser', operation: 'detectFields', parser: PARSER, sampleSource: 'stored', sampleFileId: 'smp_1' }));
		scope.done();
	});
	test('the parser list searches by name and hands back the cursor', async () => {
		const scope = api()
			.get('/v1/parsers')
			.query({ limit: 100 })
			.reply(200, { parsers: [{ parser_id: 'prs_1', name: 'Invoices' }, { parser_id: 'prs_2', name: 'Receipts' }], pagination: { has_next_page: true, next_cursor: 'n2' } });
		const node = new PerfectParser();
		const context = loadOptionsContext({ nodeType: node, parameters: { resource: 'parser', operation: 'get' }, credentials: ppCredentials() });
		const found = await node.methods.listSearch.searchParsers.call(context, 'rec');
		expect(found).toEqual({ results: [{ name: 'Receipts', value: 'prs_2' }], paginationToken: 'n2' });
		scope.done();
	});
});

describe('extraction', () => {
	test('Get Status returns the job with its documents', async () => {
		const scope = api().get('/v1/extractions/ext_1').reply(200, { extraction: { extraction_id: 'ext_1', status: 'processing', documents: [{ document_id: 'd' }] } });
		expect(ok(await runPP({ resource: 'extraction', operation: 'getStatus', extractionId: 'ext_1' }))[0]).toMatchObject({ status: 'processing' });
		scope.done();
	});
	test('an unknown extraction is named in the 404; a malformed id is refused before sending', async () => {
		nock(PP_URL).get('/v1/extractions/ext_x').reply(404, { error: { code: 'RESOURCE_NOT_FOUND', message: 'Extraction ext_x not found' } });
		const result = await runPP({ resource: 'extraction', operation: 'getStatus', extractionId: 'ext_x' });
		expect(result.error?.message).toBe('Extraction ext_x was not found [item 0]');
		const bad = await runPP({ resource: 'extraction', operation: 'getStatus', extractionId: 'ext 1/../x' });
		expect(bad.error?.message).toBe('Extraction ID "ext 1/../x" is not a valid ID [item 0]');
	});
	test('Get Many filters by parser, status and since, starts from a cursor and honours Limit', async () => {
		const scope = api()
			.get('/v1/extractions')
			.query({ parser_id: 'prs_999', status: 'completed', since: '2026-06-20T10:00:00.000Z', limit: 2, cursor: 'start' })
			.reply(200, { extractions: [{ extraction_id: 'e1' }], pagination: { has_next_page: true, next_cursor: 'c2' } })
			.get('/v1/extractions')
			.query({ parser_id: 'prs_999', status: 'completed', since: '2026-06-20T10:00:00.000Z', limit: 2, cursor: 'c2' })
			.reply(200, { extractions: [{ extraction_id: 'e2' }, { extraction_id: 'e3' }], pagination: { has_next_page: false, next_cursor: null } });
		const items = ok(
			await runPP({
				resource: 'extraction',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
				filters: { parserId: 'prs_999', status: 'completed', since: '2026-06-20T10:00:00Z', cursor: 'start' },
			}),
		);
		expect(items.map((e) => e.extraction_id)).toEqual(['e1', 'e2']);
		scope.done();
	});
	test('Get Results: one item per document, each paired with the input item that carries its document_id', async () => {
		const scope = api()
			.get('/v1/extractions/ext_1/results')
			.once()
			.reply(200, {
				extraction: {
					extraction_id: 'ext_1',
					parser_id: 'prs_999',
					status: 'completed',
					documents: [
						{ document_id: 'doc_b', filename: 'b.pdf', status: 'completed', extracted_data: { total: 2 }, page_count: 1 },
						{ document_id: 'doc_a', filename: 'a.pdf', status: 'completed', extracted_data: { total: 1 }, page_count: 1 },
					],
				},
			});
		const input = [
			{ json: { extraction_id: 'ext_1', document_id: 'doc_a' } },
			{ json: { extraction_id: 'ext_1', document_id: 'doc_b' } },
		];
		const result = await runPP({ resource: 'extraction', operation: 'getResults', extractionId: '={{ $json.extraction_id }}' }, input);
		ok(result);
		scope.done();
		expect(result.items.map((item) => [item.pairedItem, item.json.document_id, item.json.extracted_data])).toEqual([
			[{ item: 0 }, 'doc_a', { total: 1 }],
			[{ item: 1 }, 'doc_b', { total: 2 }],
		]);
		expect(result.items[0].json).not.toHaveProperty('page_count');
	});
	test('Get Results for a bare extraction id gives every document to that item; Simplify off keeps all fields', async () => {
		const scope = api()
			.get('/v1/extractions/ext_2/results')
			.reply(200, { extraction: { extraction_id: 'ext_2', documents: [{ document_id: 'd1', page_count: 3 }, { document_id: 'd2', page_count: 1 }] } });
		const result = await runPP({ resource: 'extraction', operation: 'getResults', extractionId: 'ext_2', options: { simplify: false } });
		ok(result);
		scope.done();
		expect(result.items.map((item) => [item.pairedItem, item.json.document_id, item.json.page_count])).toEqual([
			[{ item: 0 }, 'd1', 3],
			[{ item: 0 }, 'd2', 1],
		]);
	});
	test('Get Document returns one file with its data', async () => {
		const scope = api()
			.get('/v1/extractions/ext_1/documents/doc_a')
			.reply(200, { document: { document_id: 'doc_a', extraction_id: 'ext_1', filename: 'a.pdf', status: 'completed', confidence: 0.98, extracted_data: { total: 1 }, file_size: 10 } });
		const items = ok(await runPP({ resource: 'extraction', operation: 'getDocument', extractionId: 'ext_1', documentId: 'doc_a' }));
		expect(items).toEqual([{ extraction_id: 'ext_1', document_id: 'doc_a', filename: 'a.pdf', status: 'completed', confidence: 0.98, extracted_data: { total: 1 } }]);
		scope.done();
	});
	test.each([
		['csv', 'text/csv', 'ext_1.csv', 'attachment; filename="ext_1.csv"'],
		['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'ext_1.xlsx', undefined],
		['json', 'application/json', 'ext_1.json', undefined],
	])('Export %s of the batch is a binary file with the right MIME type and name', async (format, mimeType, fileName, disposition) => {
		const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x41]);
		const scope = api()
			.get('/v1/extractions/ext_1/export')
			.query({ format })
			.reply(200, bytes, disposition ? { 'Content-Disposition': disposition } : {});
		const result = await runPP({ resource: 'extraction', operation: 'export', extractionId: 'ext_1', format });
		ok(result);
		scope.done();
		const binary = result.items[0].binary!.data;
		expect(binary.mimeType).toBe(mimeType);
		expect(binary.fileName).toBe(fileName);
		expect((await outputBytes(result.items[0])).equals(bytes)).toBe(true);
		expect(result.items[0].json).toMatchObject({ extraction_id: 'ext_1', format, fileName });
	});
	test('Export of one document uses its path and the server\'s file name', async () => {
		const scope = api()
			.get('/v1/extractions/ext_1/documents/doc_a/export')
			.query({ format: 'csv' })
			.reply(200, 'a,b\n1,2\n', { 'Content-Disposition': 'attachment; filename="doc_a.csv"' });
		const result = await runPP({ resource: 'extraction', operation: 'export', scope: 'document', extractionId: 'ext_1', documentId: 'doc_a', format: 'csv' });
		ok(result);
		scope.done();
		expect(result.items[0].binary!.data).toMatchObject({ fileName: 'doc_a.csv', mimeType: 'text/csv' });
	});
	test('Export takes the MIME type (and default extension) from the answer\'s Content-Type', async () => {
		// The parameter is undocumented: a service that ignores it and sends JSON is believed.
		const scope = api().get('/v1/extractions/ext_1/export').query({ format: 'csv' }).reply(200, '[]', { 'Content-Type': 'application/json; charset=utf-8' });
		const result = await runPP({ resource: 'extraction', operation: 'export', extractionId: 'ext_1', format: 'csv' });
		ok(result);
		scope.done();
		expect(result.items[0].binary!.data).toMatchObject({ mimeType: 'application/json', fileName: 'ext_1.json' });
		expect(result.items[0].json).toMatchObject({ format: 'json' });
	});
	test('Export sends the configured parameter name and value', async () => {
		const scope = api().get('/v1/extractions/ext_1/export').query({ type: 'excel' }).reply(200, Buffer.from([1, 2]));
		const options = { formatParameter: 'type', formatValue: 'excel' };
		const result = await runPP({ resource: 'extraction', operation: 'export', extractionId: 'ext_1', format: 'xlsx', options });
		ok(result);
		scope.done();
		expect(result.items[0].binary!.data).toMatchObject({ fileName: 'ext_1.xlsx', mimeType: EXCEL });
	});
	test('Export with an empty parameter name sends no query at all', async () => {
		const scope = api().get('/v1/extractions/ext_1/export').query({}).reply(200, '{}', { 'Content-Type': 'application/json' });
		const result = await runPP({ resource: 'extraction', operation: 'export', extractionId: 'ext_1', format: 'csv', options: { formatParameter: '' } });
		ok(result);
		scope.done();
	});
	test('a bad export format is refused before sending', async () => {
		const result = await runPP({ resource: 'extraction', operation: 'export', extractionId: 'ext_1', format: 'pdf' });
		expect(result.error?.message).toBe('Export format "pdf" is not supported [item 0]');
	});
	test('Wait returns the terminal status', async () => {
		const scope = api()
			.get('/v1/extractions/ext_1')
			.reply(200, { extraction: { extraction_id: 'ext_1', status: 'queued' } })
			.get('/v1/extractions/ext_1')
			.reply(200, { extraction: { extraction_id: 'ext_1', status: 'failed' } });
		expect(ok(await runPP({ resource: 'extraction', operation: 'wait', extractionId: 'ext_1' }))[0]).toMatchObject({ status: 'failed', timed_out: false });
		scope.done();
	});
	test('Wait is bounded: on timeout it returns the id and last status, or fails when asked', async () => {
		api().get('/v1/extractions/ext_1').times(100).reply(200, { extraction: { extraction_id: 'ext_1', status: 'processing' } });
		const items = ok(await runPP({ resource: 'extraction', operation: 'wait', extractionId: 'ext_1', options: { maxWaitMinutes: 0.0005 } }));
		expect(items[0]).toMatchObject({ extraction_id: 'ext_1', status: 'processing', timed_out: true });
		const failed = await runPP({ resource: 'extraction', operation: 'wait', extractionId: 'ext_1', options: { maxWaitMinutes: 0.0005, onTimeout: 'fail' } });
		expect(failed.error?.message).toBe('Extraction ext_1 did not finish within the max wait [item 0]');
	});
	test('Wait stops when the execution is cancelled', async () => {
		api().get('/v1/extractions/ext_1').times(100).reply(200, { extraction: { extraction_id: 'ext_1', status: 'processing' } });
		const controller = new AbortController();
		const running = runPP({ resource: 'extraction', operation: 'wait', extractionId: 'ext_1', options: { maxWaitMinutes: 10 } }, undefined, { abortSignal: controller.signal });
		setImmediate(() => controller.abort());
		const result = await running;
		expect(result.error?.message).toMatch(/cancelled/);
	});
});

describe('webhook', () => {
	const hook = { webhook_id: 'wh_1', url: 'https://example.com/h', events: ['extraction.job_completed'], is_active: true };
	test('Create returns the subscription with its one-time signing secret', async () => {
		const scope = api()
			.post('/v1/webhooks', { url: 'https://example.com/h', events: ['extraction.job_completed', 'extraction.document_completed'], secret: 'shared-token' })
			.reply(201, { webhook: { ...hook, signing_secret: 'wh_sec_1' } });
		const items = ok(
			await runPP({
				resource: 'webhook',
				operation: 'create',
				url: 'https://example.com/h',
				events: ['extraction.job_completed', 'extraction.document_completed'],
				options: { secret: 'shared-token' },
			}),
		);
		expect(items[0]).toMatchObject({ webhook_id: 'wh_1', signing_secret: 'wh_sec_1' });
		scope.done();
	});
	test('Create refuses a bad URL, no events and a short secret before sending', async () => {
		expect((await runPP({ resource: 'webhook', operation: 'create', url: 'example.com', events: ['extraction.job_completed'] })).error?.message).toMatch(/is not a web address/);
		expect((await runPP({ resource: 'webhook', operation: 'create', url: 'https://x.y', events: [] })).error?.message).toMatch(/at least one known event/);
		expect((await runPP({ resource: 'webhook', operation: 'create', url: 'https://x.y', events: ['extraction.job_completed'], options: { secret: 'short' } })).error?.message).toMatch(/at least 8 characters/);
	});
	test('Get, Get Many, Update, Delete and Send Test', async () => {
		const scope = api()
			.get('/v1/webhooks/wh_1')
			.reply(200, { webhook: { ...hook, recent_deliveries: [] } })
			.get('/v1/webhooks')
			.query({ limit: 100 })
			.reply(200, { webhooks: [hook], pagination: { has_next_page: false, next_cursor: null } })
			.patch('/v1/webhooks/wh_1', { is_active: false })
			.reply(200, { webhook: { ...hook, is_active: false } })
			.delete('/v1/webhooks/wh_1')
			.reply(204)
			.post('/v1/webhooks/wh_1/test')
			.reply(200, { delivery: { success: true, status_code: 200 } });
		expect(ok(await runPP({ resource: 'webhook', operation: 'get', webhookId: 'wh_1' }))[0]).toMatchObject({ webhook_id: 'wh_1', recent_deliveries: [] });
		expect(ok(await runPP({ resource: 'webhook', operation: 'getAll', returnAll: true }))).toEqual([hook]);
		expect(ok(await runPP({ resource: 'webhook', operation: 'update', webhookId: 'wh_1', updateFields: { is_active: false } }))[0].is_active).toBe(false);
		expect(ok(await runPP({ resource: 'webhook', operation: 'delete', webhookId: 'wh_1' }))).toEqual([{ deleted: true, webhook_id: 'wh_1' }]);
		expect(ok(await runPP({ resource: 'webhook', operation: 'sendTest', webhookId: 'wh_1' }))[0]).toMatchObject({ webhook_id: 'wh_1', sent: true, delivery: { success: true } });
		scope.done();
	});
	test('Send Test is not repeated after a 503: a repeat would send a second test delivery', async () => {
		const scope = api()
			.post('/v1/webhooks/wh_1/test')
			.reply(503, { error: { code: 'INTERNAL_ERROR', message: 'unavailable' } })
			.post('/v1/webhooks/wh_1/test')
			.reply(200, { delivery: { success: true } });
		const result = await runPP({ resource: 'webhook', operation: 'sendTest', webhookId: 'wh_1' });
		expect(result.error).toMatchObject({ httpCode: '503' });
		expect(scope.pendingMocks()).toHaveLength(1);
	});
	test('Continue On Fail: a failing item becomes an error item, the others run', async () => {
		const scope = api()
			.get('/v1/webhooks/wh_1')
			.reply(200, { webhook: hook })
			.get('/v1/webhooks/wh_2')
			.reply(404, { error: { code: 'RESOURCE_NOT_FOUND', message: 'Webhook wh_2 not found' } });
		const result = await runPP({ resource: 'webhook', operation: 'get', webhookId: '={{ $json.id }}' }, [{ json: { id: 'wh_1' } }, { json: { id: 'wh_2' } }], {
			continueOnFail: true,
		});
		scope.done();
		expect(result.items.map((item) => [item.pairedItem, item.json.webhook_id ?? item.json.error])).toEqual([
			[{ item: 0 }, 'wh_1'],
			[{ item: 1 }, 'Webhook wh_2 was not found [item 1]'],
		]);
		expectNoKey(result);
	});
});

test('rate limits: a 429 waits for X-RateLimit-Reset and is retried', async () => {
	const reset = Math.ceil(Date.now() / 1000); // already due: the retry goes out at once
	const scope = nock(PP_URL)
		.get('/v1/me')
		.reply(429, { error: { code: 'RATE_LIMITED', message: 'Rate limit exceeded' } }, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) })
		.get('/v1/me')
		.reply(200, { user: { user_id: 'usr_1' } });
	expect(ok(await runPP({ resource: 'account', operation: 'get' }))).toEqual([{ user_id: 'usr_1' }]);
	scope.done();
});

test('the credential test calls GET /v1/me with the key header', () => {
	const credential = ppCredentials().perfectParserApi.type as unknown as { test: { request: IDataObject }; authenticate: { properties: { headers: IDataObject } } };
	expect(credential.test.request.url).toBe('/v1/me');
	expect(credential.authenticate.properties.headers).toEqual({ 'X-API-Key': '={{$credentials.apiKey}}' });
});
