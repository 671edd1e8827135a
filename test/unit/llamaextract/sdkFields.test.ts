/**
 * The settings LlamaCloud's SDK added (version, parse_tier, parse_config_id, disable_cache,
 * spreadsheet_mode, sheet_names), Extract → Delete's force flag and the cursor-paged list of
 * webhook configurations: each is asserted on the request the node sends through execute().
 */
import nock from 'nock';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { v2ExtractionOptions } from '../../../nodes/LlamaExtract/actions/v2Options';
import { loadOptionsContext } from '../../../dev/harness/n8nContext';
import { FILE_ID, LLAMA_URL, fastTiming, llamaCredentials, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());
afterAll(() => fastTiming());

const SCHEMA = { type: 'object', properties: { total: { type: 'number' } } };
const PENDING = { id: 'ext-1', file_input: FILE_ID, project_id: 'prj-1', status: 'PENDING', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
const SAVED = { id: 'cfg-1', name: 'Invoices', product_type: 'extract_v2', version: '2026-01-01T00:00:00Z', parameters: {} };

/** Extract → Create with an inline schema and these Extraction Options; resolves to the configuration sent. */
async function extractWith(options: Record<string, unknown>): Promise<Record<string, unknown>> {
	let sent: Record<string, unknown> = {};
	const scope = nock(LLAMA_URL)
		.post('/api/v2/extract', (body: { configuration: Record<string, unknown> }) => {
			sent = body.configuration;
			return true;
		})
		.reply(200, PENDING);
	const result = await runLlama({
		resource: 'extract',
		operation: 'create',
		fileSource: 'fileId',
		fileId: FILE_ID,
		configurationSource: 'inline',
		dataSchema: JSON.stringify(SCHEMA),
		waitForCompletion: false,
		extractionOptions: options,
	});
	expect(result.error).toBeUndefined();
	scope.done();
	return sent;
}

/** Configuration → Create with these Extraction Options; resolves to the parameters sent. */
async function saveWith(options: Record<string, unknown>): Promise<Record<string, unknown>> {
	let sent: Record<string, unknown> = {};
	const scope = nock(LLAMA_URL)
		.post('/api/v1/beta/configurations', (body: { parameters: Record<string, unknown> }) => {
			sent = body.parameters;
			return true;
		})
		.reply(200, SAVED);
	const result = await runLlama({ resource: 'configuration', operation: 'create', name: 'Invoices', dataSchema: JSON.stringify(SCHEMA), extractionOptions: options });
	expect(result.error).toBeUndefined();
	scope.done();
	return sent;
}

const FIELDS: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
	['version latest', { version: 'latest' }, { version: 'latest' }],
	['version pinned to a date', { version: ' 2026-07-01 ' }, { version: '2026-07-01' }],
	['parse_tier', { parse_tier: 'agentic_plus' }, { parse_tier: 'agentic_plus' }],
	['parse_config_id', { parse_config_id: ' cfg-parse-1 ' }, { parse_config_id: 'cfg-parse-1' }],
	['disable_cache', { disable_cache: true }, { disable_cache: true }],
	['spreadsheet_mode', { tier: 'agentic_plus', spreadsheet_mode: true }, { tier: 'agentic_plus', spreadsheet_mode: true }],
	[
		'sheet_names, one per line and kept exactly',
		{ tier: 'agentic_plus', spreadsheet_mode: true, sheet_names: 'Sheet 1\r\nMy Sheet \n\n' },
		{ tier: 'agentic_plus', spreadsheet_mode: true, sheet_names: ['Sheet 1', 'My Sheet '] },
	],
];

describe('Extract → Create sends each new setting in the inline configuration', () => {
	test.each(FIELDS)('%s', async (_, options, expected) => {
		expect(await extractWith(options)).toEqual({ data_schema: SCHEMA, ...expected });
	});
});

describe('Configuration → Create sends each new setting in the extract_v2 parameters', () => {
	test.each(FIELDS)('%s', async (_, options, expected) => {
		expect(await saveWith(options)).toEqual({ product_type: 'extract_v2', data_schema: SCHEMA, ...expected });
	});
});

describe('Configuration → Update merges each new setting into the saved parameters', () => {
	test.each(FIELDS)('%s', async (_, options, expected) => {
		let sent: Record<string, unknown> = {};
		const scope = nock(LLAMA_URL)
			.get('/api/v1/beta/configurations/cfg-1')
			.reply(200, { ...SAVED, parameters: { product_type: 'extract_v2', data_schema: SCHEMA, system_prompt: 'keep' } })
			.put('/api/v1/beta/configurations/cfg-1', (body: { parameters: Record<string, unknown> }) => {
				sent = body.parameters;
				return true;
			})
			.reply(200, SAVED);
		const result = await runLlama({ resource: 'configuration', operation: 'update', configuration: { __rl: true, mode: 'id', value: 'cfg-1' }, extractionOptions: options });
		expect(result.error).toBeUndefined();
		expect(sent).toEqual({ product_type: 'extract_v2', data_schema: SCHEMA, system_prompt: 'keep', ...expected });
		scope.done();
	});
});

describe('settings LlamaCloud would refuse are refused before any request, naming the field and the item', () => {
	test.each([
		['a version that is not latest or a date', { version: 'newest' }, 'Version "newest" is neither latest nor a date [item 0]'],
		['a date that does not exist', { version: '2026-02-30' }, 'Version "2026-02-30" is neither latest nor a date [item 0]'],
		['Spreadsheet Mode without Agentic Plus', { spreadsheet_mode: true, tier: 'agentic' }, 'Spreadsheet Mode needs Mode (Tier) Agentic Plus, not agentic [item 0]'],
		['Spreadsheet Mode with the default tier', { spreadsheet_mode: true }, 'Spreadsheet Mode needs Mode (Tier) Agentic Plus, not cost_effective [item 0]'],
		['Sheet Names without Spreadsheet Mode', { tier: 'agentic_plus', sheet_names: 'Sheet1' }, 'Sheet Names are set but Spreadsheet Mode is off [item 0]'],
		['a Parse Tier with Turbo', { tier: 'turbo', parse_tier: 'agentic' }, 'Mode Turbo takes no Parse Tier or Parse Configuration ID [item 0]'],
		['a Parse Configuration ID with Turbo', { tier: 'turbo', parse_config_id: 'cfg-p' }, 'Mode Turbo takes no Parse Tier or Parse Configuration ID [item 0]'],
	])('%s', async (_, options, message) => {
		// nock refuses every request: none may be sent.
		const result = await runLlama({
			resource: 'extract',
			operation: 'create',
			fileSource: 'fileId',
			fileId: FILE_ID,
			configurationSource: 'inline',
			dataSchema: JSON.stringify(SCHEMA),
			waitForCompletion: false,
			extractionOptions: options,
		});
		expect(result.error?.message).toBe(message);
	});

	test('an update is checked against the saved settings it merges into', async () => {
		const scope = nock(LLAMA_URL).get('/api/v1/beta/configurations/cfg-1').reply(200, { ...SAVED, parameters: { product_type: 'extract_v2', data_schema: SCHEMA, tier: 'agentic' } });
		const result = await runLlama({ resource: 'configuration', operation: 'update', configuration: { __rl: true, mode: 'id', value: 'cfg-1' }, extractionOptions: { spreadsheet_mode: true } });
		expect(result.error?.message).toBe('Spreadsheet Mode needs Mode (Tier) Agentic Plus, not agentic [item 0]');
		scope.done();
	});
});

describe('Extraction Target is deprecated', () => {
	const target = () => v2ExtractionOptions.find((option) => option.name === 'extraction_target');

	test('its name and help say so and say what replaces it', () => {
		expect(target()?.displayName).toBe('Extraction Target (Deprecated)');
		expect(target()?.description).toMatch(/^Deprecated by LlamaCloud: .*version 2\.0 or earlier.*array of objects in the Data Schema/);
	});

	test('a new node does not send it; a saved node that chose it still does', async () => {
		expect(await extractWith({})).toEqual({ data_schema: SCHEMA });
		expect(await extractWith({ extraction_target: 'per_doc' })).toEqual({ data_schema: SCHEMA, extraction_target: 'per_doc' });
		expect(await extractWith({ extraction_target: 'per_table_row' })).toEqual({ data_schema: SCHEMA, extraction_target: 'per_table_row' });
	});
});

describe('Extract → Delete', () => {
	test('Force sends force=true in the query', async () => {
		const scope = nock(LLAMA_URL).delete('/api/v2/extract/ext-1').query({ force: 'true' }).reply(200, {});
		const result = await runLlama({ resource: 'extract', operation: 'delete', jobId: 'ext-1', force: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ job_id: 'ext-1', deleted: true });
		scope.done();
	});

	test('without Force no query is sent, and a running job refused by LlamaCloud is the error', async () => {
		const scope = nock(LLAMA_URL)
			.delete('/api/v2/extract/ext-1')
			.query((query) => Object.keys(query).length === 0)
			.reply(400, { detail: 'Job ext-1 is RUNNING; cancel it first or pass force=true' });
		const result = await runLlama({ resource: 'extract', operation: 'delete', jobId: 'ext-1' });
		expect(result.error?.message).toContain('Job ext-1 is RUNNING; cancel it first or pass force=true');
		scope.done();
	});
});

describe('Notify Webhook Configurations picker', () => {
	const config = (id: string, host: string) => ({ id, webhook_url: `https://${host}/webhook/x`, webhook_events: ['extract.success'], has_secret: true, tenant_id: 'p', tenant_type: 'project' });
	const pick = async () => {
		const node = new LlamaExtract();
		const ctx = loadOptionsContext({ nodeType: node, parameters: { resource: 'extract', operation: 'create' }, credentials: llamaCredentials() });
		return await node.methods.loadOptions.getWebhookConfigurations.call(ctx);
	};

	test('reads every cursor page of GET /api/v2/webhook-configs', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v2/webhook-configs')
			.query({ page_size: 100 })
			.reply(200, { items: [config('whc-2', 'b.example.com')], next_page_token: 'p2' })
			.get('/api/v2/webhook-configs')
			.query({ page_size: 100, page_token: 'p2' })
			.reply(200, { items: [config('whc-1', 'a.example.com')], next_page_token: null });
		expect(await pick()).toEqual([
			{ name: 'b.example.com (extract.success)', value: 'whc-2', description: 'whc-2' },
			{ name: 'a.example.com (extract.success)', value: 'whc-1', description: 'whc-1' },
		]);
		scope.done();
	});

	test('a cursor handed back twice stops the walk with an error naming the endpoint', async () => {
		nock(LLAMA_URL)
			.get('/api/v2/webhook-configs')
			.query(true)
			.times(3)
			.reply(200, { items: [config('whc-1', 'a.example.com')], next_page_token: 'same' });
		await expect(pick()).rejects.toThrow('LlamaCloud returned the same page cursor twice for GET /api/v2/webhook-configs; stopped to avoid an endless loop');
	});
});
