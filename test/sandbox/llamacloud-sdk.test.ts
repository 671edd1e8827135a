/**
 * The sandbox against LlamaCloud's official TypeScript SDK (`@llamaindex/llama-cloud`, pinned in
 * devDependencies): the vendor's own client drives every call our node makes, and every answer is
 * checked for the fields the SDK declares required. The required-field lists are read from the
 * SDK's own type declarations at run time, so a new SDK version that adds one fails here.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

import LlamaCloud, { toFile } from '@llamaindex/llama-cloud';
import { PaginatedCursor } from '@llamaindex/llama-cloud/core/pagination';
import type { ExtractConfiguration } from '@llamaindex/llama-cloud/resources/extract';
import type { WebhookConfigResponse } from '@llamaindex/llama-cloud/resources/webhook-configs';

import type { Sandbox } from '../../dev/sandbox';
import { DEMO_IDS } from '../../dev/sandbox';
import { poll, sample, start } from './helpers';

const SDK_DIR = dirname(require.resolve('@llamaindex/llama-cloud'));

/** The non-optional members of `export interface <name>` in one of the SDK's .d.ts files. */
function requiredFields(file: string, name: string): string[] {
	const text = readFileSync(join(SDK_DIR, file), 'utf8');
	const start = text.indexOf(`export interface ${name} {`);
	if (start < 0) throw new Error(`${name} not found in ${file}`);
	const body = text.slice(start, text.indexOf('\n}', start));
	const fields = [...body.matchAll(/^ {4}([a-z_]+):/gm)].map((m) => m[1]);
	if (fields.length === 0) throw new Error(`${name} in ${file} declares no required field`);
	return fields;
}

function expectDeclared(value: unknown, file: string, name: string): void {
	const missing = requiredFields(file, name).filter((field) => (value as Record<string, unknown>)[field] === undefined);
	expect({ [name]: missing }).toEqual({ [name]: [] });
}

let sb: Sandbox;
let client: LlamaCloud;

beforeAll(async () => {
	sb = await start();
	client = new LlamaCloud({ apiKey: sb.tokens.llama, baseURL: sb.llamaUrl, maxRetries: 0 });
});
afterAll(() => sb.close());

test('the SDK declarations are where this test reads them', () => {
	expect(requiredFields('resources/configurations.d.ts', 'ConfigurationResponse')).toEqual(expect.arrayContaining(['product_type', 'version']));
	expect(requiredFields('resources/webhook-configs.d.ts', 'WebhookConfigResponse')).toEqual(expect.arrayContaining(['has_secret', 'tenant_id', 'tenant_type']));
});

test('projects: v1 list and get, v2 list and get', async () => {
	const list = await client.projects.list();
	expect(list.length).toBeGreaterThan(0);
	for (const project of list) expectDeclared(project, 'resources/projects.d.ts', 'Project');
	expectDeclared(await client.projects.get(DEMO_IDS.llamaProjectId), 'resources/projects.d.ts', 'Project');
	const v2 = [];
	for await (const project of client.v2Projects.list()) v2.push(project);
	expect(v2.map((p) => p.id)).toEqual([DEMO_IDS.llamaProjectId]);
	for (const project of v2) expectDeclared(project, 'resources/v2-projects.d.ts', 'V2ProjectListResponse');
	expectDeclared(await client.v2Projects.get(DEMO_IDS.llamaProjectId), 'resources/v2-projects.d.ts', 'V2ProjectGetResponse');
	await expect(client.projects.get('prj-missing')).rejects.toMatchObject({ status: 404 });
});

test('upload → create → wait → result, with usage, list by job_ids, cancel and delete', async () => {
	const file = await client.files.create({ file: await toFile(sample('invoice-001.pdf'), 'invoice-001.pdf'), purpose: 'extract' });
	expectDeclared(file, 'resources/files.d.ts', 'FileCreateResponse');
	const job = await client.extract.create({
		file_input: file.id,
		configuration: { data_schema: { type: 'object', properties: { vendor: { type: 'string' }, total: { type: 'number' } } }, tier: 'agentic' },
	});
	expectDeclared(job, 'resources/extract.d.ts', 'ExtractV2Job');
	const done = await client.extract.waitForCompletion(job.id, { expand: ['usage'] }, { pollingInterval: 0.02, maxInterval: 0.05, timeout: 20 });
	expect(done.status).toBe('COMPLETED');
	expect(done.extract_result).toMatchObject({ total: expect.any(Number) });
	expect(done.usage).toMatchObject({ credits: expect.any(Number) });
	expect((await client.extract.get(job.id)).usage).toBeUndefined();
	const second = await client.extract.create({ file_input: file.id, configuration_id: DEMO_IDS.llamaConfigurationId });
	const page = await client.extract.list({ job_ids: [job.id, second.id], page_size: 10 });
	expect(page.items.map((j) => j.id).sort()).toEqual([job.id, second.id].sort());
	for (const item of page.items) expectDeclared(item, 'resources/extract.d.ts', 'ExtractV2Job');
	const running = await client.extract.create({ file_input: file.id, configuration_id: DEMO_IDS.llamaConfigurationId });
	expect((await client.extract.cancel(running.id)).status).toBe('CANCELLED');
	await client.extract.delete(running.id);
	await expect(client.extract.get(running.id)).rejects.toMatchObject({ status: 404 });
});

test('configurations: CRUD, product_type and latest_only filters, version on every answer', async () => {
	const created = await client.configurations.create({ name: 'sdk invoices', parameters: { product_type: 'extract_v2', data_schema: { type: 'object', properties: { total: { type: 'number' } } } } });
	expectDeclared(created, 'resources/configurations.d.ts', 'ConfigurationResponse');
	expect(created.product_type).toBe('extract_v2');
	// create is an upsert on name + product type
	const again = await client.configurations.create({ name: 'sdk invoices', parameters: { product_type: 'extract_v2', data_schema: { type: 'object', properties: { vendor: { type: 'string' } } } } });
	expect(again.id).toBe(created.id);
	await client.configurations.create({ name: 'sdk classify', parameters: { product_type: 'classify_v2', rules: [{ type: 'invoice', description: 'An invoice' }] } });
	const extractOnly = [];
	for await (const c of client.configurations.list({ product_type: ['extract_v2'], latest_only: true })) extractOnly.push(c);
	expect(extractOnly.every((c) => c.product_type === 'extract_v2')).toBe(true);
	expect(extractOnly.map((c) => c.name)).toEqual(expect.arrayContaining(['sdk invoices']));
	const all = [];
	for await (const c of client.configurations.list()) all.push(c);
	expect(all.map((c) => c.product_type)).toContain('classify_v2');
	const got = await client.configurations.retrieve(created.id);
	expectDeclared(got, 'resources/configurations.d.ts', 'ConfigurationResponse');
	const updated = await client.configurations.update(created.id, { name: 'sdk invoices 2' });
	expect(updated.name).toBe('sdk invoices 2');
	expect(updated.version).not.toBe(got.version);
	await client.configurations.delete(created.id);
	await expect(client.configurations.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
});

test('webhook configurations: CRUD, write-only secret, LC-Signature on deliveries', async () => {
	const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		const secret = 'whsec-sdk-contract';
		const created = await client.webhookConfigs.create({ webhook_url: url, webhook_events: ['extract.success', 'extract.error'], webhook_signing_secret: secret });
		expectDeclared(created, 'resources/webhook-configs.d.ts', 'WebhookConfigResponse');
		expect(created).toMatchObject({ has_secret: true, tenant_type: 'project', tenant_id: DEMO_IDS.llamaProjectId });
		expect(JSON.stringify(created)).not.toContain(secret);
		const list = await client.webhookConfigs.list();
		expect(list.map((w) => w.id)).toContain(created.id);
		for (const w of list) expectDeclared(w, 'resources/webhook-configs.d.ts', 'WebhookConfigResponse');
		expect((await client.webhookConfigs.update(created.id, { webhook_events: ['extract.success'] })).webhook_events).toEqual(['extract.success']);
		await expect(client.webhookConfigs.create({ webhook_url: url, webhook_events: [] })).rejects.toMatchObject({ status: 422 });

		const file = await client.files.create({ file: await toFile(sample('invoice-002.pdf'), 'invoice-002.pdf'), purpose: 'extract' });
		const job = await client.extract.create({ file_input: file.id, configuration_id: DEMO_IDS.llamaConfigurationId, webhook_configuration_ids: [created.id] });
		await poll(async () => received.length, (n) => n > 0);
		expect(received).toHaveLength(1);
		const delivery = received[0];
		expect(JSON.parse(delivery.body)).toMatchObject({ event_type: 'extract.success', data: { job_id: job.id } });
		expect(delivery.headers['lc-signature']).toBe(`sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`);

		expectDeclared(await client.webhookConfigs.retrieve(created.id), 'resources/webhook-configs.d.ts', 'WebhookConfigResponse');
		await client.webhookConfigs.delete(created.id);
		await expect(client.webhookConfigs.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
	} finally {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
});

test('webhook configurations: the cursor-paged v2 list, include_total only when asked', async () => {
	const made = [];
	for (const n of [1, 2, 3]) made.push(await client.webhookConfigs.create({ webhook_url: `https://hooks.example.com/${n}` }));
	// SDK 2.16.0 has no typed method for /api/v2/webhook-configs (upstream names it listPaginated):
	// its own client and cursor page class walk the list, as the typed method would.
	const list = (query: Record<string, unknown>) => client.getAPIList<WebhookConfigResponse, PaginatedCursor<WebhookConfigResponse>>('/api/v2/webhook-configs', PaginatedCursor<WebhookConfigResponse>, { query });
	const first = await list({ page_size: 2, include_total: true });
	expect(first.items).toHaveLength(2);
	expect(first.next_page_token).toBeTruthy();
	expect((first as unknown as { body: { total_size?: number } }).body.total_size).toBeGreaterThanOrEqual(3);
	for (const w of first.items) expectDeclared(w, 'resources/webhook-configs.d.ts', 'WebhookConfigResponse');
	const all: WebhookConfigResponse[] = [];
	for await (const w of list({ page_size: 1 })) all.push(w);
	// newest first, each once
	expect(all.map((w) => w.id).slice(0, 3)).toEqual(made.map((w) => w.id).reverse());
	expect(new Set(all.map((w) => w.id)).size).toBe(all.length);
	expect((await list({ page_size: 100 }) as unknown as { body: Record<string, unknown> }).body).not.toHaveProperty('total_size');
	await expect(list({ include_total: 'maybe' })).rejects.toMatchObject({ status: 422 });
	for (const w of made) await client.webhookConfigs.delete(w.id);
});

test('extract settings the SDK declares (version, parse_tier, parse_config_id, disable_cache, spreadsheet_mode, sheet_names) pass; values it does not list are refused', async () => {
	const schema = { type: 'object', properties: { total: { type: 'number' } } };
	const parse = await client.configurations.create({ name: 'sdk parse', parameters: { product_type: 'parse_v2', tier: 'agentic', version: 'latest' } });
	const file = await client.files.create({ file: await toFile(sample('invoice-002.pdf'), 'invoice-002.pdf'), purpose: 'extract' });
	const settings: ExtractConfiguration = { data_schema: schema, tier: 'agentic', version: '2026-07-01', parse_tier: 'agentic_plus', parse_config_id: parse.id, disable_cache: true };
	const job = await client.extract.create({ file_input: file.id, configuration: settings });
	expect(job.configuration).toMatchObject(settings);
	const done = await client.extract.waitForCompletion(job.id, undefined, { pollingInterval: 0.02, maxInterval: 0.05, timeout: 20 });
	expect(done.status).toBe('COMPLETED');
	expect(done.extract_metadata?.parse_tier).toBe('agentic_plus');
	const sheets: ExtractConfiguration = { data_schema: schema, tier: 'agentic_plus', spreadsheet_mode: true, sheet_names: ['Sheet 1', 'My Sheet'], version: 'latest' };
	expect((await client.extract.create({ file_input: file.id, configuration: sheets })).configuration).toMatchObject(sheets);

	const saved = await client.configurations.create({ name: 'sdk settings', parameters: { product_type: 'extract_v2', ...settings } });
	expect(saved.parameters).toMatchObject(settings);
	const updated = await client.configurations.update(saved.id, { parameters: { product_type: 'extract_v2', ...sheets } });
	expect(updated.parameters).toMatchObject(sheets);
	expect((await client.extract.create({ file_input: file.id, configuration_id: saved.id })).configuration).toMatchObject(sheets);

	const refused: Array<[Record<string, unknown>, number]> = [
		[{ version: 'yesterday' }, 422],
		[{ version: '2026-02-30' }, 422],
		[{ parse_tier: 'premium' }, 422],
		[{ tier: 'premium' }, 422],
		[{ extraction_target: 'per_sheet' }, 422],
		[{ disable_cache: 'yes' }, 422],
		[{ tier: 'agentic_plus', spreadsheet_mode: 'true' }, 422],
		[{ tier: 'agentic_plus', spreadsheet_mode: true, sheet_names: 'Sheet 1' }, 422],
		[{ tier: 'agentic', spreadsheet_mode: true }, 422],
		[{ spreadsheet_mode: true }, 422],
		[{ tier: 'turbo', parse_tier: 'fast' }, 422],
		[{ tier: 'turbo', parse_config_id: parse.id }, 422],
		[{ parse_config_id: 'cfg-missing' }, 404],
		[{ parse_config_id: saved.id }, 404],
	];
	for (const [extra, status] of refused) {
		const configuration = { data_schema: schema, ...extra } as unknown as ExtractConfiguration;
		await expect(client.extract.create({ file_input: file.id, configuration })).rejects.toMatchObject({ status });
		await expect(client.configurations.create({ name: 'refused', parameters: { product_type: 'extract_v2', ...configuration } })).rejects.toMatchObject({ status });
	}
});

test('extract delete: a running job is refused, and deleted with force=true (SDK 2.16.0 has no force parameter: sent with its own client)', async () => {
	const file = await client.files.create({ file: await toFile(sample('invoice-001.pdf'), 'invoice-001.pdf'), purpose: 'extract' });
	const job = await client.extract.create({ file_input: file.id, configuration_id: DEMO_IDS.llamaConfigurationId });
	await expect(client.extract.delete(job.id)).rejects.toMatchObject({ status: 400 });
	await client.delete(`/api/v2/extract/${job.id}`, { query: { force: true } });
	await expect(client.extract.get(job.id)).rejects.toMatchObject({ status: 404 });
});

test('files: list, retrieve, content, delete', async () => {
	const file = await client.files.create({ file: await toFile(sample('invoice-004.pdf'), 'invoice-004.pdf'), purpose: 'extract', external_file_id: 'ext-42' });
	const listed = [];
	for await (const f of client.files.list({ external_file_id: 'ext-42' })) listed.push(f);
	expect(listed.map((f) => f.id)).toEqual([file.id]);
	for (const f of listed) expectDeclared(f, 'resources/files.d.ts', 'FileListResponse');
	expectDeclared(await client.files.retrieve(file.id), 'resources/files.d.ts', 'FileRetrieveResponse');
	const content = await client.files.content(file.id);
	expectDeclared(content, 'resources/files.d.ts', 'PresignedURL');
	expect(Buffer.from(await (await fetch(content.url)).arrayBuffer()).equals(sample('invoice-004.pdf'))).toBe(true);
	await client.files.delete(file.id);
	await expect(client.files.retrieve(file.id)).rejects.toMatchObject({ status: 404 });
});

test('schema: v2 validation and generate', async () => {
	const schema = { type: 'object', properties: { total: { type: 'number' } } };
	const valid = await client.extract.validateSchema({ data_schema: schema });
	expectDeclared(valid, 'resources/extract.d.ts', 'ExtractV2SchemaValidateResponse');
	await expect(client.extract.validateSchema({ data_schema: { type: 'array' } })).rejects.toMatchObject({ status: 400 });
	const generated = await client.extract.generateSchema({ prompt: 'invoice number and total' });
	expectDeclared(generated, 'resources/configurations.d.ts', 'ConfigurationCreate');
	expect(generated.parameters).toMatchObject({ product_type: 'extract_v2', data_schema: { type: 'object' } });
});
