import { createHash } from 'crypto';
import nock from 'nock';

import { binaryItem } from '../../../dev/harness/n8nContext';
import { RAYDOCS_TOKEN, RAYDOCS_URL, authedApi, expectNoToken, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const SID = '770e8400-e29b-41d4-a716-446655440000';
const DOC = { id: '880e8400-e29b-41d4-a716-446655440000', filename: 'invoice.pdf', status: 'uploaded', sha256: 'ab'.repeat(32) };
const DOC2 = { ...DOC, id: '880e8400-e29b-41d4-a716-446655440001', filename: 'b.pdf' };
const session = (params: object) => ({ resource: 'session', sessionId: SID, ...params });

const cases: ApiCase[] = [
	{
		name: 'update renames',
		params: session({ operation: 'update', name: 'Q1 invoices' }),
		method: 'PUT',
		path: `/extractions/sessions/${SID}`,
		body: { name: 'Q1 invoices' },
		reply: { id: SID, name: 'Q1 invoices' },
		output: [{ id: SID, name: 'Q1 invoices' }],
		ability: 'sessions-write',
	},
	{
		name: 'delete',
		params: session({ operation: 'delete' }),
		method: 'DELETE',
		path: `/extractions/sessions/${SID}`,
		status: 204,
		output: [{ deleted: true, session_id: SID }],
		ability: 'sessions-write',
	},
	{
		name: 'get documents ({data, meta} form)',
		params: session({ operation: 'getDocuments', returnAll: true }),
		method: 'GET',
		path: `/extractions/sessions/${SID}/documents`,
		reply: { data: [DOC, DOC2], meta: { current_page: 1, last_page: 1, per_page: 15, total: 2 } },
		output: [DOC, DOC2],
		ability: 'sessions-read',
	},
	{
		name: 'get documents (legacy bare array)',
		params: session({ operation: 'getDocuments', returnAll: false, limit: 1 }),
		method: 'GET',
		path: `/extractions/sessions/${SID}/documents`,
		reply: [DOC, DOC2],
		output: [{ id: DOC.id }],
	},
	{
		name: 'upload documents from file keys',
		params: session({ operation: 'uploadDocuments', source: 'keys', fileKeys: 'tmp/a, tmp/b' }),
		method: 'POST',
		path: `/extractions/sessions/${SID}/documents/upload`,
		body: { keys: ['tmp/a', 'tmp/b'] },
		reply: { data: [DOC, DOC2] },
		output: [{ id: DOC.id, session_id: SID }, { id: DOC2.id, session_id: SID }],
		ability: 'sessions-write',
	},
	{
		name: 'upload documents answer as a bare array',
		params: session({ operation: 'uploadDocuments', source: 'keys', fileKeys: 'tmp/a' }),
		method: 'POST',
		path: `/extractions/sessions/${SID}/documents/upload`,
		body: { keys: ['tmp/a'] },
		reply: [DOC],
		output: [{ id: DOC.id }],
	},
	{
		name: 'attach documents',
		params: session({ operation: 'attachDocuments', documentIds: `${DOC.id}, ${DOC2.id}` }),
		method: 'POST',
		path: `/extractions/sessions/${SID}/documents/attach`,
		body: { document_ids: [DOC.id, DOC2.id] },
		reply: { data: [DOC, DOC2] },
		output: [{ id: DOC.id, session_id: SID }, { id: DOC2.id }],
		ability: 'sessions-write',
	},
	{
		name: 'detach document',
		params: session({ operation: 'detachDocument', documentId: DOC.id }),
		method: 'DELETE',
		path: `/extractions/sessions/${SID}/documents/${DOC.id}`,
		status: 204,
		output: [{ detached: true, session_id: SID, document_id: DOC.id }],
		ability: 'sessions-write',
	},
];

describe.each(cases)('session: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

test('get documents follows pages', async () => {
	const scope = authedApi()
		.get(`/extractions/sessions/${SID}/documents`)
		.reply(200, { data: [DOC], meta: { current_page: 1, last_page: 2 } })
		.get(`/extractions/sessions/${SID}/documents`)
		.query({ page: 2 })
		.reply(200, { data: [DOC2], meta: { current_page: 2, last_page: 2 } });
	const result = await runRaydocs(session({ operation: 'getDocuments', returnAll: true }));
	expect(result.items.map((item) => item.json.id)).toEqual([DOC.id, DOC2.id]);
	scope.done();
});

test('upload documents from a binary: signed URL, PUT without the token, then the key', async () => {
	const bytes = Buffer.from('%PDF-1.7 invoice bytes');
	const storage = nock('https://storage.test', { badheaders: ['authorization'] })
		.put('/tmp/k1', (body) => Buffer.from(body, 'hex').equals(bytes) || body === bytes.toString())
		.query(true)
		.matchHeader('content-type', 'application/pdf')
		.matchHeader('x-amz-acl', 'private')
		.matchHeader('content-length', String(bytes.length))
		.reply(200);
	const api = authedApi()
		.post('/vapor/signed-storage-url', { content_type: 'application/pdf', visibility: 'private' })
		.reply(200, { key: 'tmp/k1', url: 'https://storage.test/tmp/k1?X-Amz-Signature=abc', headers: { 'Content-Type': 'application/pdf', 'x-amz-acl': 'private' } })
		.post(`/extractions/sessions/${SID}/documents/upload`, { keys: ['tmp/k1'] })
		.reply(200, { data: [DOC] });
	const result = await runRaydocs(session({ operation: 'uploadDocuments', source: 'binary', binaryPropertyName: 'data' }), [
		await binaryItem(bytes, 'invoice.pdf', 'application/pdf'),
	]);
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ id: DOC.id, session_id: SID });
	storage.done();
	api.done();
	expectNoToken(result);
});

test('legacy upload: signed URL, PUT without the token, then {key, filename} to the legacy endpoint', async () => {
	const bytes = Buffer.from('%PDF-1.7 legacy invoice');
	const storage = nock('https://storage.test', { badheaders: ['authorization'] })
		.put('/tmp/k2', (body) => Buffer.from(body, 'hex').equals(bytes) || body === bytes.toString())
		.query(true)
		.matchHeader('content-type', 'application/pdf')
		.reply(200);
	const legacyDoc = { id: DOC.id, filename: 'scan.pdf', status: 'uploaded', extraction_session_id: SID, meta: {}, created_at: '2026-01-01T00:00:00Z' };
	const api = authedApi()
		.post('/vapor/signed-storage-url', { content_type: 'application/pdf', visibility: 'private' })
		.reply(200, { key: 'tmp/k2', url: 'https://storage.test/tmp/k2?X-Amz-Signature=abc', headers: { 'Content-Type': 'application/pdf' } })
		.post(`/extractions/sessions/${SID}/documents`, { key: 'tmp/k2', filename: 'scan.pdf' })
		.reply(201, legacyDoc);
	const result = await runRaydocs(session({ operation: 'uploadDocumentLegacy', binaryPropertyName: 'data' }), [
		await binaryItem(bytes, 'scan.pdf', 'application/pdf'),
	]);
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json).toEqual({ ...legacyDoc, session_id: SID, file_key: 'tmp/k2' });
	expect(result.items[0].pairedItem).toEqual({ item: 0 });
	storage.done();
	api.done();
	expectNoToken(result);
});

test('legacy upload: a 403 names the missing ability', async () => {
	authedApi()
		.post('/vapor/signed-storage-url')
		.reply(200, { key: 'tmp/k3', url: 'https://storage.test/tmp/k3?X-Amz-Signature=abc', headers: {} })
		.post(`/extractions/sessions/${SID}/documents`)
		.reply(403, { message: 'Invalid ability provided.', required_ability: 'sessions-write' });
	nock('https://storage.test').put('/tmp/k3').query(true).reply(200);
	const result = await runRaydocs(session({ operation: 'uploadDocumentLegacy', binaryPropertyName: 'data' }), [
		await binaryItem(Buffer.from('%PDF-1.7'), 'scan.pdf', 'application/pdf'),
	]);
	expect(result.error?.message).toBe('The access token lacks the "sessions-write" ability [item 0]');
});

test('upload documents refuses an unsupported file type before sending', async () => {
	const result = await runRaydocs(session({ operation: 'uploadDocuments', source: 'binary', binaryPropertyName: 'data' }), [
		await binaryItem(Buffer.from('a,b'), 'table.csv', 'text/csv'),
	]);
	expect(result.error?.message).toBe('Item 0: "table.csv" is a file type this service does not accept');
});

describe('bad input fails before sending, naming the item and field', () => {
	test.each([
		['a malformed session ID', session({ operation: 'delete', sessionId: 'abc' }), 'Session "abc" is not a valid ID [item 0]'],
		['a malformed document ID to attach', session({ operation: 'attachDocuments', documentIds: `${DOC.id}, nope` }), 'Document "nope" is not a valid ID [item 0]'],
		['no document IDs', session({ operation: 'attachDocuments', documentIds: ' ' }), 'No Document IDs given [item 0]'],
		['a malformed document ID to detach', session({ operation: 'detachDocument', documentId: '1' }), 'Document "1" is not a valid ID [item 0]'],
		['an empty name', session({ operation: 'update', name: '' }), 'Name is empty [item 0]'],
		['no file keys', session({ operation: 'uploadDocuments', source: 'keys', fileKeys: '' }), 'No file keys given [item 0]'],
		['a missing binary field', session({ operation: 'uploadDocuments', source: 'binary', binaryPropertyName: 'file' }), 'Item 0 has no binary field "file"'],
		['a missing binary field (legacy upload)', session({ operation: 'uploadDocumentLegacy', binaryPropertyName: 'file' }), 'Item 0 has no binary field "file"'],
		['a malformed session ID (legacy upload)', session({ operation: 'uploadDocumentLegacy', sessionId: 'x' }), 'Session "x" is not a valid ID [item 0]'],
	])('%s', async (_, params, message) => {
		const result = await runRaydocs(params);
		expect(result.error?.message).toBe(message);
	});
});

test('Continue On Fail: a deleted session fails its item only', async () => {
	const other = '770e8400-e29b-41d4-a716-446655440009';
	const scope = nock(RAYDOCS_URL, { reqheaders: { authorization: `Bearer ${RAYDOCS_TOKEN}` } })
		.delete(`/extractions/sessions/${SID}`)
		.reply(404, { message: 'Not found' })
		.delete(`/extractions/sessions/${other}`)
		.reply(204);
	const result = await runRaydocs(session({ operation: 'delete', sessionId: '={{ $json.id }}' }), [{ json: { id: SID } }, { json: { id: other } }], {
		continueOnFail: true,
	});
	expect(result.items.map((item) => item.json.error ?? item.json.deleted)).toEqual([`Session ${SID} was not found [item 0]`, true]);
	expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	scope.done();
});

describe('signed upload URL and content types beyond PDF/PNG/JPEG', () => {
	const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
	const upload = async () =>
		await runRaydocs(session({ operation: 'uploadDocuments', source: 'binary', binaryPropertyName: 'data' }), [await binaryItem(Buffer.from('PK\u0003\u0004 docx bytes'), 'contract.docx', DOCX)]);

	test('a refused content_type is asked once more without it; the upload then uses the returned headers', async () => {
		const storage = nock('https://storage.test', { badheaders: ['authorization'] }).put('/tmp/k9').query(true).matchHeader('content-type', 'application/octet-stream').reply(200);
		const api = authedApi()
			.post('/vapor/signed-storage-url', { content_type: DOCX, visibility: 'private' })
			.reply(422, { message: 'The selected content type is invalid.', errors: { content_type: ['The selected content type is invalid.'] } })
			.post('/vapor/signed-storage-url', { visibility: 'private' })
			.reply(200, { key: 'tmp/k9', url: 'https://storage.test/tmp/k9?X-Amz-Signature=abc', headers: { 'Content-Type': 'application/octet-stream' } })
			.post(`/extractions/sessions/${SID}/documents/upload`, { keys: ['tmp/k9'] })
			.reply(200, { data: [DOC] });
		const result = await upload();
		expect(result.error).toBeUndefined();
		storage.done();
		api.done();
	});

	test('any other refusal is reported as it is, with no second request', async () => {
		const api = authedApi().post('/vapor/signed-storage-url').reply(422, { message: 'The visibility is invalid.', errors: { visibility: ['The visibility is invalid.'] } });
		const result = await upload();
		expect(result.error?.message).toBe('Raydocs rejected the request: The visibility is invalid. [item 0]');
		api.done();
	});
});

describe('a Session ID left at its default ({{ $json.session_id }}) on an item without one', () => {
	test.each([
		['session', 'get'],
		['session', 'getDocuments'],
		['result', 'getAll'],
	])('%s → %s says the incoming item has no session_id and what to connect or type', async (resource, operation) => {
		const result = await runRaydocs({ resource, operation }, [{ json: { name: 'no session here' } }]);
		expect(result.error?.message).toBe('Session is empty: the incoming item has no "session_id" field [item 0]');
		expect(result.error?.description).toMatch(/Batch → Create Sessions/);
		expect(result.error?.description).toMatch(/replace the expression with the Session ID/);
		expect(result.error?.description).not.toMatch(/Pick one from the list/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a Session ID typed empty is "empty", not an invalid ID to pick from a list', async () => {
		const result = await runRaydocs({ resource: 'session', operation: 'get', sessionId: '' });
		expect(result.error?.message).toBe('Session is empty [item 0]');
		expect(result.error?.description).not.toMatch(/Pick one from the list/);
	});
});

describe('upload documents with Skip Already Uploaded Files (Same Content)', () => {
	const TID = '550e8400-e29b-41d4-a716-446655440000';
	const bytes = Buffer.from('%PDF-1.7 invoice bytes seen before');
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const params = session({ operation: 'uploadDocuments', source: 'binary', binaryPropertyName: 'data', skipUploaded: true });
	const lookUp = () => authedApi().get('/workspaces/12/documents').query({ query: sha256, per_page: '100' });

	test('content the workspace holds is attached, not uploaded; the session and template are read once per execution', async () => {
		const found = { ...DOC, sha256 };
		const api = authedApi()
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, extraction_template_id: TID })
			.get(`/extractions/templates/${TID}`)
			.reply(200, { id: TID, workspace_id: 12 })
			.post(`/extractions/sessions/${SID}/documents/attach`, { document_ids: [DOC.id] })
			.times(2)
			.reply(200, { data: [found] });
		lookUp().times(2).reply(200, { data: [found] });
		const result = await runRaydocs(params, [await binaryItem(bytes, 'invoice.pdf', 'application/pdf'), await binaryItem(bytes, 'copy.pdf', 'application/pdf')]);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ ...found, session_id: SID, reused: true },
			{ ...found, session_id: SID, reused: true },
		]);
		api.done();
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('content the workspace does not hold is uploaded as before, marked reused: false', async () => {
		const storage = nock('https://storage.test').put('/tmp/k9').query(true).reply(200);
		const api = authedApi()
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, extraction_template_id: TID })
			.get(`/extractions/templates/${TID}`)
			.reply(200, { id: TID, workspace_id: 12 })
			.post('/vapor/signed-storage-url')
			.reply(200, { key: 'tmp/k9', url: 'https://storage.test/tmp/k9?X-Amz-Signature=abc', headers: {} })
			.post(`/extractions/sessions/${SID}/documents/upload`, { keys: ['tmp/k9'] })
			.reply(200, { data: [DOC] });
		lookUp().reply(200, { data: [{ ...DOC2, filename: `${sha256}.pdf` }] });
		const result = await runRaydocs(params, [await binaryItem(bytes, 'invoice.pdf', 'application/pdf')]);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ ...DOC, session_id: SID, reused: false }]);
		storage.done();
		api.done();
	});
});
