import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { PP_KEY, PP_URL, fastRetries, pollPP } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const T0 = Date.parse('2026-06-20T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A fake GET /v1/extractions: filters by status, parser and `since` (strictly after), newest
 * created first, at most `pageSize` per page whatever the client asks, opaque cursors.
 */
class FakeList {
	extractions: IDataObject[] = [];
	requests: IDataObject[] = [];
	pageSize = 100;
	serverNow = T0;
	failAt?: { request: number; status: number };

	add(id: string, status: string, updatedAt: number, extra: IDataObject = {}): void {
		const existing = this.extractions.find((e) => e.extraction_id === id);
		if (existing) Object.assign(existing, { status, updated_at: iso(updatedAt) });
		else this.extractions.push({ extraction_id: id, parser_id: 'prs_1', status, created_at: iso(updatedAt - 1000), updated_at: iso(updatedAt), ...extra });
	}

	install(): nock.Scope {
		return nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } })
			.persist()
			.get('/v1/extractions')
			.query(true)
			.reply((uri) => {
				const query = Object.fromEntries(new URL(uri, PP_URL).searchParams);
				this.requests.push(query);
				if (this.failAt && this.requests.length >= this.failAt.request) {
					return [this.failAt.status, { error: { code: this.failAt.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL_ERROR', message: 'no' } }];
				}
				const since = query.since ? Date.parse(query.since) : -Infinity;
				const matching = this.extractions
					.filter((e) => (!query.status || e.status === query.status) && (!query.parser_id || e.parser_id === query.parser_id))
					.filter((e) => Date.parse(String(e.updated_at)) > since)
					.reverse();
				const offset = query.cursor ? Number(query.cursor) : 0;
				const size = Math.min(this.pageSize, Number(query.limit ?? 50));
				const page = matching.slice(offset, offset + size);
				const more = offset + size < matching.length;
				return [
					200,
					{ extractions: page, pagination: { limit: size, has_next_page: more, next_cursor: more ? String(offset + size) : null } },
					{ Date: new Date(this.serverNow).toUTCString() },
				];
			});
	}
}

function ids(items: Array<{ json: IDataObject }> | null): string[] {
	return (items ?? []).map((item) => `${String(item.json.extraction_id)}:${String(item.json.status)}`);
}

const params = { statuses: ['completed'] };

test('first activation emits nothing, even for recent completions and with a skewed local clock; later ones are emitted once', async () => {
	const list = new FakeList();
	list.add('e_old', 'completed', T0 - 10_000);
	list.install();
	const staticData: IDataObject = {};
	expect((await pollPP(params, staticData)).items).toBeNull();
	// The server's clock (Date header), then one request per status from there minus the overlap.
	expect(list.requests).toEqual([{ limit: '1' }, { status: 'completed', limit: '100', since: iso(T0 - 120_000) }]);
	expect((await pollPP(params, staticData)).items).toBeNull();
	list.add('e_new', 'completed', T0 + 5_000);
	expect(ids((await pollPP(params, staticData)).items)).toEqual(['e_new:completed']);
	expect((await pollPP(params, staticData)).items).toBeNull();
});

test('an idle poll is one request per chosen status, asking since the watermark minus the overlap', async () => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	const statuses = { statuses: ['completed', 'partial', 'failed'], options: { overlapSeconds: 60 } };
	await pollPP(statuses, staticData);
	list.requests = [];
	list.add('e1', 'partial', T0 + 1_000);
	expect(ids((await pollPP(statuses, staticData)).items)).toEqual(['e1:partial']);
	list.requests = [];
	expect((await pollPP(statuses, staticData)).items).toBeNull();
	expect(list.requests.map((q) => q.status)).toEqual(['completed', 'partial', 'failed']);
	expect(list.requests.every((q) => q.since === iso(T0 + 1_000 - 60_000))).toBe(true);
});

test('a burst larger than one page, with equal timestamps, is emitted exactly once and in time order', async () => {
	const list = new FakeList();
	list.pageSize = 3;
	list.install();
	const staticData: IDataObject = {};
	await pollPP(params, staticData);
	for (let i = 0; i < 8; i++) list.add(`e${i}`, 'completed', T0 + 1_000 + Math.floor(i / 3) * 1_000);
	const first = await pollPP(params, staticData);
	expect(ids(first.items)).toEqual(Array.from({ length: 8 }, (_, i) => `e${i}:completed`));
	// Another one with the very same timestamp as the newest emitted shows up late.
	list.add('e_same', 'completed', T0 + 3_000);
	expect(ids((await pollPP(params, staticData)).items)).toEqual(['e_same:completed']);
	expect((await pollPP(params, staticData)).items).toBeNull();
});

test('de-duplicated by id AND status: the same extraction in two chosen statuses fires twice, never more', async () => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	const both = { statuses: ['completed', 'failed'] };
	await pollPP(both, staticData);
	list.add('e1', 'failed', T0 + 1_000);
	expect(ids((await pollPP(both, staticData)).items)).toEqual(['e1:failed']);
	list.add('e1', 'completed', T0 + 2_000); // e.g. re-run by the service
	expect(ids((await pollPP(both, staticData)).items)).toEqual(['e1:completed']);
	expect((await pollPP(both, staticData)).items).toBeNull();
});

test('a restart (static data saved as JSON and loaded into a new context) emits nothing twice', async () => {
	const list = new FakeList();
	list.install();
	let staticData: IDataObject = {};
	await pollPP(params, staticData);
	list.add('e1', 'completed', T0 + 1_000);
	expect(ids((await pollPP(params, staticData)).items)).toEqual(['e1:completed']);
	staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	list.add('e2', 'completed', T0 + 1_000);
	expect(ids((await pollPP(params, staticData)).items)).toEqual(['e2:completed']);
	staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	expect((await pollPP(params, staticData)).items).toBeNull();
});

test('a poll failing midway (page 2 keeps answering 500) returns null, keeps the state, and the next poll emits everything once', async () => {
	const list = new FakeList();
	list.pageSize = 2;
	list.install();
	const staticData: IDataObject = {};
	await pollPP(params, staticData);
	const before = JSON.stringify(staticData);
	for (let i = 0; i < 4; i++) list.add(`e${i}`, 'completed', T0 + 1_000 + i);
	list.requests = [];
	list.failAt = { request: 2, status: 500 };
	const failed = await pollPP(params, staticData);
	expect(failed.error).toBeUndefined();
	expect(failed.items).toBeNull();
	expect(JSON.stringify(staticData)).toBe(before);
	list.failAt = undefined;
	expect(ids((await pollPP(params, staticData)).items)).toEqual(['e0:completed', 'e1:completed', 'e2:completed', 'e3:completed']);
	expect((await pollPP(params, staticData)).items).toBeNull();
});

test.each([
	[401, /did not accept the API key/],
	[404, /Parser prs_1 was not found/],
])('%s is a configuration error: thrown with the fix, not swallowed', async (status, message) => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	await pollPP({ ...params, parserId: 'prs_1' }, staticData);
	list.failAt = { request: 1, status };
	const result = await pollPP({ ...params, parserId: 'prs_1' }, staticData);
	expect(result.error?.message).toMatch(message);
	expect(JSON.stringify(result.error)).not.toContain(PP_KEY);
});

test('manual mode returns the newest extraction without touching the state, or a marked sample while nothing has completed', async () => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	const empty = await pollPP(params, staticData, 'manual');
	expect(empty.error).toBeUndefined();
	expect(empty.items?.[0].json).toMatchObject({ sample: true, extraction_id: 'ext_sample', status: 'completed' });
	expect(empty.items?.[0].json.sample_note).toMatch(/^Example item, not real data: nothing has completed in PerfectParser yet/);
	list.add('e_a', 'completed', T0 - 5_000);
	list.add('e_b', 'completed', T0 - 1_000);
	list.add('e_c', 'completed', T0 - 3_000);
	expect(ids((await pollPP(params, staticData, 'manual')).items)).toEqual(['e_b:completed']);
	expect(staticData).toEqual({});
});

test('Include Results adds each new extraction\'s documents', async () => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	await pollPP(params, staticData);
	list.add('e1', 'completed', T0 + 1_000);
	const results = nock(PP_URL).get('/v1/extractions/e1/results').reply(200, { extraction: { extraction_id: 'e1', documents: [{ document_id: 'd1', extracted_data: { a: 1 } }] } });
	const out = await pollPP({ ...params, options: { includeResults: true } }, staticData);
	results.done();
	expect(out.items?.[0].json.documents).toEqual([{ document_id: 'd1', extracted_data: { a: 1 } }]);
});

test.each([404, 400])('Include Results: a %i on one extraction\'s results emits it without results, and the feed moves on', async (status) => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	await pollPP(params, staticData);
	list.add('e1', 'completed', T0 + 1_000);
	list.add('e2', 'completed', T0 + 2_000);
	const results = nock(PP_URL)
		.get('/v1/extractions/e1/results')
		.reply(status, { error: { code: 'RESOURCE_NOT_FOUND', message: 'Results not found' } })
		.get('/v1/extractions/e2/results')
		.reply(200, { extraction: { extraction_id: 'e2', documents: [{ document_id: 'd2' }] } });
	const options = { ...params, options: { includeResults: true } };
	const out = await pollPP(options, staticData);
	results.done();
	expect(out.error).toBeUndefined();
	expect(ids(out.items)).toEqual(['e1:completed', 'e2:completed']);
	expect(out.items?.[0].json).toMatchObject({ extraction_id: 'e1', resultsUnavailable: `HTTP ${status} RESOURCE_NOT_FOUND Results not found` });
	expect(out.items?.[0].json.documents).toBeUndefined();
	expect(out.items?.[1].json.documents).toEqual([{ document_id: 'd2' }]);
	// Emitted once: the next poll does not ask for them again.
	expect((await pollPP(options, staticData)).items).toBeNull();
});

test('Include Results: a 401 on the results still fails the poll as a configuration error', async () => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	await pollPP(params, staticData);
	list.add('e1', 'completed', T0 + 1_000);
	const results = nock(PP_URL).get('/v1/extractions/e1/results').reply(401, { error: { code: 'UNAUTHORIZED', message: 'Bad key' } });
	const out = await pollPP({ ...params, options: { includeResults: true } }, staticData);
	results.done();
	expect(out.error).toMatchObject({ httpCode: '401' });
});

test('a manual run on an account with no extraction returns a sample built from the chosen parser\'s schema, its results included', async () => {
	const list = new FakeList();
	list.install();
	const parser = nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } })
		.get('/v1/parsers/prs_1')
		.reply(200, {
			parser: {
				parser_id: 'prs_1',
				name: 'Invoices',
				schema: { type: 'object', properties: { invoice_number: { type: 'string' }, total_amount: { type: 'number' }, lines: { type: 'array', items: { type: 'object', properties: { qty: { type: 'integer' } } } } } },
			},
		});
	const staticData: IDataObject = {};
	const result = await pollPP({ ...params, parserId: { __rl: true, mode: 'list', value: 'prs_1' }, options: { includeResults: true } }, staticData, 'manual');
	expect(result.error).toBeUndefined();
	const json = result.items?.[0].json as IDataObject;
	expect(json).toMatchObject({ sample: true, parser_id: 'prs_1', parser_name: 'Invoices', status: 'completed' });
	expect(json.sample_note).toContain('with the fields of parser "Invoices"');
	expect((json.documents as IDataObject[])[0].extracted_data).toEqual({ invoice_number: 'example invoice_number', total_amount: 123.45, lines: [{ qty: 1 }] });
	expect(staticData).toEqual({});
	parser.done();
});

test('Include Results: when the results call keeps failing (503) the poll emits nothing and keeps the state; a later poll emits that extraction once, with its results', async () => {
	const list = new FakeList();
	list.install();
	const staticData: IDataObject = {};
	await pollPP(params, staticData);
	list.add('e1', 'completed', T0 + 1_000);
	list.add('e2', 'completed', T0 + 2_000);
	const options = { ...params, options: { includeResults: true } };
	const failing = nock(PP_URL)
		.persist()
		.get(/^\/v1\/extractions\/e\d\/results$/)
		.reply(503, { error: { code: 'INTERNAL_ERROR', message: 'down' } });
	const before = JSON.stringify(staticData);
	for (let poll = 0; poll < 3; poll++) {
		const out = await pollPP(options, staticData);
		expect(out.error).toBeUndefined();
		expect(out.items).toBeNull();
		expect(JSON.stringify(staticData)).toBe(before);
	}
	failing.persist(false);
	nock.cleanAll();
	list.install();
	const results = nock(PP_URL)
		.get('/v1/extractions/e1/results')
		.reply(200, { extraction: { extraction_id: 'e1', documents: [{ document_id: 'd1' }] } })
		.get('/v1/extractions/e2/results')
		.reply(200, { extraction: { extraction_id: 'e2', documents: [{ document_id: 'd2' }] } });
	const out = await pollPP(options, staticData);
	results.done();
	expect(ids(out.items)).toEqual(['e1:completed', 'e2:completed']);
	expect(out.items?.map((item) => item.json.documents)).toEqual([[{ document_id: 'd1' }], [{ document_id: 'd2' }]]);
	expect((await pollPP(options, staticData)).items).toBeNull();
});

describe('Flatten (node version 2)', () => {
	const withResults = { ...params, options: { includeResults: true } };

	test('Include Results at version 2: each document carries its extracted fields at its top level; version 1 keeps extracted_data', async () => {
		const list = new FakeList();
		list.install();
		const v1: IDataObject = {};
		const v2: IDataObject = {};
		await pollPP(params, v1, 'trigger', undefined, 1);
		await pollPP(params, v2, 'trigger', undefined, 2);
		list.add('e1', 'completed', T0 + 1_000);
		nock(PP_URL)
			.persist()
			.get('/v1/extractions/e1/results')
			.reply(200, { extraction: { extraction_id: 'e1', documents: [{ document_id: 'd1', status: 'completed', extracted_data: { invoice_number: 'INV-1', status: 'paid' } }] } });
		const flat = await pollPP(withResults, v2, 'trigger', undefined, 2);
		expect(flat.items?.[0].json).toMatchObject({ extraction_id: 'e1', status: 'completed' });
		expect(flat.items?.[0].json.documents).toEqual([{ document_id: 'd1', status: 'completed', invoice_number: 'INV-1', extracted_data_status: 'paid' }]);
		const nested = await pollPP(withResults, v1, 'trigger', undefined, 1);
		expect(nested.items?.[0].json.documents).toEqual([{ document_id: 'd1', status: 'completed', extracted_data: { invoice_number: 'INV-1', status: 'paid' } }]);
	});

	test('Fetch Test Event on a fresh account at version 2: the sample\'s document comes flattened, as real ones will', async () => {
		const list = new FakeList();
		list.install();
		nock(PP_URL, { reqheaders: { 'x-api-key': PP_KEY } })
			.get('/v1/parsers/prs_1')
			.reply(200, { parser: { parser_id: 'prs_1', name: 'Invoices', schema: { type: 'object', properties: { invoice_number: { type: 'string' }, total_amount: { type: 'number' } } } } });
		const result = await pollPP({ ...withResults, parserId: { __rl: true, mode: 'list', value: 'prs_1' } }, {}, 'manual', undefined, 2);
		const json = result.items?.[0].json as IDataObject;
		expect(json).toMatchObject({ sample: true, parser_id: 'prs_1' });
		expect((json.documents as IDataObject[])[0]).toEqual({ document_id: 'doc_sample', filename: 'sample.pdf', status: 'completed', invoice_number: 'example invoice_number', total_amount: 123.45 });
	});
});
