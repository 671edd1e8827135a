/** "From list" pickers of the PerfectParser nodes, through the nodes' real listSearch methods. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { PerfectParserTrigger } from '../../../nodes/PerfectParser/PerfectParserTrigger.node';
import { loadOptionsContext } from '../../../dev/harness/n8nContext';
import { PP_KEY, PP_URL, fastRetries, pollPP, ppCredentials, runPP } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const api = () => nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } });

function search(parameters: IDataObject) {
	const node = new PerfectParser();
	const context = loadOptionsContext({ nodeType: node, parameters, credentials: ppCredentials() });
	return { methods: node.methods.listSearch, context };
}

describe('PerfectParser pickers', () => {
	test('Extraction lists extractions with parser, status, files and date; the cursor pages on', async () => {
		const scope = api()
			.get('/v1/extractions')
			.query({ limit: 100, cursor: 'c1' })
			.reply(200, {
				extractions: [
					{ extraction_id: 'ext_1', parser_name: 'Invoices', status: 'completed', file_count: 2, created_at: '2026-06-20T10:00:00.000Z' },
					{ extraction_id: 'ext_2', parser_name: 'Receipts', status: 'failed', file_count: 1, created_at: '2026-06-21T10:00:00.000Z' },
				],
				pagination: { has_next_page: true, next_cursor: 'c2' },
			});
		const { methods, context } = search({ resource: 'extraction', operation: 'getStatus' });
		expect(await methods.searchExtractions.call(context, 'invoices', 'c1')).toEqual({
			results: [{ name: 'Invoices · completed · 2 file(s) · 2026-06-20T10:00:00.000Z · ext_1', value: 'ext_1' }],
			paginationToken: 'c2',
		});
		scope.done();
	});

	test("Webhook lists subscriptions by host and events, never the callback URL's path", async () => {
		const scope = api()
			.get('/v1/webhooks')
			.query({ limit: 100 })
			.reply(200, {
				webhooks: [{ webhook_id: 'wh_1', url: 'https://hooks.example.com/secret-token-path?key=abc', events: ['extraction.job_completed'], is_active: true }],
				pagination: { has_next_page: false, next_cursor: null },
			});
		const { methods, context } = search({ resource: 'webhook', operation: 'get' });
		const found = await methods.searchWebhooks.call(context);
		expect(found).toEqual({ results: [{ name: 'hooks.example.com · job_completed · wh_1', value: 'wh_1' }], paginationToken: undefined });
		expect(JSON.stringify(found)).not.toContain('secret-token-path');
		scope.done();
	});

	test('Document lists the files of the chosen extraction', async () => {
		const scope = api()
			.get('/v1/extractions/ext_1')
			.reply(200, { extraction: { extraction_id: 'ext_1', documents: [{ document_id: 'doc_1', filename: 'a.pdf', status: 'completed' }, { document_id: 'doc_2', filename: 'b.pdf', status: 'failed' }] } });
		const { methods, context } = search({ resource: 'extraction', operation: 'getDocument', extractionId: { __rl: true, mode: 'list', value: 'ext_1' } });
		expect((await methods.searchExtractionDocuments.call(context, 'b.')).results).toEqual([{ name: 'b.pdf · failed', value: 'doc_2' }]);
		scope.done();
	});

	test('the polling trigger offers the same parser list as the action node', async () => {
		const scope = api()
			.get('/v1/parsers')
			.query({ limit: 100 })
			.reply(200, { parsers: [{ parser_id: 'prs_1', name: 'Invoices' }], pagination: { has_next_page: false } });
		const trigger = new PerfectParserTrigger();
		const context = loadOptionsContext({ nodeType: trigger, parameters: { delivery: 'polling', statuses: ['completed'] }, credentials: ppCredentials() });
		expect(await trigger.methods.listSearch.searchParsers.call(context)).toEqual({ results: [{ name: 'Invoices', value: 'prs_1' }], paginationToken: undefined });
		scope.done();
		const field = trigger.description.properties.find((property) => property.name === 'parserId');
		expect(field?.type).toBe('resourceLocator');
	});

	test.each([
		['a locator', { __rl: true, mode: 'list', value: 'prs_9' }],
		['a plain string saved before the picker', 'prs_9'],
	])('the polling trigger reads its parser from %s', async (_label, parserId) => {
		const scope = api()
			.get('/v1/extractions')
			.query({ status: 'completed', limit: 20, parser_id: 'prs_9' })
			.reply(200, { extractions: [{ extraction_id: 'ext_1', status: 'completed', updated_at: '2026-06-20T10:00:00.000Z' }], pagination: {} });
		const result = await pollPP({ statuses: ['completed'], parserId }, {}, 'manual');
		expect(result.error).toBeUndefined();
		scope.done();
	});

	test.each([
		['a locator', { __rl: true, mode: 'id', value: 'ext_1' }],
		['a plain string saved before the picker', 'ext_1'],
	])('Extraction → Get Status reads %s', async (_label, extractionId) => {
		const scope = api().get('/v1/extractions/ext_1').reply(200, { extraction: { extraction_id: 'ext_1', status: 'processing' } });
		const result = await runPP({ resource: 'extraction', operation: 'getStatus', extractionId });
		expect(result.error).toBeUndefined();
		scope.done();
	});
});
