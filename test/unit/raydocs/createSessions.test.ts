import { createHash } from 'crypto';
import nock from 'nock';

import { binaryItem } from '../../../dev/harness/n8nContext';

import { clock } from '../../../nodes/shared/waiting/wait';
import { authedApi, byId, FORBIDDEN, fastRetries, fastWaits, RAYDOCS_URL, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastRetries();
	fastWaits();
});
const realNow = clock.now;
afterEach(() => {
	nock.cleanAll();
	clock.now = realNow;
});

const TID = '550e8400-e29b-41d4-a716-446655440000';
const S1 = '770e8400-e29b-41d4-a716-446655440001';
const params = (extra: object = {}) => ({
	resource: 'batch',
	operation: 'createSessions',
	template: byId(TID),
	source: 'keys',
	fileKeys: '={{ $json.keys }}',
	autoExtract: true,
	...extra,
});
const batchPath = `/extractions/templates/${TID}/sessions/batch`;

test('a failed batch call gives each item it carried one error naming that item once, with the reusable file keys', async () => {
	authedApi().post(batchPath).reply(422, { message: 'The files field is invalid.' });
	const result = await runRaydocs(params({ waitForCompletion: false }), [{ json: { keys: 'tmp/a.pdf, tmp/b.pdf' } }, { json: { keys: 'tmp/c.pdf' } }], {
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => [item.pairedItem, item.json.error])).toEqual([
		[{ item: 0 }, 'Raydocs rejected the request: The files field is invalid. [item 0]'],
		[{ item: 1 }, 'Raydocs rejected the request: The files field is invalid. [item 1]'],
	]);
	for (const item of result.items) expect(item.json.errorDescription).toContain('tmp/a.pdf, tmp/b.pdf, tmp/c.pdf');
});

test('On Timeout "Fail": a session still running at Max Wait is an error naming it and its last status; "Return" marks it timed_out', async () => {
	let now = realNow();
	clock.now = () => (now += 60_000);
	nock(RAYDOCS_URL).post(batchPath).times(2).reply(200, [{ id: S1, name: 'a.pdf' }]);
	nock(RAYDOCS_URL).get(`/extractions/sessions/${S1}`).times(40).reply(200, { id: S1, status: 'processing', results: [] });
	const failing = await runRaydocs(params({ waitForCompletion: true, options: { maxWaitMinutes: 2, onTimeout: 'fail' } }), [{ json: { keys: 'tmp/a.pdf' } }]);
	expect(failing.error?.message).toBe(`Session ${S1} ("a.pdf") did not finish within the max wait [item 0]`);
	expect(failing.error?.description).toContain('Its last status was "processing"');
	const returning = await runRaydocs(params({ waitForCompletion: true, options: { maxWaitMinutes: 2 } }), [{ json: { keys: 'tmp/a.pdf' } }]);
	expect(returning.error).toBeUndefined();
	expect(returning.items.map((item) => item.json)).toEqual([expect.objectContaining({ session_id: S1, file_key: 'tmp/a.pdf', status: 'processing', timed_out: true })]);
});

test('items with another Auto Extract setting go in another call, each with its own setting', async () => {
	const bodies: unknown[] = [];
	authedApi()
		.post(batchPath, (body) => bodies.push(body) > 0)
		.times(2)
		.reply(200, (_uri, body) => (body as { files: string[] }).files.map((key, index) => ({ id: `${S1.slice(0, -1)}${index}`, name: key })));
	const result = await runRaydocs(params({ autoExtract: '={{ $json.auto }}', waitForCompletion: false }), [
		{ json: { keys: 'tmp/a.pdf', auto: true } },
		{ json: { keys: 'tmp/b.pdf', auto: false } },
	]);
	expect(result.error).toBeUndefined();
	expect(bodies).toEqual([
		{ files: ['tmp/a.pdf'], settings: { auto_extract: true } },
		{ files: ['tmp/b.pdf'], settings: { auto_extract: false } },
	]);
});

describe('Skip Already Uploaded Files (Same Content)', () => {
	const WS = 12;
	const DOC = '880e8400-e29b-41d4-a716-446655440000';
	const RID = '990e8400-e29b-41d4-a716-446655440000';
	const bytes = Buffer.from('%PDF-1.4 the same invoice, twice');
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const binaryParams = (extra: object = {}) => ({ resource: 'batch', operation: 'createSessions', template: byId(TID), autoExtract: true, waitForCompletion: false, ...extra });
	const input = async () => [await binaryItem(bytes, 'invoice.pdf', 'application/pdf')];
	const lookUp = () => authedApi().get(`/workspaces/${WS}/documents`).query({ query: sha256, per_page: '100' });
	const template = () => authedApi().get(`/extractions/templates/${TID}`).reply(200, { id: TID, workspace_id: WS });
	/** The signed-URL upload and the batch call of a file that is not reused. */
	const upload = () => {
		const put = nock('https://storage.test').put('/tmp/u1').query(true).reply(200);
		const api = authedApi()
			.post('/vapor/signed-storage-url')
			.reply(200, { key: 'tmp/u1', url: 'https://storage.test/tmp/u1?X-Amz-Signature=sig', headers: {} })
			.post(batchPath, { files: ['tmp/u1'], settings: { auto_extract: true } })
			.reply(201, [{ id: S1, name: 'Pending...' }]);
		return { done: () => (put.done(), api.done()) };
	};

	test('a second run of the same file finds it by its hash and attaches it: no upload URL, no PUT, no batch call', async () => {
		// First run: the workspace holds nothing with this content yet, so the file is uploaded.
		template();
		lookUp().reply(200, { data: [], meta: { total: 0 } });
		const first = upload();
		const firstRun = await runRaydocs(binaryParams({ skipUploaded: true }), await input());
		expect(firstRun.error).toBeUndefined();
		expect(firstRun.items[0].json).toMatchObject({ session_id: S1, file_key: 'tmp/u1', reused: false });
		first.done();

		// Second run: the look-up finds the document; only session, attach and run requests follow.
		const S2 = '770e8400-e29b-41d4-a716-446655440002';
		template();
		lookUp().reply(200, { data: [{ id: DOC, filename: 'invoice.pdf', sha256 }], meta: { total: 1 } });
		const reuse = authedApi()
			.post('/extractions/sessions', { extraction_template_id: TID, name: 'invoice.pdf' })
			.reply(201, { id: S2, name: 'invoice.pdf', created_at: '2024-01-15T10:30:00Z' })
			.post(`/extractions/sessions/${S2}/documents/attach`, { document_ids: [DOC] })
			.reply(200, { data: [{ id: DOC }] })
			.post(`/extractions/sessions/${S2}/results`)
			.reply(201, { id: RID, status: 'created' });
		const secondRun = await runRaydocs(binaryParams({ skipUploaded: true }), await input());
		expect(secondRun.error).toBeUndefined();
		expect(secondRun.items.map((item) => item.json)).toEqual([
			{ session_id: S2, filename: 'invoice.pdf', file_key: null, reused: true, document_id: DOC, created_at: '2024-01-15T10:30:00Z', name: 'invoice.pdf', status: 'pending' },
		]);
		reuse.done();
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a search hit whose sha256 is another file\'s, or that carries none, is no match: the file is uploaded', async () => {
		template();
		lookUp().reply(200, { data: [{ id: DOC, filename: sha256, sha256: `${sha256.slice(0, -1)}0` }, { id: '880e8400-e29b-41d4-a716-446655440001', filename: `${sha256}.pdf` }] });
		const uploaded = upload();
		const result = await runRaydocs(binaryParams({ skipUploaded: true }), await input());
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ session_id: S1, file_key: 'tmp/u1', reused: false, document_id: null });
		uploaded.done();
	});

	test('off by default: no template read, no look-up, and the item keeps its shape', async () => {
		const uploaded = upload();
		const result = await runRaydocs(binaryParams(), await input());
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ session_id: S1, filename: 'invoice.pdf', file_key: 'tmp/u1', created_at: null, name: 'Pending...', status: 'pending' });
		uploaded.done();
	});

	test('the look-up is a read: a 503 is retried', async () => {
		template();
		lookUp().reply(503, { message: 'Service Unavailable' });
		lookUp().reply(200, { data: [] });
		const uploaded = upload();
		const result = await runRaydocs(binaryParams({ skipUploaded: true }), await input());
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ reused: false });
		uploaded.done();
	});

	test('a 403 on the look-up names the documents-read ability and the option that makes the request', async () => {
		template();
		lookUp().reply(403, FORBIDDEN);
		const result = await runRaydocs(binaryParams({ skipUploaded: true }), await input());
		expect(result.error?.message).toContain('[item 0]');
		const said = `${result.error?.message} ${result.error?.description}`;
		expect(said).toContain('documents-read');
		expect(said).toContain('turn it off');
		expect(said).toContain('Skip Already Uploaded Files (Same Content)');
	});
	test('a reused document whose attach fails is that item\'s error, naming the session already created for it', async () => {
		const S2 = '770e8400-e29b-41d4-a716-446655440002';
		template();
		lookUp().reply(200, { data: [{ id: DOC, sha256 }] });
		const api = authedApi()
			.post('/extractions/sessions')
			.reply(201, { id: S2 })
			.post(`/extractions/sessions/${S2}/documents/attach`)
			.reply(422, { message: 'The documents do not belong to the session workspace.' });
		const result = await runRaydocs(binaryParams({ skipUploaded: true }), await input(), { continueOnFail: true });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe('Raydocs rejected the request: The documents do not belong to the session workspace. [item 0]');
		expect(result.items[0].json.errorDescription).toContain(`Session ${S2} was created for it`);
		api.done();
	});
});
