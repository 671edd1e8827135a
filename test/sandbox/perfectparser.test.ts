import type { Sandbox } from '../../dev/sandbox';
import { DEMO_IDS, makeInvoicePdf } from '../../dev/sandbox';
import { call, EXPECTED, form, poll, sample, start } from './helpers';

let sb: Sandbox;
const PARSER = DEMO_IDS.perfectParserParserId;
const K = () => ({ 'X-API-Key': sb.tokens.perfectParser });
const pp = (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) => call(method, `${sb.perfectParserUrl}${path}`, { headers: { ...K(), ...headers }, json });
const submit = (files: { name: string; bytes: Buffer }[], headers: Record<string, string> = {}, parser = PARSER) =>
	call('POST', `${sb.perfectParserUrl}/v1/extractions`, { headers: { ...K(), ...headers }, body: form({ parser_id: parser }, files.map((f) => ({ field: 'files', ...f }))) });
const terminal = (r: { body: any }) => ['completed', 'failed', 'partial'].includes(r.body.extraction.status);

beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.close());

test('401 UNAUTHORIZED in the error envelope', async () => {
	const r = await call('GET', `${sb.perfectParserUrl}/v1/me`);
	expect(r.status).toBe(401);
	expect(r.body).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
});

test('me and credits', async () => {
	const me = await pp('GET', '/v1/me');
	expect(me.body.user).toMatchObject({ user_id: expect.stringMatching(/^usr_/), email: expect.any(String), credits_available: 1000, key_name: expect.any(String), key_expires_at: null, member_since: expect.any(String) });
	const c = await pp('GET', '/v1/credits');
	expect(c.body.credits).toMatchObject({ available: 1000, purchases: [expect.objectContaining({ purchase_id: expect.any(String), plan: expect.any(String), credits: 1000, remaining: 1000 })] });
});

test('parsers: create (fields array → map), conflict, get, patch, detect-fields, list cursor over >3 pages, delete', async () => {
	const c = await pp('POST', '/v1/parsers', { name: 'Blank', result_mode: 'one_per_file' });
	expect(c.status).toBe(201);
	expect(c.body.parser).toMatchObject({ parser_id: expect.stringMatching(/^prs_/), name: 'Blank', description: null, schema: {}, fields: {}, has_sample_file: false });
	expect((await pp('POST', '/v1/parsers', { name: 'Blank' })).body.error.code).toBe('CONFLICT');
	expect((await pp('POST', '/v1/parsers', {})).status).toBe(400);
	const id = c.body.parser.parser_id;
	expect((await pp('GET', `/v1/parsers/${id}`)).body.parser.name).toBe('Blank');
	expect((await pp('GET', '/v1/parsers/prs_missing')).body.error.code).toBe('PARSER_NOT_FOUND');
	// unconfigured parser cannot take submissions
	const nc = await submit([{ name: 'a.pdf', bytes: sample('invoice-001.pdf') }], {}, id);
	expect(nc.status).toBe(400);
	expect(nc.body.error.code).toBe('PARSER_NOT_CONFIGURED');
	const patched = await pp('PATCH', `/v1/parsers/${id}`, { fields: [{ name: 'total', type: 'number', required: true }] });
	expect(patched.body.parser.schema).toEqual({ type: 'object', properties: { total: { type: 'number' } }, required: ['total'] });
	expect(patched.body.parser.fields).toEqual({ total: { description: '' } });
	const det = await call('POST', `${sb.perfectParserUrl}/v1/parsers/${id}/detect-fields`, { headers: K(), body: form({}, [{ field: 'file', name: 's.pdf', bytes: sample('invoice-002.pdf') }]) });
	expect(det.status).toBe(409);
	expect(det.body.error.code).toBe('SCHEMA_ALREADY_EXISTS');
	const det2 = await call('POST', `${sb.perfectParserUrl}/v1/parsers/${id}/detect-fields`, { headers: K(), body: form({ replace_existing_schema: 'true' }, [{ field: 'file', name: 's.pdf', bytes: sample('invoice-002.pdf') }]) });
	expect(det2.body).toMatchObject({ parser_id: id, sample_file_id: expect.stringMatching(/^smp_/), schema: { type: 'object' } });
	expect(Object.keys(det2.body.schema.properties)).toEqual(expect.arrayContaining(['invoice_number', 'total', 'vendor']));
	const modeB = await pp('POST', `/v1/parsers/${id}/detect-fields`, { sample_file_id: det2.body.sample_file_id, replace_existing_schema: true });
	expect(modeB.status).toBe(200);
	for (let i = 0; i < 8; i++) await pp('POST', '/v1/parsers', { name: `P${i}` });
	const ids = new Set<string>();
	let cursor: string | null = null;
	let pages = 0;
	do {
		const r = await pp('GET', `/v1/parsers?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
		expect(r.body.pagination).toEqual({ limit: 3, has_next_page: expect.any(Boolean), next_cursor: r.body.pagination.has_next_page ? expect.any(String) : null });
		r.body.parsers.forEach((p: { parser_id: string }) => ids.add(p.parser_id));
		cursor = r.body.pagination.next_cursor;
		pages++;
	} while (cursor);
	expect(ids.size).toBe(10);
	expect(pages).toBe(4);
	expect((await pp('DELETE', `/v1/parsers/${id}`)).status).toBe(204);
});

test('submit many files: 202 shape, credits per page, lifecycle to completed, results equal expected.json', async () => {
	const names = Object.keys(EXPECTED);
	const before = (await pp('GET', '/v1/credits')).body.credits.available;
	const r = await submit(names.map((n) => ({ name: n, bytes: sample(n) })));
	expect(r.status).toBe(202);
	const pages = names.reduce((s, n) => s + EXPECTED[n].page_count, 0);
	expect(r.body.extraction).toMatchObject({ extraction_id: expect.stringMatching(/^ext_/), parser_id: PARSER, status: 'queued', file_count: names.length, page_count: pages, credits_used: pages, credits_remaining: before - pages });
	expect(r.body.extraction.documents[1]).toEqual({ document_id: expect.stringMatching(/^doc_/), filename: names[1], page_count: EXPECTED[names[1]].page_count, credits_used: EXPECTED[names[1]].page_count, status: 'queued' });
	const id = r.body.extraction.extraction_id;
	const done = await poll(() => pp('GET', `/v1/extractions/${id}`), terminal);
	expect(done.body.extraction).toMatchObject({ status: 'completed', completed_at: expect.any(String), parser_name: 'Invoice Parser' });
	const res = await pp('GET', `/v1/extractions/${id}/results`);
	res.body.extraction.documents.forEach((d: any, i: number) => {
		expect(d.extracted_data).toEqual(EXPECTED[names[i]].fields);
		expect(d).toMatchObject({ status: 'completed', confidence: expect.any(Number), processing_time_ms: expect.any(Number), error_message: null });
	});
	const docId = res.body.extraction.documents[0].document_id;
	const doc = await pp('GET', `/v1/extractions/${id}/documents/${docId}`);
	expect(doc.body.document).toMatchObject({ document_id: docId, extraction_id: id, file_type: 'application/pdf', file_size: EXPECTED[names[0]].size, page_count: 1 });
	expect((await pp('GET', `/v1/extractions/${id}/documents/doc_nope`)).body.error.code).toBe('RESOURCE_NOT_FOUND');
	const csv = await pp('GET', `/v1/extractions/${id}/export?format=csv`);
	expect(csv.body).toContain('INV-002');
	const xlsx = await pp('GET', `/v1/extractions/${id}/export?format=xlsx`);
	expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
	expect((await pp('GET', `/v1/extractions/${id}/documents/${docId}/export?format=json`)).body.document.document_id).toBe(docId);
	expect((await pp('GET', `/v1/extractions/${id}/export?format=pdf`)).status).toBe(400);
});

test('Idempotency-Key replays the original 202 without a second charge', async () => {
	const bytes = makeInvoicePdf({ invoiceNumber: 'IDEM-1', date: '2026-01-01', total: 5, vendor: 'V', pages: 2 });
	const a = await submit([{ name: 'i.pdf', bytes }], { 'Idempotency-Key': 'abc-123' });
	const after = (await pp('GET', '/v1/credits')).body.credits.available;
	const b = await submit([{ name: 'i.pdf', bytes }], { 'Idempotency-Key': 'abc-123' });
	expect(b.status).toBe(202);
	expect(b.headers.get('idempotent-replayed')).toBe('true');
	expect(a.headers.get('idempotent-replayed')).toBeNull();
	expect(b.body).toEqual(a.body);
	expect((await pp('GET', '/v1/credits')).body.credits.available).toBe(after);
});

test('Idempotency-Key compares the submission: the same parser and content (renamed) replay; other content or another parser under the key → 422, nothing charged', async () => {
	const bytes = makeInvoicePdf({ invoiceNumber: 'IDEM-2', date: '2026-01-01', total: 6, vendor: 'V' });
	const other = makeInvoicePdf({ invoiceNumber: 'IDEM-3', date: '2026-01-01', total: 7, vendor: 'V' });
	const a = await submit([{ name: 'i.pdf', bytes }], { 'Idempotency-Key': 'abc-456' });
	expect(a.status).toBe(202);
	const after = (await pp('GET', '/v1/credits')).body.credits.available;
	const renamed = await submit([{ name: 'forwarded copy.pdf', bytes }], { 'Idempotency-Key': 'abc-456' });
	expect(renamed.status).toBe(202);
	expect(renamed.headers.get('idempotent-replayed')).toBe('true');
	expect(renamed.body.extraction.extraction_id).toBe(a.body.extraction.extraction_id);
	const differentFile = await submit([{ name: 'i.pdf', bytes: other }], { 'Idempotency-Key': 'abc-456' });
	expect(differentFile.status).toBe(422);
	expect(differentFile.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
	const moreFiles = await submit([{ name: 'i.pdf', bytes }, { name: 'j.pdf', bytes: other }], { 'Idempotency-Key': 'abc-456' });
	expect(moreFiles.status).toBe(422);
	const blank = (await pp('POST', '/v1/parsers', { name: 'Idem other parser', fields: [{ name: 'total', type: 'number' }] })).body.parser.parser_id;
	expect((await submit([{ name: 'i.pdf', bytes }], { 'Idempotency-Key': 'abc-456' }, blank)).status).toBe(422);
	expect((await pp('GET', '/v1/credits')).body.credits.available).toBe(after);
});

test('402 INSUFFICIENT_CREDITS, unsupported type, missing fields', async () => {
	await call('POST', `${sb.url}/_sandbox/perfectparser/credits`, { json: { credits: 2 } });
	const r = await submit([{ name: 'big.pdf', bytes: sample('invoice-002.pdf') }]);
	expect(r.status).toBe(402);
	expect(r.body.error).toMatchObject({ code: 'INSUFFICIENT_CREDITS', credits_required: 3, credits_available: 2 });
	expect((await pp('GET', '/v1/credits')).body.credits.available).toBe(2);
	const u = await submit([{ name: 'x.exe', bytes: Buffer.from([0, 1, 2, 3, 0, 0]) }]);
	expect(u.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
	const m = await call('POST', `${sb.perfectParserUrl}/v1/extractions`, { headers: K(), body: form({ parser_id: PARSER }, []) });
	expect(m.body.error.code).toBe('INVALID_PAYLOAD');
	await call('POST', `${sb.url}/_sandbox/perfectparser/credits`, { json: { credits: 1000 } });
});

test('partial and failed jobs; list with filters and cursor over >3 pages', async () => {
	const good = makeInvoicePdf({ invoiceNumber: 'OK-1', date: '2026-01-01', total: 1, vendor: 'V' });
	const bad = makeInvoicePdf({ invoiceNumber: 'BAD-1', date: '2026-01-01', total: 1, vendor: 'V', extraLines: ['Sandbox-Fail: blurry'] });
	const p = await submit([{ name: 'g.pdf', bytes: good }, { name: 'b.pdf', bytes: bad }]);
	const f = await submit([{ name: 'b2.pdf', bytes: bad }]);
	const pd = await poll(() => pp('GET', `/v1/extractions/${p.body.extraction.extraction_id}`), terminal);
	expect(pd.body.extraction.status).toBe('partial');
	expect(pd.body.extraction.documents[1]).toMatchObject({ status: 'failed', error_message: 'blurry' });
	expect((await poll(() => pp('GET', `/v1/extractions/${f.body.extraction.extraction_id}`), terminal)).body.extraction.status).toBe('failed');
	for (let i = 0; i < 6; i++) await submit([{ name: `n${i}.pdf`, bytes: makeInvoicePdf({ invoiceNumber: `L-${i}`, date: '2026-01-01', total: i, vendor: 'V' }) }]);
	const seen = new Set<string>();
	let cursor: string | null = null;
	let pages = 0;
	do {
		const r = await pp('GET', `/v1/extractions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
		r.body.extractions.forEach((x: any) => {
			seen.add(x.extraction_id);
			expect(x.document_summary).toEqual({ total: expect.any(Number), completed: expect.any(Number), failed: expect.any(Number), processing: expect.any(Number) });
		});
		cursor = r.body.pagination.next_cursor;
		pages++;
	} while (cursor);
	expect(pages).toBeGreaterThan(3);
	expect(seen.size).toBe((await pp('GET', '/v1/extractions?limit=100')).body.extractions.length);
	expect((await pp('GET', '/v1/extractions?status=bogus')).status).toBe(400);
	const partial = await pp('GET', '/v1/extractions?status=partial');
	expect(partial.body.extractions.map((x: any) => x.extraction_id)).toEqual([p.body.extraction.extraction_id]);
	const future = await pp('GET', `/v1/extractions?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
	expect(future.body.extractions).toEqual([]);
});

test('webhooks CRUD shapes', async () => {
	const c = await pp('POST', '/v1/webhooks', { url: `${sb.url}/_sandbox/sink/crud`, events: ['extraction.job_completed'], secret: 'my_shared_token' });
	expect(c.status).toBe(201);
	expect(c.body.webhook).toEqual({ webhook_id: expect.stringMatching(/^wh_/), url: expect.any(String), events: ['extraction.job_completed'], is_active: true, created_at: expect.any(String), signing_secret: expect.stringMatching(/^wh_sec_/) });
	expect((await pp('POST', '/v1/webhooks', { url: 'x', events: ['nope'] })).body.error.code).toBe('INVALID_PAYLOAD');
	const id = c.body.webhook.webhook_id;
	const g = await pp('GET', `/v1/webhooks/${id}`);
	expect(g.body.webhook.signing_secret).toBeUndefined();
	expect(Array.isArray(g.body.webhook.recent_deliveries)).toBe(true);
	expect((await pp('PATCH', `/v1/webhooks/${id}`, { is_active: false })).body.webhook.is_active).toBe(false);
	expect((await pp('GET', '/v1/webhooks')).body).toMatchObject({ webhooks: [expect.objectContaining({ webhook_id: id })], pagination: { limit: 20, has_next_page: false, next_cursor: null } });
	expect((await pp('DELETE', `/v1/webhooks/${id}`)).status).toBe(204);
	expect((await pp('GET', `/v1/webhooks/${id}`)).status).toBe(404);
});

test('both webhook families: an API webhook gets extraction.job_completed, a dashboard webhook batch.<status> with the same payload, each signed with its own secret', async () => {
	const { createHmac } = await import('node:crypto');
	await call('DELETE', `${sb.url}/_sandbox/sink/api-family`);
	await call('DELETE', `${sb.url}/_sandbox/sink/dash-family`);
	const api = await pp('POST', '/v1/webhooks', { url: `${sb.url}/_sandbox/sink/api-family`, events: ['extraction.job_completed'] });
	const dash = await call('POST', `${sb.url}/_sandbox/perfectparser/dashboard-webhooks`, { json: { url: `${sb.url}/_sandbox/sink/dash-family`, parser_id: PARSER } });
	expect(dash.body.webhook).toMatchObject({ events: ['batch.completed', 'batch.failed', 'batch.partial'], signing_secret: expect.stringMatching(/^wh_sec_/) });
	// The API does not see dashboard webhooks.
	expect((await pp('GET', `/v1/webhooks/${dash.body.webhook.webhook_id}`)).status).toBe(404);
	const bytes = makeInvoicePdf({ invoiceNumber: 'FAM-1', date: '2026-01-01', total: 8, vendor: 'V' });
	const x = await submit([{ name: 'fam.pdf', bytes }]);
	const sink = (name: string) => call('GET', `${sb.url}/_sandbox/sink/${name}`);
	// Each sink may also hear of other extractions of the parser that end meanwhile: take this one's.
	const ours = (q: { json: { extraction_id: string } }) => q.json.extraction_id === x.body.extraction.extraction_id;
	const viaApi = (await poll(() => sink('api-family'), (r) => r.body.requests.some(ours))).body.requests.find(ours);
	const viaDash = (await poll(() => sink('dash-family'), (r) => r.body.requests.some(ours))).body.requests.find(ours);
	expect(viaDash.json).toEqual({ ...viaApi.json, event: 'batch.completed' });
	expect(viaDash.headers['x-perfectparser-signature']).toBe(createHmac('sha256', dash.body.webhook.signing_secret).update(viaDash.body).digest('hex'));
	expect(viaApi.headers['x-perfectparser-signature']).toBe(createHmac('sha256', api.body.webhook.signing_secret).update(viaApi.body).digest('hex'));
});
