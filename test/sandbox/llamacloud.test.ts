import type { Sandbox } from '../../dev/sandbox';
import { DEMO_IDS, makeInvoicePdf } from '../../dev/sandbox';
import { call, EXPECTED, form, poll, sample, start } from './helpers';

let sb: Sandbox;
const A = () => ({ Authorization: `Bearer ${sb.tokens.llama}` });
const ll = (method: string, path: string, json?: unknown) => call(method, `${sb.llamaUrl}${path}`, { headers: A(), json });
const uploadBeta = (name: string, bytes: Buffer, purpose = 'extract') =>
	call('POST', `${sb.llamaUrl}/api/v1/beta/files`, { headers: A(), body: form({ purpose }, [{ field: 'file', name, bytes }]) });

beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.close());

test('401 with {detail}; projects for the credential test', async () => {
	const r = await call('GET', `${sb.llamaUrl}/api/v1/projects`, { headers: { Authorization: 'Bearer llx-wrong' } });
	expect(r.status).toBe(401);
	expect(r.body).toEqual({ detail: expect.any(String) });
	const p = await ll('GET', '/api/v1/projects');
	expect(p.body[0]).toMatchObject({ id: DEMO_IDS.llamaProjectId, name: expect.any(String), organization_id: expect.any(String), is_default: true });
});

test('files: beta multipart (201 FileV2), 422 detail[] for missing purpose, legacy upload_file, list cursor, content, delete', async () => {
	const f = await uploadBeta('invoice-001.pdf', sample('invoice-001.pdf'));
	expect(f.status).toBe(201);
	expect(f.body).toMatchObject({ id: expect.stringMatching(/^dfl-/), name: 'invoice-001.pdf', project_id: DEMO_IDS.llamaProjectId, file_type: 'pdf', purpose: 'extract' });
	const bad = await call('POST', `${sb.llamaUrl}/api/v1/beta/files`, { headers: A(), body: form({}, [{ field: 'file', name: 'a.pdf', bytes: sample('invoice-001.pdf') }]) });
	expect(bad.status).toBe(422);
	expect(bad.body.detail[0]).toMatchObject({ loc: ['body', 'purpose'], msg: 'Field required', type: 'missing' });
	const legacy = await call('POST', `${sb.llamaUrl}/api/v1/files`, { headers: A(), body: form({}, [{ field: 'upload_file', name: 'l.pdf', bytes: sample('invoice-002.pdf') }]) });
	expect(legacy.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'l.pdf', file_size: EXPECTED['invoice-002.pdf'].size });
	for (let i = 0; i < 8; i++) await uploadBeta(`f${i}.txt`, Buffer.from(`Invoice Number: F-${i}\n`));
	const ids = new Set<string>();
	let token: string | null = null;
	let pages = 0;
	do {
		const r = await ll('GET', `/api/v1/beta/files?page_size=3${token ? `&page_token=${token}` : ''}`);
		r.body.items.forEach((x: { id: string }) => ids.add(x.id));
		token = r.body.next_page_token;
		pages++;
	} while (token);
	expect(ids.size).toBe(10);
	expect(pages).toBe(4);
	const content = await ll('GET', `/api/v1/beta/files/${f.body.id}/content`);
	expect((await call('GET', content.body.url)).raw.equals(sample('invoice-001.pdf'))).toBe(true);
	expect((await ll('DELETE', `/api/v1/beta/files/${legacy.body.id}`)).status).toBe(204);
	expect((await ll('GET', `/api/v1/beta/files/${legacy.body.id}`)).status).toBe(404);
});

test('v1 agents: create/list/get/update/delete, by-name, default, schema validation/generate', async () => {
	const schema = { type: 'object', properties: { vendor: { type: 'string' }, total: { type: 'number' } } };
	const a = await ll('POST', '/api/v1/extraction/extraction-agents', { name: 'inv', data_schema: JSON.stringify(schema), config: { extraction_mode: 'FAST' } });
	expect(a.status).toBe(200);
	expect(a.body).toMatchObject({ id: expect.any(String), name: 'inv', data_schema: schema, config: { extraction_mode: 'FAST', extraction_target: 'PER_DOC' }, custom_configuration: null });
	const missing = await ll('POST', '/api/v1/extraction/extraction-agents', { name: 'x' });
	expect(missing.status).toBe(422);
	expect(missing.body.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual(['data_schema', 'config']);
	expect((await ll('GET', '/api/v1/extraction/extraction-agents')).body.map((x: { name: string }) => x.name)).toContain('inv');
	expect((await ll('GET', `/api/v1/extraction/extraction-agents/by-name/inv`)).body.id).toBe(a.body.id);
	expect((await ll('GET', '/api/v1/extraction/extraction-agents/default')).body.custom_configuration).toBe('default');
	const u = await ll('PUT', `/api/v1/extraction/extraction-agents/${a.body.id}`, { data_schema: schema, config: { extraction_target: 'PER_PAGE' } });
	expect(u.body.config.extraction_target).toBe('PER_PAGE');
	expect((await ll('POST', '/api/v1/extraction/extraction-agents/schema/validation', { data_schema: { type: 'array' } })).status).toBe(400);
	expect((await ll('POST', '/api/v1/extraction/extraction-agents/schema/validation', { data_schema: schema })).body).toEqual({ data_schema: schema });
	const gen = await ll('POST', '/api/v1/extraction/extraction-agents/schema/generate', { prompt: 'vendor, total' });
	expect(Object.keys(gen.body.data_schema.properties)).toEqual(['vendor', 'total']);
	expect((await ll('DELETE', `/api/v1/extraction/extraction-agents/${a.body.id}`)).status).toBe(200);
	expect((await ll('GET', `/api/v1/extraction/extraction-agents/${a.body.id}`)).status).toBe(404);
});

test('v1 jobs → SUCCESS with expected values, result, run by job; ERROR for a failing document; runs skip/limit over >3 pages', async () => {
	const agent = DEMO_IDS.llamaAgentId;
	const jobs: { id: string; name: string }[] = [];
	for (const n of Object.keys(EXPECTED)) {
		const f = await uploadBeta(n, sample(n));
		const j = await ll('POST', '/api/v1/extraction/jobs', { extraction_agent_id: agent, file_id: f.body.id });
		expect(j.body).toMatchObject({ id: expect.any(String), status: 'PENDING', file_id: f.body.id, extraction_agent: { id: agent } });
		jobs.push({ id: j.body.id, name: n });
	}
	for (const j of jobs) {
		const done = await poll(() => ll('GET', `/api/v1/extraction/jobs/${j.id}`), (r) => r.body.status !== 'PENDING');
		expect(done.body.status).toBe('SUCCESS');
		const res = await ll('GET', `/api/v1/extraction/jobs/${j.id}/result`);
		expect(res.body).toMatchObject({ run_id: expect.any(String), extraction_agent_id: agent, data: EXPECTED[j.name].fields });
		expect(res.body.extraction_metadata.document).toMatchObject({ sha256: EXPECTED[j.name].sha256, page_count: EXPECTED[j.name].page_count });
		const run = await ll('GET', `/api/v1/extraction/runs/by-job/${j.id}`);
		expect(run.body).toMatchObject({ id: res.body.run_id, status: 'SUCCESS', job_id: j.id, from_ui: false, created_at: expect.any(String), updated_at: expect.any(String) });
	}
	const viaFile = await call('POST', `${sb.llamaUrl}/api/v1/extraction/jobs/file`, {
		headers: A(),
		body: form({ extraction_agent_id: agent }, [{ field: 'file', name: 'bad.pdf', bytes: makeInvoicePdf({ invoiceNumber: 'E', date: 'x', total: 1, vendor: 'v', extraLines: ['Sandbox-Fail: cannot parse'] }) }]),
	});
	const failed = await poll(() => ll('GET', `/api/v1/extraction/jobs/${viaFile.body.id}`), (r) => r.body.status !== 'PENDING');
	expect(failed.body).toMatchObject({ status: 'ERROR', error: 'cannot parse' });
	const list = await ll('GET', `/api/v1/extraction/runs?extraction_agent_id=${agent}&limit=2&skip=0`);
	expect(list.body).toMatchObject({ total: 6, skip: 0, limit: 2 });
	const seen = new Set<string>();
	for (let skip = 0; skip < list.body.total; skip += 2) (await ll('GET', `/api/v1/extraction/runs?extraction_agent_id=${agent}&limit=2&skip=${skip}`)).body.items.forEach((x: { id: string }) => seen.add(x.id));
	expect(seen.size).toBe(6);
	expect((await ll('GET', `/api/v1/extraction/runs?extraction_agent_id=${agent}&status=ERROR`)).body.total).toBe(1);
	expect((await ll('GET', '/api/v1/extraction/runs')).status).toBe(422);
	const batch = await ll('POST', '/api/v1/extraction/jobs/batch', { extraction_agent_id: agent, file_ids: [(await uploadBeta('b.txt', Buffer.from('Vendor: B\n'))).body.id] });
	expect(batch.body).toHaveLength(1);
	expect((await ll('GET', `/api/v1/extraction/jobs?extraction_agent_id=${agent}`)).body.length).toBe(7);
	const stateless = await ll('POST', '/api/v1/extraction/run', { data_schema: { type: 'object', properties: { vendor: { type: 'string' } } }, config: {}, text: 'Vendor: Text Co' });
	const sres = await poll(() => ll('GET', `/api/v1/extraction/jobs/${stateless.body.id}`), (r) => r.body.status !== 'PENDING');
	expect(sres.body.status).toBe('SUCCESS');
	expect((await ll('GET', `/api/v1/extraction/jobs/${stateless.body.id}/result`)).body.data).toEqual({ vendor: 'Text Co' });
});

test('v2 extract: create with configuration_id and inline configuration, COMPLETED inline result, FAILED, cancel, list cursor over >3 pages, delete', async () => {
	const ids: string[] = [];
	for (let i = 0; i < 7; i++) {
		const f = await uploadBeta(`v2-${i}.pdf`, makeInvoicePdf({ invoiceNumber: `V2-${i}`, date: '2026-02-02', total: 100 + i, vendor: 'Vee' }));
		const body = i % 2 ? { file_input: f.body.id, configuration_id: DEMO_IDS.llamaConfigurationId } : { file_input: f.body.id, configuration: { data_schema: { type: 'object', properties: { invoice_number: { type: 'string' }, total: { type: 'number' } } } } };
		const j = await ll('POST', '/api/v2/extract', body);
		expect(j.body).toMatchObject({ id: expect.stringMatching(/^ext-/), status: 'PENDING', file_input: f.body.id, created_at: expect.any(String), updated_at: expect.any(String) });
		ids.push(j.body.id);
	}
	const one = await poll(() => ll('GET', `/api/v2/extract/${ids[0]}`), (r) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(r.body.status));
	expect(one.body.extract_result).toEqual({ invoice_number: 'V2-0', total: 100 });
	expect(one.body.metadata.usage.num_pages_extracted).toBe(1);
	expect((await ll('POST', `/api/v2/extract/${ids[0]}/cancel`)).status).toBe(400);
	expect((await ll('POST', '/api/v2/extract', { file_input: 'dfl-x' })).status).toBe(422);
	const f = await uploadBeta('c.pdf', sample('invoice-001.pdf'));
	const c = await ll('POST', '/api/v2/extract', { file_input: f.body.id, configuration_id: DEMO_IDS.llamaConfigurationId });
	const cancelled = await ll('POST', `/api/v2/extract/${c.body.id}/cancel`);
	expect(cancelled.body.status).toBe('CANCELLED');
	const badf = await uploadBeta('bad.txt', Buffer.from('Sandbox-Fail: nope\n'));
	const bj = await ll('POST', '/api/v2/extract', { file_input: badf.body.id, configuration_id: DEMO_IDS.llamaConfigurationId });
	const bjd = await poll(() => ll('GET', `/api/v2/extract/${bj.body.id}`), (r) => ['COMPLETED', 'FAILED'].includes(r.body.status));
	expect(bjd.body).toMatchObject({ status: 'FAILED', error_message: 'nope' });
	const all: string[] = [];
	let token: string | null = null;
	let pages = 0;
	do {
		const r = await ll('GET', `/api/v2/extract?page_size=2${token ? `&page_token=${token}` : ''}`);
		all.push(...r.body.items.map((x: { id: string }) => x.id));
		token = r.body.next_page_token;
		pages++;
	} while (token);
	expect(all).toHaveLength(9);
	expect(pages).toBe(5);
	expect(all[all.length - 1]).toBe(ids[0]); // newest first
	expect((await ll('GET', '/api/v2/extract?status=CANCELLED')).body.items.map((x: { id: string }) => x.id)).toEqual([c.body.id]);
	expect((await ll('GET', `/api/v2/extract?created_at_on_or_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.items).toEqual([]);
	expect((await ll('GET', '/api/v2/extract?status=NOPE')).status).toBe(422);
	expect((await ll('DELETE', `/api/v2/extract/${c.body.id}`)).status).toBe(200);
	expect((await ll('POST', '/api/v2/extract/schema/validation', { data_schema: { type: 'object', properties: {} } })).status).toBe(200);
	const gen = await ll('POST', '/api/v2/extract/schema/generate', { file_id: f.body.id });
	expect(gen.body.parameters).toMatchObject({ product_type: 'extract_v2', data_schema: { type: 'object' } });
});

test('saved configurations CRUD and cursor list', async () => {
	const c = await ll('POST', '/api/v1/beta/configurations', { name: 'mine', parameters: { product_type: 'extract_v2', data_schema: { type: 'object', properties: {} } } });
	expect(c.body).toMatchObject({ id: expect.stringMatching(/^cfg-/), name: 'mine', parameters: { product_type: 'extract_v2' } });
	expect((await ll('GET', `/api/v1/beta/configurations/${c.body.id}`)).body.name).toBe('mine');
	expect((await ll('PUT', `/api/v1/beta/configurations/${c.body.id}`, { name: 'renamed' })).body.name).toBe('renamed');
	expect((await ll('GET', '/api/v1/beta/configurations')).body.items.length).toBe(2);
	expect((await ll('DELETE', `/api/v1/beta/configurations/${c.body.id}`)).status).toBe(204);
});

test('webhooks: a v2 job ended as partial_success or cancelled sends that event; a delivery can be sent again byte for byte', async () => {
	const sink = (name: string) => call('GET', `${sb.url}/_sandbox/sink/${name}`);
	const secret = 'whsec-sandbox-test';
	const hooks = [{ webhook_url: `${sb.url}/_sandbox/sink/ends`, webhook_events: ['extract.partial_success', 'extract.cancelled'], webhook_signing_secret: secret }];
	const f = await uploadBeta('x.pdf', sample('invoice-001.pdf'));
	const partial = await ll('POST', '/api/v2/extract', { file_input: f.body.id, configuration_id: DEMO_IDS.llamaConfigurationId, webhook_configurations: hooks });
	const cancelled = await ll('POST', '/api/v2/extract', { file_input: f.body.id, configuration_id: DEMO_IDS.llamaConfigurationId, webhook_configurations: hooks });
	const ended = await call('POST', `${sb.url}/_sandbox/llamacloud/extract/${partial.body.id}/end`, { json: { outcome: 'partial_success' } });
	expect(ended.body).toEqual({ job_id: partial.body.id, status: 'COMPLETED', event: 'extract.partial_success' });
	expect((await ll('POST', `/api/v2/extract/${cancelled.body.id}/cancel`)).body.status).toBe('CANCELLED');
	const got = await poll(() => sink('ends'), (r) => r.body.count >= 2);
	const byJob = Object.fromEntries(got.body.requests.map((r: { json: { event_type: string; data: { job_id: string } } }) => [r.json.data.job_id, r.json.event_type]));
	expect(byJob).toEqual({ [partial.body.id]: 'extract.partial_success', [cancelled.body.id]: 'extract.cancelled' });
	// The job itself stays consistent with the event.
	expect((await ll('GET', `/api/v2/extract/${partial.body.id}`)).body.status).toBe('COMPLETED');

	const first = got.body.requests.find((r: { json: { data: { job_id: string } } }) => r.json.data.job_id === partial.body.id);
	const again = await call('POST', `${sb.url}/_sandbox/llamacloud/webhooks/redeliver`, { json: { event_id: first.json.event_id } });
	expect(again.body).toMatchObject({ event_id: first.json.event_id, event_type: 'extract.partial_success' });
	const after = await poll(() => sink('ends'), (r) => r.body.count >= 3);
	const copy = after.body.requests[2];
	expect(copy.body).toBe(first.body);
	expect(copy.headers['lc-signature']).toBe(first.headers['lc-signature']);
	expect((await call('POST', `${sb.url}/_sandbox/llamacloud/webhooks/redeliver`, { json: { event_id: 'nope' } })).status).toBe(404);
	expect((await call('POST', `${sb.url}/_sandbox/llamacloud/extract/${partial.body.id}/end`, { json: { outcome: 'maybe' } })).status).toBe(400);
});
