import type { Sandbox } from '../../dev/sandbox';
import { DEMO_IDS, DEMO_TOKENS, expectedInvoiceFields, makeInvoicePdf } from '../../dev/sandbox';
import { call, EXPECTED, poll, Res, sample, start } from './helpers';

let sb: Sandbox;
const TPL = DEMO_IDS.raydocsTemplateId;
const WS = DEMO_IDS.raydocsWorkspaceId;
const WF = DEMO_IDS.raydocsWorkflowId;
const H = () => ({ Authorization: `Bearer ${sb.tokens.raydocs}` });
const rd = (method: string, path: string, json?: unknown, token?: string) =>
	call(method, `${sb.raydocsUrl}${path}`, { headers: { Authorization: `Bearer ${token ?? sb.tokens.raydocs}` }, json });

beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.close());

async function upload(bytes: Buffer, contentType = 'application/pdf'): Promise<string> {
	const su = await rd('POST', '/vapor/signed-storage-url', { content_type: contentType, visibility: 'private' });
	expect(su.status).toBe(200);
	const put = await call('PUT', su.body.url, { headers: su.body.headers, body: bytes });
	expect(put.status).toBe(200);
	return su.body.key;
}

/**
 * What Skip Already Uploaded Files relies on: the workspace list's `query` finds a document by its
 * sha256 (and not by another file's), and documents/attach puts a workspace document in a session.
 */
async function lookUpByHashAndAttach(api: (method: string, path: string, json?: unknown) => Promise<Res>, sandbox: Sandbox): Promise<void> {
	const bytes = makeInvoicePdf({ invoiceNumber: `H-${Date.now()}`, date: '2026-02-02', total: 2, vendor: 'Hash Co' });
	const sha256 = require('node:crypto').createHash('sha256').update(bytes).digest('hex') as string;
	const su = await api('POST', '/vapor/signed-storage-url', { content_type: 'application/pdf' });
	expect((await call('PUT', su.body.url, { headers: su.body.headers, body: bytes })).status).toBe(200);
	const created = await api('POST', `/workspaces/${WS}/documents`, { key: su.body.key, filename: 'hashed.pdf' });
	const docId = created.body.document.id;
	const found = await api('GET', `/workspaces/${WS}/documents?query=${sha256}&per_page=100`);
	expect(found.status).toBe(200);
	expect(found.body.data).toEqual([expect.objectContaining({ id: docId, sha256 })]);
	const other = await api('GET', `/workspaces/${WS}/documents?query=${'0'.repeat(64)}&per_page=100`);
	expect(other.body.data).toEqual([]);
	const s = await api('POST', '/extractions/sessions', { extraction_template_id: TPL, name: 'hashed.pdf' });
	const attached = await api('POST', `/extractions/sessions/${s.body.id}/documents/attach`, { document_ids: [docId] });
	expect(attached.status).toBe(200);
	expect(attached.body.data).toEqual([expect.objectContaining({ id: docId, sha256 })]);
	const listed = await api('GET', `/extractions/sessions/${s.body.id}/documents`);
	expect(listed.body.data.map((d: { id: string }) => d.id)).toEqual([docId]);
	// The list needs documents-read: a token with every other ability gets 403.
	const seeded = await call('POST', `${sandbox.url}/_sandbox/raydocs/tokens`, { json: { abilities: ['workspaces-read', 'templates-read', 'sessions-read', 'sessions-write'] } });
	const forbidden = await call('GET', `${sandbox.raydocsUrl}/workspaces/${WS}/documents?query=${sha256}`, { headers: { Authorization: `Bearer ${seeded.body.token}` } });
	expect(forbidden.status).toBe(403);
}

const session = (id: string) => rd('GET', `/extractions/sessions/${id}`);
const terminal = (r: Res) => r.body.status === 'completed' || r.body.status === 'failed';

describe('auth and abilities', () => {
	test('missing or wrong token → 401 Unauthenticated', async () => {
		const a = await call('GET', `${sb.raydocsUrl}/workspaces`);
		expect(a.status).toBe(401);
		expect(a.body).toEqual({ message: 'Unauthenticated.' });
		const b = await rd('GET', '/workspaces', undefined, 'rd_live_nope');
		expect(b.status).toBe(401);
	});
	test('missing ability → 403 naming it', async () => {
		const r = await rd('POST', '/extractions/sessions', { extraction_template_id: TPL }, sb.tokens.raydocsReadOnly);
		expect(r.status).toBe(403);
		expect(r.body).toEqual({ message: 'Invalid ability provided.', required_ability: 'sessions-write' });
		const ok = await rd('GET', `/extractions/templates/${TPL}`, undefined, sb.tokens.raydocsReadOnly);
		expect(ok.status).toBe(200);
	});
	test('seeded token with a chosen ability set', async () => {
		const t = await call('POST', `${sb.url}/_sandbox/raydocs/tokens`, { json: { abilities: ['workspaces-read'] } });
		expect(t.status).toBe(201);
		expect((await rd('GET', '/workspaces', undefined, t.body.token)).status).toBe(200);
		const r = await rd('GET', `/workspaces/${WS}/extractions/templates`, undefined, t.body.token);
		expect(r.body.required_ability).toBe('templates-read');
	});
	test('unknown route → 404 with Laravel message; wrong method → 405', async () => {
		expect((await rd('GET', '/nope')).status).toBe(404);
		const m = await rd('PATCH', '/workspaces');
		expect(m.status).toBe(405);
		expect(typeof m.body.message).toBe('string');
	});
});

describe('workspaces, users, invites', () => {
	test('list/create/update/delete workspace', async () => {
		const list = await rd('GET', '/workspaces');
		expect(list.body.data.map((w: { id: number }) => w.id)).toEqual([WS]);
		const bad = await rd('POST', '/workspaces/create', {});
		expect(bad.status).toBe(422);
		expect(bad.body.errors.name[0]).toMatch(/required/);
		const c = await rd('POST', '/workspaces/create', { name: 'New', icon: '🚀' });
		expect(c.status).toBe(201);
		expect(c.body).toMatchObject({ id: expect.any(Number), name: 'New', icon: '🚀', created_at: expect.any(String), updated_at: expect.any(String) });
		const u = await rd('PUT', `/workspaces/${c.body.id}`, { name: 'Renamed' });
		expect(u.body.name).toBe('Renamed');
		expect((await rd('DELETE', `/workspaces/${c.body.id}`)).status).toBe(204);
		expect((await rd('PUT', `/workspaces/${c.body.id}`, { name: 'x' })).status).toBe(404);
		// not a member → 404
		expect((await rd('GET', `/workspaces/${DEMO_IDS.raydocsWorkspaceId + 1}/users`)).status).toBe(404);
	});
	test('users and invites incl. cancel with and without /cancel', async () => {
		const users = await rd('GET', `/workspaces/${WS}/users`);
		expect(Array.isArray(users.body)).toBe(true);
		expect(users.body[0]).toMatchObject({ id: 1, email: expect.any(String), role: 'admin', name: expect.any(String) });
		const add = await rd('POST', `/workspaces/${WS}/users/add`, { email: 'new@x.io', role: 'user' });
		expect(add.body).toEqual({ message: 'Invitation sent', invite_id: expect.any(Number) });
		const add2 = await rd('POST', `/workspaces/${WS}/users/add`, { email: 'new2@x.io', role: 'readonly' });
		const addOther = await rd('POST', `/workspaces/${WS}/users/add`, { email: 'other@sandbox.local', role: 'readonly' });
		expect(addOther.body).toEqual({ message: 'User added successfully' });
		const inv = await rd('GET', `/workspaces/${WS}/invites`);
		expect(inv.body).toHaveLength(2);
		expect(inv.body[0]).toMatchObject({ id: expect.any(Number), email: 'new@x.io', role: 'user', status: 'pending' });
		expect((await rd('POST', `/workspaces/${WS}/invites/${add.body.invite_id}/resend`)).body.message).toMatch(/resent/);
		expect((await rd('GET', `/workspaces/${WS}/invites/${add.body.invite_id}/link`)).body.link).toMatch(/^https:\/\/raydocs.com\/invite\//);
		expect((await rd('DELETE', `/workspaces/${WS}/invites/${add.body.invite_id}/cancel`)).status).toBe(204);
		expect((await rd('DELETE', `/workspaces/${WS}/invites/${add2.body.invite_id}`)).status).toBe(204);
		expect((await rd('DELETE', `/workspaces/${WS}/invites/${add2.body.invite_id}`)).status).toBe(404);
		expect((await rd('PUT', `/workspaces/${WS}/users/3/update-role`, { role: 'user' })).body).toEqual({ message: 'Role updated successfully' });
		expect((await rd('DELETE', `/workspaces/${WS}/users/3/remove`)).status).toBe(204);
		expect((await rd('DELETE', `/workspaces/${WS}/users/1/remove`)).status).toBe(403);
		expect((await rd('POST', `/workspaces/${WS}/leave`)).status).toBe(403); // only admin
	});
});

describe('templates', () => {
	test('CRUD, duplicate, schema vs schema_json', async () => {
		const a = await rd('POST', '/extractions/templates', { name: 'A', workspace_id: WS, schema: { groups: { g: { fields: { x: { type: 'string' } } } } } });
		expect(a.status).toBe(201);
		expect(a.body.schema_json.groups.g.fields.x.type).toBe('string');
		const b = await rd('POST', '/extractions/templates', { name: 'B', workspace_id: WS, schema_json: { groups: {} }, settings: { parsing: { contextual_embedding: true } } });
		expect(b.body).toMatchObject({ id: expect.any(String), name: 'B', workspace_id: WS, settings: { parsing: { contextual_embedding: true } } });
		expect((await rd('POST', '/extractions/templates', { name: 'C' })).body.errors.workspace_id).toBeDefined();
		expect((await rd('GET', `/extractions/templates/${a.body.id}`)).body.name).toBe('A');
		expect((await rd('PUT', `/extractions/templates/${a.body.id}`, { description: 'd' })).body.description).toBe('d');
		const dup = await rd('POST', `/extractions/templates/${a.body.id}/duplicate`, {});
		expect(dup.status).toBe(201);
		expect(dup.body.name).toBe('A (Copy)');
		for (const id of [a.body.id, b.body.id, dup.body.id]) expect((await rd('DELETE', `/extractions/templates/${id}`)).status).toBe(204);
		expect((await rd('GET', `/extractions/templates/${a.body.id}`)).status).toBe(404);
	});
	test('page pagination across more than three pages (per_page 15)', async () => {
		const ws = (await rd('POST', '/workspaces/create', { name: 'Paging' })).body.id;
		for (let i = 0; i < 50; i++) await rd('POST', '/extractions/templates', { name: `T${i}`, workspace_id: ws, schema_json: {} });
		const seen = new Set<string>();
		let page = 1;
		let last = 0;
		for (;;) {
			const r = await rd('GET', `/workspaces/${ws}/extractions/templates?page=${page}`);
			expect(r.body.meta).toMatchObject({ current_page: page, per_page: 15, total: 50 });
			last = r.body.meta.last_page;
			r.body.data.forEach((t: { id: string }) => seen.add(t.id));
			if (page >= last) break;
			page++;
		}
		expect(last).toBe(4);
		expect(seen.size).toBe(50);
	});
});

describe('upload flow, batch create, lifecycle, extraction values', () => {
	test('signed URL shape; PUT without Authorization; wrong signature / content type / expiry → 403', async () => {
		const su = await rd('POST', '/vapor/signed-storage-url', { content_type: 'application/pdf' });
		expect(su.body).toEqual({ uuid: expect.any(String), key: `tmp/${su.body.uuid}`, url: expect.stringContaining('/_storage/tmp/'), headers: { 'Content-Type': 'application/pdf' } });
		const dflt = await rd('POST', '/vapor/signed-storage-url', {});
		expect(dflt.body.headers['Content-Type']).toBe('application/octet-stream');
		// The first digit of the signature flipped to another one (replacing it with a fixed digit is a
		// no-op whenever the signature already starts with that digit).
		const tampered = su.body.url.replace(/signature=(.)/, (_: string, first: string) => `signature=${first === '0' ? '1' : '0'}`);
		expect(tampered).not.toBe(su.body.url);
		expect((await call('PUT', tampered, { headers: su.body.headers, body: sample('invoice-001.pdf') })).status).toBe(403);
		expect((await call('PUT', su.body.url, { headers: { 'Content-Type': 'image/png' }, body: sample('invoice-001.pdf') })).status).toBe(403);
		const expired = su.body.url.replace(/expires=\d+/, 'expires=1000');
		expect((await call('PUT', expired, { headers: su.body.headers, body: sample('invoice-001.pdf') })).status).toBe(403);
		const before = sb.stats().storage;
		expect((await call('PUT', su.body.url, { headers: su.body.headers, body: sample('invoice-001.pdf') })).status).toBe(200);
		expect(sb.stats().storage.putsWithAuthorization).toBe(before.putsWithAuthorization);
	});

	test('unknown key → 422 on batch create; more than 50 files → 422', async () => {
		const r = await rd('POST', `/extractions/templates/${TPL}/sessions/batch`, { files: ['tmp/unknown'] });
		expect(r.status).toBe(422);
		expect(r.body.errors['files.0']).toBeDefined();
		const many = await rd('POST', `/extractions/templates/${TPL}/sessions/batch`, { files: Array.from({ length: 51 }, (_, i) => `tmp/${i}`) });
		expect(many.status).toBe(422);
		expect(many.body.errors.files[0]).toMatch(/50/);
	});

	test('batch create with auto_extract reaches completed with the sample values', async () => {
		const names = Object.keys(EXPECTED);
		const keys: string[] = [];
		for (const n of names) keys.push(await upload(sample(n), EXPECTED[n].mime));
		const r = await rd('POST', `/extractions/templates/${TPL}/sessions/batch`, { files: keys, settings: { auto_extract: true } });
		expect(r.status).toBe(201);
		expect(r.body).toHaveLength(names.length);
		expect(r.body[0]).toEqual({ id: expect.any(String), name: 'Pending...', created_at: expect.stringMatching(/Z$/) });
		for (let i = 0; i < names.length; i++) {
			const s = await poll(() => session(r.body[i].id), terminal);
			expect(s.body.status).toBe('completed');
			expect(s.body.name).not.toBe('Pending...');
			const res = s.body.results[0];
			expect(res).toMatchObject({ status: 'completed', config_hash: expect.stringMatching(/^[0-9a-f]{64}$/), completed_at: expect.any(String), title: expect.any(String) });
			expect(res.data.invoice_details).toEqual(EXPECTED[names[i]].fields);
			expect(res.document_refs[0]).toMatchObject({ kind: 'documentRef', sha256: EXPECTED[names[i]].sha256, pageCount: EXPECTED[names[i]].page_count });
			expect(res.audit_data.invoice_details.invoice_number.sources[0].text).toMatch(/Invoice Number/);
			const full = await rd('GET', `/extractions/results/${res.id}`);
			expect(full.body.data).toEqual(res.data);
		}
	});

	test('without auto_extract nothing runs until batch execute; a failing document ends failed', async () => {
		const ok = await upload(makeInvoicePdf({ invoiceNumber: 'INV-X1', date: '2026-06-01', total: 10, vendor: 'V' }));
		const bad = await upload(makeInvoicePdf({ invoiceNumber: 'INV-X2', date: '2026-06-01', total: 10, vendor: 'V', extraLines: ['Sandbox-Fail: unreadable scan'] }));
		const r = await rd('POST', `/extractions/templates/${TPL}/sessions/batch`, { files: [ok, bad] });
		const ids = r.body.map((s: { id: string }) => s.id);
		await poll(() => session(ids[0]), (s) => s.body.documents[0].status === 'processed');
		expect((await session(ids[0])).body.results).toEqual([]);
		const ex = await rd('POST', `/extractions/templates/${TPL}/sessions/batch/execute`, { session_ids: ids });
		expect(ex.body).toEqual({ message: 'Extractions queued', queued_count: 2 });
		const a = await poll(() => session(ids[0]), terminal);
		const b = await poll(() => session(ids[1]), terminal);
		expect(a.body.status).toBe('completed');
		expect(b.body.status).toBe('failed');
		expect(b.body.results[0].status).toBe('failed');
		expect(b.body.results[0].completed_at).toEqual(expect.any(String));
		// exports: body format and path format
		const json = await rd('POST', `/extractions/templates/${TPL}/sessions/batch/export`, { session_ids: ids, format: 'json' });
		expect(json.body[0]).toEqual({ session_id: ids[0], session_name: expect.any(String), data: { invoice_details: expect.objectContaining({ invoice_number: 'INV-X1' }) } });
		const csv = await rd('POST', `/extractions/templates/${TPL}/sessions/batch/export`, { session_ids: ids, format: 'csv' });
		expect(csv.body).toContain('INV-X1');
		const xlsx = await rd('POST', `/extractions/templates/${TPL}/sessions/batch/export/excel`, { session_ids: ids });
		expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
		expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
		// batch delete: both forms
		expect((await rd('POST', `/extractions/templates/${TPL}/sessions/batch/delete`, { session_ids: [ids[0]] })).status).toBe(204);
		expect((await rd('DELETE', `/extractions/templates/${TPL}/sessions/batch`, { session_ids: [ids[1]] })).status).toBe(204);
		expect((await session(ids[0])).status).toBe(404);
	});

	test('sessions, upload/attach/detach, run extraction, results, legacy documents and chunks', async () => {
		const s = await rd('POST', '/extractions/sessions', { extraction_template_id: TPL, name: 'Manual' });
		expect(s.status).toBe(201);
		expect(s.body).toMatchObject({ id: expect.any(String), name: 'Manual', status: 'pending', documents: [], results: [] });
		const id = s.body.id;
		expect((await rd('POST', `/extractions/sessions/${id}/results`)).status).toBe(422);
		const spec = { invoiceNumber: 'INV-M1', date: '2026-07-07', total: 321.09, vendor: 'Manual Co', pages: 2 };
		const fresh = makeInvoicePdf(spec);
		const key = await upload(fresh);
		const up = await rd('POST', `/extractions/sessions/${id}/documents/upload`, { keys: [key] });
		expect(up.status).toBe(200);
		expect(up.body.data[0]).toMatchObject({ sha256: require('node:crypto').createHash('sha256').update(fresh).digest('hex'), status: 'uploaded' });
		const docId = up.body.data[0].id;
		// same bytes again → deduplicated workspace document
		const key2 = await upload(fresh);
		const wd = await rd('POST', `/workspaces/${WS}/documents`, { key: key2, filename: 'again.pdf' });
		expect(wd.status).toBe(200);
		expect(wd.body).toMatchObject({ document: { id: docId }, dedup: { reused: true, matched_by: 'sha256' }, document_ref: { kind: 'documentRef', documentId: docId } });
		const run = await rd('POST', `/extractions/sessions/${id}/results`);
		expect(run.status).toBe(201);
		expect(['created', 'parsing_pending']).toContain(run.body.status);
		expect(run.body).toMatchObject({ title: null, completed_at: null });
		const done = await poll(() => rd('GET', `/extractions/results/${run.body.id}`), terminal);
		expect(done.body.data.invoice_details).toEqual(expectedInvoiceFields(spec));
		const list = await rd('GET', `/extractions/sessions/${id}/results`);
		expect(list.body.data).toHaveLength(1);
		const docs = await rd('GET', `/extractions/sessions/${id}/documents`);
		expect(docs.body.meta).toMatchObject({ current_page: 1, total: 1 });
		const legacy = await rd('GET', `/extractions/documents/${docId}`);
		expect(legacy.body).toMatchObject({ id: docId, status: 'processed', meta: { page_count: 2 } });
		const chunks = await rd('GET', `/extractions/documents/${docId}/chunks`);
		expect(chunks.body).toHaveLength(2);
		expect(chunks.body[0].blocks[0]).toMatchObject({ block_id: 'doc:page:1:block:0', page_ref: 'Page 1' });
		const url = await rd('GET', `/extractions/documents/${docId}/url`);
		const dl = await call('GET', url.body.url);
		expect(dl.raw.equals(fresh)).toBe(true);
		const xl = await rd('GET', `/extractions/results/${run.body.id}/export/excel`);
		expect(xl.headers.get('content-disposition')).toContain('extraction_result.xlsx');
		// attach/detach, legacy create-document
		const s2 = (await rd('POST', '/extractions/sessions', { extraction_template_id: TPL })).body.id;
		expect((await rd('POST', `/extractions/sessions/${s2}/documents/attach`, { document_ids: [docId] })).body.data[0].id).toBe(docId);
		expect((await rd('DELETE', `/extractions/sessions/${s2}/documents/${docId}`)).status).toBe(204);
		const key3 = await upload(makeInvoicePdf({ invoiceNumber: 'INV-L1', date: '2026-01-01', total: 1, vendor: 'L' }));
		const legacyCreate = await rd('POST', `/extractions/sessions/${s2}/documents`, { key: key3, filename: 'invoice.pdf' });
		expect(legacyCreate.status).toBe(201);
		expect(legacyCreate.body).toMatchObject({ filename: 'invoice.pdf', extraction_session_id: s2 });
		expect((await rd('PUT', `/extractions/sessions/${s2}`, { name: 'Renamed' })).body.name).toBe('Renamed');
		expect((await rd('DELETE', `/extractions/results/${run.body.id}`)).status).toBe(204);
		expect((await rd('DELETE', `/extractions/sessions/${s2}`)).status).toBe(204);
	});

	test('workspace documents: list filters/sort/pages, importUrl with a literal colon, reparse, url', async () => {
		const ws = (await rd('POST', '/workspaces/create', { name: 'Docs' })).body.id;
		for (let i = 0; i < 7; i++) {
			const key = await upload(makeInvoicePdf({ invoiceNumber: `D-${i}`, date: '2026-01-01', total: i, vendor: 'V' }));
			expect((await rd('POST', `/workspaces/${ws}/documents`, { key, filename: `doc-${i}.pdf` })).status).toBe(201);
		}
		const imp = await rd('POST', `/workspaces/${ws}/documents:importUrl`, { url: 'https://example.com/invoice.pdf', filename: 'invoice.pdf' });
		expect(imp.status).toBe(201);
		expect(imp.body.document).toMatchObject({ source_type: 'url', source_url: 'https://example.com/invoice.pdf' });
		const seen = new Set<string>();
		for (let p = 1; p <= 4; p++) {
			const r = await rd('GET', `/workspaces/${ws}/documents?per_page=2&page=${p}&sort=filename&order=asc`);
			expect(r.body.meta).toMatchObject({ current_page: p, last_page: 4, per_page: 2, total: 8 });
			r.body.data.forEach((d: { id: string }) => seen.add(d.id));
		}
		expect(seen.size).toBe(8);
		const filtered = await rd('GET', `/workspaces/${ws}/documents?source_type=url`);
		expect(filtered.body.data).toHaveLength(1);
		const id = imp.body.document.id;
		expect((await rd('POST', `/workspaces/${ws}/documents/${id}/reparse`, { config_hash: 'short' })).status).toBe(422);
		const hash = 'a'.repeat(64);
		expect((await rd('POST', `/workspaces/${ws}/documents/${id}/reparse`, { config_hash: hash })).status).toBe(202);
		await poll(() => rd('GET', `/workspaces/${ws}/documents/${id}`), (r) => r.body.status === 'processed');
		expect((await rd('POST', `/workspaces/${ws}/documents/${id}/reparse`, { config_hash: hash })).status).toBe(200);
		const u = await rd('GET', `/workspaces/${ws}/documents/${id}/url`);
		expect(u.body.url).toContain('/_storage/');
	});
});

describe('workflow runs', () => {
	const base = `/workspaces/${WS}/workflows/${WF}/runs`;
	test('cursor mode walks more than three pages in completed_at, id order; strictly-greater created_after; current second withheld', async () => {
		const t0 = Date.now() - 60_000;
		// 12 completed runs at distinct past times, 1 debug, 1 running, 1 created at exactly t0 (excluded)
		for (let i = 0; i < 12; i++) {
			await call('POST', `${sb.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { created_at: t0 + 1000 + i, completed_at: t0 + 30_000 - i * 1000 } });
		}
		await call('POST', `${sb.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { created_at: t0 + 5, completed_at: t0 + 40_000, debug: true } });
		await call('POST', `${sb.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { created_at: t0 + 5, status: 'running' } });
		await call('POST', `${sb.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { created_at: t0, completed_at: t0 + 10 } });
		const createdAfter = new Date(t0).toISOString();
		let cursor: string | undefined;
		const got: { completed_at: string; id: string }[] = [];
		let pages = 0;
		for (;;) {
			const q = `?pagination=cursor&status=completed&created_after=${encodeURIComponent(createdAfter)}&per_page=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const r = await rd('GET', base + q);
			expect(r.status).toBe(200);
			expect(r.body.meta).toEqual({ per_page: 3, has_more: expect.any(Boolean), next_cursor: expect.any(String), server_time: expect.any(String) });
			expect(Math.abs(Date.parse(r.body.meta.server_time) - Date.now())).toBeLessThan(60_000);
			got.push(...r.body.data);
			pages++;
			cursor = r.body.meta.next_cursor;
			if (!r.body.meta.has_more) break;
		}
		expect(pages).toBe(4);
		expect(got).toHaveLength(12);
		const sorted = [...got].sort((a, b) => a.completed_at.localeCompare(b.completed_at) || a.id.localeCompare(b.id));
		expect(got).toEqual(sorted);
		// checkpoint is durable: nothing new yet
		const again = await rd('GET', `${base}?pagination=cursor&status=completed&created_after=${encodeURIComponent(createdAfter)}&cursor=${encodeURIComponent(cursor!)}`);
		expect(again.body.data).toEqual([]);
		expect(again.body.meta.next_cursor).toBe(cursor);
		// a run completing now is withheld while its second is open, then appears after the checkpoint
		const late = await call('POST', `${sb.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { created_at: t0 + 100 } });
		await call('POST', `${sb.url}/_sandbox/raydocs/workflow-runs/${late.body.data[0].id}/complete`, { json: {} });
		const soon = await rd('GET', `${base}?pagination=cursor&status=completed&created_after=${encodeURIComponent(createdAfter)}&cursor=${encodeURIComponent(cursor!)}`);
		expect(soon.body.data.length).toBe(0);
		const later = await poll(
			() => rd('GET', `${base}?pagination=cursor&status=completed&created_after=${encodeURIComponent(createdAfter)}&cursor=${encodeURIComponent(cursor!)}`),
			(r) => r.body.data.length > 0,
			150,
			20,
		);
		expect(later.body.data.map((x: { id: string }) => x.id)).toEqual([late.body.data[0].id]);
	});
	test('cursor validation, tampered cursor, admin requirement, page mode, output and file', async () => {
		expect((await rd('GET', `${base}?pagination=cursor&status=running&created_after=2020-01-01T00:00:00Z`)).status).toBe(422);
		expect((await rd('GET', `${base}?pagination=cursor&status=completed`)).body.errors.created_after).toBeDefined();
		const bad = await rd('GET', `${base}?pagination=cursor&status=completed&created_after=2020-01-01T00:00:00Z&cursor=abc.def`);
		expect(bad.body.errors.cursor).toBeDefined();
		const member = await rd('GET', `${base}?pagination=cursor&status=completed&created_after=2020-01-01T00:00:00Z`, undefined, DEMO_TOKENS.raydocsMember);
		expect(member.status).toBe(403);
		const page = await rd('GET', `${base}?page=1`);
		expect(page.body.meta).toMatchObject({ current_page: 1, per_page: 15 });
		expect(page.body.data[0].created_at >= page.body.data[1].created_at).toBe(true);
		const run = await call('POST', `${sb.url}/_sandbox/raydocs/workflows/${WF}/runs`, {
			json: { completed_at: Date.now() - 5000, output: { documents: [{ type: 'documentRef', documentId: 'x', filename: 'export.zip' }] }, file: { id: 'f1', filename: 'out.txt', content: 'hello' } },
		});
		const rid = run.body.data[0].id;
		const out = (await rd('GET', `${base}/${rid}/output`)).body;
		expect(out.documents[0].filename).toBe('export.zip');
		expect(out.files).toEqual([{ type: 'fileRef', id: 'f1', filename: 'out.txt', mime: 'application/octet-stream', size: 5 }]);
		// file_id is required; only a file the final output names is served
		expect((await rd('GET', `${base}/${rid}/file`)).body.errors.file_id).toBeDefined();
		expect((await rd('GET', `${base}/${rid}/file?file_id=nope`)).status).toBe(404);
		const f = await rd('GET', `${base}/${rid}/file?file_id=f1`);
		expect((await call('GET', f.body.url)).body).toBe('hello');
		const running = await call('POST', `${sb.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { status: 'running', file: { id: 'f2', filename: 'x.txt', content: 'x' } } });
		expect((await rd('GET', `${base}/${running.body.data[0].id}/file?file_id=f2`)).status).toBe(404);
		expect((await rd('GET', `${base}/${rid}/output`, undefined, sb.tokens.raydocsReadOnly)).status).toBe(200);
	});
});
void H;

describe('docs variant: the other documented form of each behaviour', () => {
	let docs: Sandbox;
	const dd = (method: string, path: string, json?: unknown) => call(method, `${docs.raydocsUrl}${path}`, { headers: { Authorization: `Bearer ${docs.tokens.raydocs}` }, json });
	const runsBase = `/workspaces/${WS}/workflows/${WF}/runs`;
	beforeAll(async () => {
		docs = await start({ variant: 'docs' });
	});
	afterAll(() => docs.close());

	test('workflow runs: meta.server_time and run times follow a server clock three hours behind the host', async () => {
		const seeded = await call('POST', `${docs.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { status: 'running' } });
		const createdAt = Date.parse(seeded.body.data[0].created_at);
		expect(Math.abs(createdAt - (Date.now() - 3 * 3_600_000))).toBeLessThan(60_000);
		const r = await dd('GET', `${runsBase}?pagination=cursor&status=completed&created_after=2020-01-01T00:00:00Z`);
		expect(Math.abs(Date.parse(r.body.meta.server_time) - (Date.now() - 3 * 3_600_000))).toBeLessThan(60_000);
	});

	test('workflow run file: the first link of a file is expired (storage answers 401), the next one works', async () => {
		const run = await call('POST', `${docs.url}/_sandbox/raydocs/workflows/${WF}/runs`, { json: { completed_at: Date.now() - 3 * 3_600_000, file: { id: 'f1', filename: 'out.txt', content: 'hello' } } });
		const rid = run.body.data[0].id;
		const first = await dd('GET', `${runsBase}/${rid}/file?file_id=f1`);
		expect((await call('GET', first.body.url)).status).toBe(401);
		const second = await dd('GET', `${runsBase}/${rid}/file?file_id=f1`);
		expect((await call('GET', second.body.url)).body).toBe('hello');
	});
});

describe('docs variant: documents', () => {
	let docs: Sandbox;
	const dd = (method: string, path: string, json?: unknown) => call(method, `${docs.raydocsUrl}${path}`, { headers: { Authorization: `Bearer ${docs.tokens.raydocs}` }, json });
	beforeAll(async () => {
		docs = await start({ variant: 'docs' });
	});
	afterAll(() => docs.close());

	test('documents say pending → parsing → parsed, and the list ignores its status filter', async () => {
		const su = await dd('POST', '/vapor/signed-storage-url', { content_type: 'application/pdf' });
		await call('PUT', su.body.url, { headers: su.body.headers, body: makeInvoicePdf({ invoiceNumber: 'D-1', date: '2024-01-01', total: 1, vendor: 'V' }) });
		const created = await dd('POST', `/workspaces/${WS}/documents`, { key: su.body.key, filename: 'd1.pdf' });
		expect(created.body.document.status).toBe('pending');
		await dd('POST', `/workspaces/${WS}/documents/${created.body.document.id}/reparse`, { config_hash: 'a'.repeat(64) });
		const parsed = await poll(() => dd('GET', `/workspaces/${WS}/documents/${created.body.document.id}`), (r) => r.body.status === 'parsed');
		expect(parsed.body.status).toBe('parsed');
		const filtered = await dd('GET', `/workspaces/${WS}/documents?status=failed`);
		expect(filtered.body.data.map((d: { id: string }) => d.id)).toContain(created.body.document.id);
	});
});

describe('docs variant: sessions and runs', () => {
	let docs: Sandbox;
	const dd = (method: string, path: string, json?: unknown) => call(method, `${docs.raydocsUrl}${path}`, { headers: { Authorization: `Bearer ${docs.tokens.raydocs}` }, json });
	beforeAll(async () => {
		docs = await start({ variant: 'docs' });
	});
	afterAll(() => docs.close());
	let serial = 0;
	// Each file differs: equal bytes would be deduplicated into one, already parsed, document.
	const key = async (extraLines: string[] = []) => {
		const su = await dd('POST', '/vapor/signed-storage-url', { content_type: 'application/pdf' });
		await call('PUT', su.body.url, { headers: su.body.headers, body: makeInvoicePdf({ invoiceNumber: 'S-1', date: '2024-01-01', total: ++serial, vendor: 'V', extraLines }) });
		return su.body.key as string;
	};

	test('GET session: no session status; documents {id, filename, status, meta}; results {id, status, title}; auto_extract runs only after parsing', async () => {
		const [created] = (await dd('POST', `/extractions/templates/${TPL}/sessions/batch`, { files: [await key()], settings: { auto_extract: true } })).body;
		const done = await poll(() => session(created.id), (r) => r.body.results?.[0]?.status === 'completed');
		expect(done.body.status).toBeUndefined();
		expect(Object.keys(done.body.documents[0]).sort()).toEqual(['filename', 'id', 'meta', 'status']);
		expect(done.body.documents[0].status).toBe('parsed');
		expect(Object.keys(done.body.results[0]).sort()).toEqual(['id', 'status', 'title']);
		const full = await dd('GET', `/extractions/results/${done.body.results[0].id}`);
		expect(full.body.data.invoice_details.invoice_number).toBe('S-1');
	});

	test('a document that fails to parse gets no run; the session shows it failed', async () => {
		const [created] = (await dd('POST', `/extractions/templates/${TPL}/sessions/batch`, { files: [await key(['Sandbox parse fail: unreadable'])], settings: { auto_extract: true } })).body;
		const failed = await poll(() => session(created.id), (r) => r.body.documents?.[0]?.status === 'failed');
		expect(failed.body.documents[0].status).toBe('failed');
		expect(failed.body.results).toEqual([]);
	});

	test('Run Extraction: 422 "not ready" while parsing (which it starts), then 201 {message, job_id}', async () => {
		const s = (await dd('POST', '/extractions/sessions', { extraction_template_id: TPL })).body;
		await dd('POST', `/extractions/sessions/${s.id}/documents/upload`, { keys: [await key()] });
		const early = await dd('POST', `/extractions/sessions/${s.id}/results`);
		expect(early.status).toBe(422);
		expect(early.body.message).toMatch(/not ready/);
		const later = await poll(() => dd('POST', `/extractions/sessions/${s.id}/results`), (r) => r.status === 201);
		expect(later.body).toEqual({ message: 'Extraction started', job_id: expect.any(String) });
	});

	test('signed upload URL: content types beyond PDF/PNG/JPEG refused (422), none given is accepted as octet-stream', async () => {
		const docx = await dd('POST', '/vapor/signed-storage-url', { content_type: 'application/msword' });
		expect(docx.status).toBe(422);
		expect(docx.body.errors.content_type).toBeDefined();
		const none = await dd('POST', '/vapor/signed-storage-url', {});
		expect(none.status).toBe(200);
		expect(none.body.headers).toEqual({ 'Content-Type': 'application/octet-stream' });
		expect((await dd('POST', '/vapor/signed-storage-url', { content_type: 'image/jpeg' })).status).toBe(200);
	});

	test('server errors are HTML pages', async () => {
		docs.setFaults({ rules: [{ kind: 'status', status: 502, service: 'raydocs' }] } as never);
		try {
			const r = await dd('GET', '/workspaces');
			expect(r.status).toBe(502);
			expect(r.headers.get('content-type')).toMatch(/text\/html/);
			expect(r.body).toMatch(/<title>Bad Gateway<\/title>/);
		} finally {
			docs.setFaults({ rules: [] } as never);
		}
	});

	function session(id: string) {
		return dd('GET', `/extractions/sessions/${id}`);
	}
});

describe('look-up by content hash, then attach', () => {
	test('main form', async () => {
		await lookUpByHashAndAttach(rd, sb);
	});
	test('docs variant', async () => {
		const docs = await start({ variant: 'docs' });
		try {
			const dd = (method: string, path: string, json?: unknown) => call(method, `${docs.raydocsUrl}${path}`, { headers: { Authorization: `Bearer ${docs.tokens.raydocs}` }, json });
			await lookUpByHashAndAttach(dd, docs);
		} finally {
			docs.close();
		}
	});
});
