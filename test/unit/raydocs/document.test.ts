import nock from 'nock';

import { binaryItem } from '../../../dev/harness/n8nContext';
import { authedApi, binaryBytes, byId, expectNoToken, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const DID = '880e8400-e29b-41d4-a716-446655440000';
const HASH = '6de7f6f5894c9f3fd1f6f8a4d1b3115d0d9b4b19d7a8a661f9fe90f9c2d80c3b';
const DOC = { id: DID, workspace_id: 12, filename: 'invoice.pdf', mime: 'application/pdf', size: 9, sha256: HASH, status: 'processed' };
const doc = (params: object) => ({ resource: 'document', workspace: byId(12), documentId: DID, ...params });
const created = (reused: boolean) => ({
	document: { id: DID, workspace_id: 12, filename: 'invoice.pdf', sha256: HASH, status: 'uploaded' },
	dedup: { reused, matched_by: 'sha256' },
	document_ref: { kind: 'documentRef', documentId: DID, workspaceId: 12 },
});

const cases: ApiCase[] = [
	{
		name: 'get many with every filter, sort and per_page = limit',
		params: doc({
			operation: 'getAll',
			returnAll: false,
			limit: 20,
			filters: { query: 'invoice', mime: 'application/pdf', status: 'processed', source_type: 'url' },
			sort: { sort: 'filename', order: 'asc' },
		}),
		method: 'GET',
		path: '/workspaces/12/documents',
		query: { query: 'invoice', mime: 'application/pdf', status: 'processed', source_type: 'url', sort: 'filename', order: 'asc', page: 1, per_page: 20 },
		reply: { data: [DOC], meta: { current_page: 1, last_page: 1, per_page: 20, total: 1 } },
		output: [DOC],
		ability: 'documents-read',
	},
	{
		name: 'import from URL (new document, 201)',
		params: doc({ operation: 'importUrl', url: 'https://example.com/invoice.pdf', options: { fileName: 'invoice.pdf' } }),
		method: 'POST',
		path: '/workspaces/12/documents:importUrl',
		body: { url: 'https://example.com/invoice.pdf', filename: 'invoice.pdf' },
		status: 201,
		reply: created(false),
		output: [{ id: DID, reused: false, matched_by: 'sha256', document_ref: { documentId: DID } }],
		ability: 'documents-write',
	},
	{
		name: 'import from URL reports "reused" (200 without dedup block)',
		params: doc({ operation: 'importUrl', url: 'https://example.com/invoice.pdf' }),
		method: 'POST',
		path: '/workspaces/12/documents:importUrl',
		body: { url: 'https://example.com/invoice.pdf' },
		status: 200,
		reply: { document: DOC },
		output: [{ id: DID, reused: true }],
	},
	{
		name: 'get',
		params: doc({ operation: 'get' }),
		method: 'GET',
		path: `/workspaces/12/documents/${DID}`,
		reply: DOC,
		output: [DOC],
		ability: 'documents-read',
	},
	{
		name: 'get download URL',
		params: doc({ operation: 'getDownloadUrl' }),
		method: 'GET',
		path: `/workspaces/12/documents/${DID}/url`,
		reply: { url: 'https://s3.test/doc?X-Amz-Signature=s', expires_at: '2026-03-04T10:10:00Z' },
		output: [{ document_id: DID, url: 'https://s3.test/doc?X-Amz-Signature=s', expires_at: '2026-03-04T10:10:00Z' }],
		ability: 'documents-read',
	},
	{
		name: 'reparse queued (202)',
		params: doc({ operation: 'reparse', configHash: HASH, options: { force: true, parserVersion: 'v2' } }),
		method: 'POST',
		path: `/workspaces/12/documents/${DID}/reparse`,
		body: { config_hash: HASH, force: true, parser_version: 'v2' },
		status: 202,
		reply: { status: 'queued' },
		output: [{ document_id: DID, config_hash: HASH, queued: true, status: 'queued' }],
		ability: 'documents-write',
	},
	{
		name: 'reparse already ready (200)',
		params: doc({ operation: 'reparse', configHash: HASH }),
		method: 'POST',
		path: `/workspaces/12/documents/${DID}/reparse`,
		body: { config_hash: HASH, force: false },
		reply: { status: 'ready' },
		output: [{ queued: false, status: 'ready' }],
	},
	{
		name: 'get session document (legacy)',
		params: doc({ operation: 'getSessionDocument' }),
		method: 'GET',
		path: `/extractions/documents/${DID}`,
		reply: { id: DID, filename: 'invoice.pdf', status: 'ready' },
		output: [{ id: DID, status: 'ready' }],
		ability: 'sessions-read',
	},
	{
		name: 'get session document URL (legacy)',
		params: doc({ operation: 'getSessionDocumentUrl' }),
		method: 'GET',
		path: `/extractions/documents/${DID}/url`,
		reply: { url: 'https://s3.test/legacy?X-Amz-Signature=s' },
		output: [{ document_id: DID, url: 'https://s3.test/legacy?X-Amz-Signature=s', expires_at: null }],
		ability: 'sessions-read',
	},
	{
		name: 'delete session document (legacy)',
		params: doc({ operation: 'deleteSessionDocument' }),
		method: 'DELETE',
		path: `/extractions/documents/${DID}`,
		status: 204,
		output: [{ deleted: true, document_id: DID }],
		ability: 'sessions-write',
	},
	{
		name: 'chunks, current blocks shape (bare array)',
		params: doc({ operation: 'getChunks' }),
		method: 'GET',
		path: `/extractions/documents/${DID}/chunks`,
		reply: [
			{
				id: 'c1',
				document_id: DID,
				chunk_index: 0,
				blocks: [
					{ block_id: 'doc:page:1:block:0', type: 'heading', content: 'Invoice', page_ref: 'Page 1' },
					{ block_id: 'doc:page:2:block:0', type: 'paragraph', content: 'Total: 10', page_ref: 'Page 2' },
				],
			},
		],
		output: [{ id: 'c1', chunk_index: 0, content: 'Invoice\n\nTotal: 10', pages: [1, 2] }],
		ability: 'sessions-read',
	},
	{
		name: 'chunks, legacy text shape (bare array)',
		params: doc({ operation: 'getChunks' }),
		method: 'GET',
		path: `/extractions/documents/${DID}/chunks`,
		reply: [{ id: 'c1', document_id: DID, chunk_index: 0, content: 'Invoice text', page_numbers: [1], token_count: 3 }],
		output: [{ id: 'c1', content: 'Invoice text', pages: [1], token_count: 3 }],
	},
	{
		name: 'chunks, OpenAPI shape ({data})',
		params: doc({ operation: 'getChunks' }),
		method: 'GET',
		path: `/extractions/documents/${DID}/chunks`,
		reply: { data: [{ id: 'c1', content: 'A', page_number: 3, chunk_index: 0, metadata: {} }, { id: 'c2', content: 'B', page_number: 4, chunk_index: 1 }] },
		output: [{ id: 'c1', document_id: DID, content: 'A', pages: [3] }, { id: 'c2', content: 'B', pages: [4] }],
	},
];

describe.each(cases)('document: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

test('get many: Return All walks pages of 100; Limit stops early', async () => {
	const page = (n: number, last: number) => ({ data: [{ id: `d${n}` }], meta: { current_page: n, last_page: last } });
	const all = authedApi()
		.get('/workspaces/12/documents')
		.query({ page: 1, per_page: 100 })
		.reply(200, page(1, 2))
		.get('/workspaces/12/documents')
		.query({ page: 2, per_page: 100 })
		.reply(200, page(2, 2));
	const everything = await runRaydocs(doc({ operation: 'getAll', returnAll: true }));
	expect(everything.items.map((item) => item.json.id)).toEqual(['d1', 'd2']);
	all.done();

	const one = authedApi().get('/workspaces/12/documents').query({ page: 1, per_page: 1 }).reply(200, page(1, 5));
	const limited = await runRaydocs(doc({ operation: 'getAll', returnAll: false, limit: 1 }));
	expect(limited.items.map((item) => item.json.id)).toEqual(['d1']);
	one.done();
});

test('create from binary: upload through the signed URL, register, report dedup', async () => {
	const bytes = Buffer.from('%PDF-1.7 bytes');
	const storage = nock('https://storage.test', { badheaders: ['authorization'] }).put('/tmp/k1').query(true).reply(200);
	const api = authedApi()
		.post('/vapor/signed-storage-url', { content_type: 'application/pdf', visibility: 'private' })
		.reply(200, { key: 'tmp/k1', url: 'https://storage.test/tmp/k1?X-Amz-Signature=abc', headers: { 'Content-Type': 'application/pdf' } })
		.post('/workspaces/12/documents', { key: 'tmp/k1', filename: 'renamed.pdf', mime: 'application/pdf' })
		.reply(200, created(true));
	const result = await runRaydocs(doc({ operation: 'create', binaryPropertyName: 'data', options: { fileName: 'renamed.pdf' } }), [
		await binaryItem(bytes, 'invoice.pdf', 'application/pdf'),
	]);
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ id: DID, reused: true, matched_by: 'sha256', file_key: 'tmp/k1' });
	storage.done();
	api.done();
	expectNoToken(result);
});

test('create from binary: 403 on registering names documents-write', async () => {
	nock('https://storage.test').put('/tmp/k1').query(true).reply(200);
	const api = authedApi()
		.post('/vapor/signed-storage-url')
		.reply(200, { key: 'tmp/k1', url: 'https://storage.test/tmp/k1?X-Amz-Signature=abc', headers: {} })
		.post('/workspaces/12/documents')
		.reply(403, { message: 'Invalid ability provided.' });
	const result = await runRaydocs(doc({ operation: 'create', binaryPropertyName: 'data' }), [await binaryItem(Buffer.from('x'), 'a.png', 'image/png')]);
	expect(result.error?.message).toBe('The access token lacks the "documents-write" ability [item 0]');
	api.done();
});

describe('download', () => {
	const SIGNED = 'https://s3.test/bucket/abc?X-Amz-Signature=SECRETSIG';

	test('fetches a fresh URL each time, downloads without the token, keeps name, MIME and bytes', async () => {
		const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x01, 0x02]);
		const api = authedApi()
			.get(`/workspaces/12/documents/${DID}`)
			.times(2)
			.reply(200, DOC)
			.get(`/workspaces/12/documents/${DID}/url`)
			.times(2)
			.reply(200, { url: SIGNED, expires_at: '2026-03-04T10:10:00Z' });
		const storage = nock('https://s3.test', { badheaders: ['authorization'] })
			.get('/bucket/abc')
			.query({ 'X-Amz-Signature': 'SECRETSIG' })
			.times(2)
			.reply(200, bytes, { 'Content-Type': 'binary/octet-stream' });
		const result = await runRaydocs(doc({ operation: 'download', binaryPropertyName: 'file' }), [{ json: {} }, { json: {} }]);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.binary?.file).toMatchObject({ fileName: 'invoice.pdf', mimeType: 'application/pdf' });
			expect((await binaryBytes(item, 'file')).equals(bytes)).toBe(true);
			expect(item.json).toMatchObject({ document_id: DID, filename: 'invoice.pdf', sha256: HASH, file_size: bytes.length });
			expect(JSON.stringify(item.json)).not.toContain('SECRETSIG');
		}
		api.done();
		storage.done();
		expectNoToken(result);
	});

	test('an expired URL fails without showing its signature', async () => {
		authedApi().get(`/workspaces/12/documents/${DID}`).reply(200, DOC).get(`/workspaces/12/documents/${DID}/url`).reply(200, { url: SIGNED });
		nock('https://s3.test').get('/bucket/abc').query(true).reply(403, '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
		const result = await runRaydocs(doc({ operation: 'download' }));
		expect(result.error?.message).toContain('[item 0]');
		expect(`${result.error?.message} ${result.error?.description} ${JSON.stringify(result.error)}`).not.toContain('SECRETSIG');
	});

	test('403 on the URL names documents-read', async () => {
		const api = authedApi()
			.get(`/workspaces/12/documents/${DID}`)
			.reply(200, DOC)
			.get(`/workspaces/12/documents/${DID}/url`)
			.reply(403, { message: 'Invalid ability provided.' });
		const result = await runRaydocs(doc({ operation: 'download' }));
		expect(result.error?.message).toBe('The access token lacks the "documents-read" ability [item 0]');
		api.done();
	});
});

describe('bad input fails before sending, naming the item and field', () => {
	test.each([
		['a short config hash', doc({ operation: 'reparse', configHash: 'cfg_9eeae65063f17f55' }), 'Config Hash must be exactly 64 characters, not 20 [item 0]'],
		['a 65-char config hash', doc({ operation: 'reparse', configHash: HASH + 'a' }), 'Config Hash must be exactly 64 characters, not 65 [item 0]'],
		['a malformed document ID', doc({ operation: 'get', documentId: '880e8400' }), 'Document "880e8400" is not a valid ID [item 0]'],
		['a non-http URL', doc({ operation: 'importUrl', url: 'ftp://example.com/a.pdf' }), 'URL "ftp://example.com/a.pdf" is not an http(s) address [item 0]'],
		['an empty URL', doc({ operation: 'importUrl', url: '' }), 'URL "" is not an http(s) address [item 0]'],
		['Limit below 1', doc({ operation: 'getAll', returnAll: false, limit: 0 }), 'Limit must be a whole number of at least 1, not 0 [item 0]'],
	])('%s', async (_, params, message) => {
		const result = await runRaydocs(params);
		expect(result.error?.message).toBe(message);
	});

	test('an empty file', async () => {
		const result = await runRaydocs(doc({ operation: 'create', binaryPropertyName: 'data' }), [await binaryItem(Buffer.alloc(0), 'a.pdf', 'application/pdf', { storage: 'memory' })]);
		expect(result.error?.message).toBe('Item 0: the file "a.pdf" is empty');
	});
});

test('Continue On Fail keeps the other items', async () => {
	const scope = authedApi().get(`/workspaces/12/documents/${DID}`).reply(200, DOC);
	const result = await runRaydocs(doc({ operation: 'get', documentId: '={{ $json.id }}' }), [{ json: { id: 'x' } }, { json: { id: DID } }], { continueOnFail: true });
	expect(result.items.map((item) => item.json.error ?? item.json.id)).toEqual(['Document "x" is not a valid ID [item 0]', DID]);
	scope.done();
});
