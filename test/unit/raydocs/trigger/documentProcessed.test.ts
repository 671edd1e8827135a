import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { DOCUMENTS_PAGE_SIZE } from '../../../../nodes/Raydocs/trigger/documentProcessed';
import { fastRetries } from '../../../helpers/raydocs';
import { expectNoTokenLogged, iso, newStore, poll, serve, spyOnWarn, type Fault, type Query } from './harness';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastRetries());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});

const DOCS_PATH = '/workspaces/12/documents';
const params: IDataObject = { event: 'documentProcessed', workspace: { __rl: true, mode: 'id', value: '12' } };

interface Doc {
	id: string;
	filename: string;
	mime: string;
	status: string;
	created_at: number;
}

/** GET /workspaces/{id}/documents: status/mime filters, sort + order, numbered pages. */
class DocumentsFeed {
	docs: Doc[] = [];
	log: Array<{ path: string; query: Query }> = [];
	fault?: Fault;
	/** A deployment that still says `ready` for parsed documents and answers the filter with them. */
	legacyReady = false;
	/** A server that ignores the `status` filter. */
	ignoreStatus = false;
	private serial = 0;

	constructor() {
		serve(new RegExp(`^${DOCS_PATH}$`), (q) => this.list(q), this.log, (q, p) => this.fault?.(q, p));
	}

	add(count: number, options: Partial<Doc> & { at?: number } = {}): string[] {
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			const id = `880e8400-0000-4000-8000-${String(++this.serial).padStart(12, '0')}`;
			this.docs.push({
				id,
				filename: options.filename ?? `invoice-${this.serial}.pdf`,
				mime: options.mime ?? 'application/pdf',
				status: options.status ?? 'processed',
				created_at: options.at ?? Date.now() + this.serial,
			});
			ids.push(id);
		}
		return ids;
	}

	process(id: string): void {
		this.docs.find((d) => d.id === id)!.status = 'processed';
	}

	requests(): number {
		return this.log.length;
	}

	private list(q: Query): [number, unknown] {
		const matching = this.docs
			.filter((d) => (!q.status || this.ignoreStatus || d.status === q.status || (this.legacyReady && q.status === 'processed' && d.status === 'ready')) && (!q.mime || d.mime === q.mime) && (!q.query || d.filename.includes(q.query)))
			.sort((a, b) => (q.order === 'desc' ? b.created_at - a.created_at || (a.id < b.id ? 1 : -1) : a.created_at - b.created_at));
		const per = Number(q.per_page ?? 15);
		const page = Number(q.page ?? 1);
		const last = Math.max(1, Math.ceil(matching.length / per));
		const data = matching.slice((page - 1) * per, page * per).map((d) => ({ ...d, workspace_id: 12, created_at: iso(d.created_at) }));
		return [200, { data, meta: { current_page: page, last_page: last, per_page: per, total: matching.length } }];
	}
}

const ids = (result: { items: Array<{ json: IDataObject }> | null }) => (result.items ?? []).map((item) => String(item.json.document_id));

describe('Document Processed', () => {
	test('first activation emits nothing (documents already processed are history); an idle poll is one request', async () => {
		const feed = new DocumentsFeed();
		feed.add(3, { at: Date.now() - 120_000 });
		feed.add(2, { at: Date.now() - 86_400_000 });
		const store = newStore();

		expect((await poll(params, store)).items).toBeNull();
		expect(feed.requests()).toBe(1);
		expect(feed.log[0].query).toMatchObject({ sort: 'created_at', order: 'desc', per_page: String(DOCUMENTS_PAGE_SIZE), page: '1' });
		// The spelling of a parsed document differs between the docs: no status filter is sent.
		expect(feed.log[0].query.status).toBeUndefined();

		for (let i = 0; i < 3; i++) {
			const before = feed.requests();
			expect((await poll(params, store)).items).toBeNull();
			expect(feed.requests() - before).toBe(1);
		}

		const added = feed.add(2);
		const fired = await poll(params, store);
		expect(ids(fired)).toEqual(added);
		expect(fired.items?.[0].json).toMatchObject({ document_id: added[0], filename: expect.any(String), mime: 'application/pdf', status: 'processed' });
		expect((await poll(params, store)).items).toBeNull();
	});

	test('a deployment that reports parsed documents as "ready" (legacy word) fires the trigger once per document', async () => {
		const feed = new DocumentsFeed();
		feed.legacyReady = true;
		feed.add(2, { at: Date.now() - 60_000, status: 'ready' });
		const store = newStore();
		expect((await poll(params, store)).items).toBeNull();
		const added = feed.add(2, { status: 'ready' });
		const fired = await poll(params, store);
		expect(ids(fired)).toEqual(added);
		expect(fired.items?.[0].json).toMatchObject({ status: 'ready' });
		expect((await poll(params, store)).items).toBeNull();
	});

	test('the data-model guide\'s "parsed" fires the trigger; "parsing", "pending" and "failed" do not', async () => {
		const feed = new DocumentsFeed();
		const store = newStore();
		expect((await poll(params, store)).items).toBeNull();
		feed.add(1, { status: 'parsing' });
		feed.add(1, { status: 'pending' });
		feed.add(1, { status: 'failed' });
		const parsed = feed.add(1, { status: 'parsed' });
		const fired = await poll(params, store);
		expect(ids(fired)).toEqual(parsed);
		expect(fired.items?.[0].json).toMatchObject({ status: 'parsed' });
	});

	test('a server that ignores the status filter: a document parsing longer than the overlap window is still emitted when it finishes', async () => {
		const feed = new DocumentsFeed();
		feed.ignoreStatus = true;
		const store = newStore();
		const opts = { ...params, options: { overlapMinutes: 10 } };
		expect((await poll(opts, store)).items).toBeNull();
		const [slow] = feed.add(1, { status: 'processing', at: Date.now() + 1_000 });
		// Newer documents, uploaded 20 and 40 minutes after the slow one, finish first.
		const quick = [...feed.add(1, { at: Date.now() + 20 * 60_000 }), ...feed.add(1, { at: Date.now() + 40 * 60_000 })];
		expect(ids(await poll(opts, store))).toEqual(quick);
		expect((await poll(opts, store)).items).toBeNull();
		feed.process(slow);
		expect(ids(await poll(opts, store))).toEqual([slow]);
		expect((await poll(opts, store)).items).toBeNull();
	});

	test('a document uploaded before activation that finishes processing after it is emitted (overlap window)', async () => {
		const feed = new DocumentsFeed();
		const [uploading] = feed.add(1, { at: Date.now() - 60_000, status: 'processing' });
		const store = newStore();
		await poll(params, store);
		feed.add(1);
		await poll(params, store);
		feed.process(uploading);
		expect(ids(await poll(params, store))).toEqual([uploading]);
		expect((await poll(params, store)).items).toBeNull();
	});

	test('manual test run: newest processed document matching the filters, state untouched; none gives a marked sample', async () => {
		const feed = new DocumentsFeed();
		const store = newStore();
		const empty = await poll(params, store, 'manual');
		expect(empty.error).toBeUndefined();
		expect(empty.items?.[0].json).toMatchObject({ sample: true, filename: 'example.pdf', status: 'processed' });
		expect(empty.items?.[0].json.sample_note).toMatch(/^Example item, not real data/);
		expect(store.data).toEqual({});
		const [scan] = feed.add(1, { filename: 'scan.png', mime: 'image/png' });
		feed.add(1, { filename: 'invoice-late.pdf' });
		const result = await poll({ ...params, options: { mime: 'image/png' } }, store, 'manual');
		expect(ids(result)).toEqual([scan]);
		expect(store.data).toEqual({});
	});

	test('MIME and filename filters go to the API and are checked again here', async () => {
		const feed = new DocumentsFeed();
		const store = newStore();
		const filtered = { ...params, options: { filename: 'INVOICE', mime: 'application/pdf' } };
		await poll(filtered, store);
		expect(feed.log[0].query).toMatchObject({ query: 'INVOICE', mime: 'application/pdf' });
		const lower = { ...params, options: { filename: 'invoice', mime: 'application/pdf' } };
		const store2 = newStore();
		await poll(lower, store2);
		const [wanted] = feed.add(1, { filename: 'invoice-9.pdf' });
		feed.add(1, { filename: 'invoice-9.png', mime: 'image/png' });
		expect(ids(await poll(lower, store2))).toEqual([wanted]);
	});

	test('a burst of 3x the page size: every document once, oldest first; with no overlap an idle poll after it is one request', async () => {
		const feed = new DocumentsFeed();
		feed.add(5, { at: Date.now() - 3_600_000 });
		const store = newStore();
		const noOverlap = { ...params, options: { overlapMinutes: 0 } };
		await poll(noOverlap, store);
		const added = feed.add(3 * DOCUMENTS_PAGE_SIZE);
		const fired = await poll(noOverlap, store);
		expect(ids(fired)).toEqual(added);
		const before = feed.requests();
		expect((await poll(noOverlap, store)).items).toBeNull();
		expect(feed.requests() - before).toBe(1);
	});

	test('equal upload times across the page boundary, and a later document with the same time as the last emitted', async () => {
		const feed = new DocumentsFeed();
		const store = newStore();
		await poll(params, store);
		const same = Date.now() + 10_000;
		const tied = feed.add(DOCUMENTS_PAGE_SIZE + 30, { at: same });
		const fired = await poll(params, store);
		expect(ids(fired).sort()).toEqual([...tied].sort());
		const [late] = feed.add(1, { at: same, status: 'processing' });
		expect((await poll(params, store)).items).toBeNull();
		feed.process(late);
		expect(ids(await poll(params, store))).toEqual([late]);
		expect((await poll(params, store)).items).toBeNull();
	});

	test('restart: a new node over the JSON-persisted static data emits nothing twice and misses nothing', async () => {
		const feed = new DocumentsFeed();
		let store = newStore();
		await poll(params, store);
		const a = feed.add(40);
		expect(ids(await poll(params, store))).toEqual(a);
		store = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		const b = feed.add(7);
		expect(ids(await poll(params, store))).toEqual(b);
	});

	test('a failure in the middle of the pages: what was read is emitted, the window is kept, the next poll emits the rest', async () => {
		const feed = new DocumentsFeed();
		feed.add(3, { at: Date.now() - 3_600_000 });
		const store = newStore();
		// No overlap: only the kept watermark can bring back the pages the failed poll did not read.
		const strict = { ...params, options: { overlapMinutes: 0 } };
		await poll(strict, store);
		const added = feed.add(250);
		const warn = spyOnWarn();
		feed.fault = (q) => (q.page === '2' ? 503 : undefined);
		const first = await poll(strict, store);
		expect(first.error).toBeUndefined();
		expect(ids(first)).toEqual(added.slice(150));
		expect(warn).toHaveBeenCalled();
		expectNoTokenLogged(warn);

		feed.fault = undefined;
		const second = await poll(strict, store);
		expect(ids(second)).toEqual(added.slice(0, 150));
		const all = [...ids(first), ...ids(second)];
		expect(new Set(all).size).toBe(250);
		expect((await poll(strict, store)).items).toBeNull();
	});

	test('401 throws with what to fix and moves nothing; 503 is logged, returns null and keeps the state', async () => {
		const feed = new DocumentsFeed();
		const store = newStore();
		await poll(params, store);
		const saved = JSON.stringify(store.data);
		const waiting = feed.add(2);

		feed.fault = () => 401;
		const denied = await poll(params, store);
		expect(denied.error?.message).toMatch(/did not accept the access token/);
		expect(JSON.stringify(store.data)).toBe(saved);

		const warn = spyOnWarn();
		feed.fault = () => 503;
		const down = await poll(params, store);
		expect(down.error).toBeUndefined();
		expect(down.items).toBeNull();
		expect(warn).toHaveBeenCalledTimes(1);
		expectNoTokenLogged(warn);
		expect(JSON.stringify(store.data)).toBe(saved);

		feed.fault = () => 403;
		expect((await poll(params, store)).error?.message).toMatch(/documents-read/);

		feed.fault = undefined;
		expect(ids(await poll(params, store))).toEqual(waiting);
	});

	test('a transient failure on the first activation is logged and the activation is tried again', async () => {
		const feed = new DocumentsFeed();
		feed.add(2, { at: Date.now() - 60_000 });
		const store = newStore();
		spyOnWarn();
		feed.fault = () => 502;
		expect((await poll(params, store)).items).toBeNull();
		feed.fault = undefined;
		expect((await poll(params, store)).items).toBeNull(); // the real first activation: still silence
		const added = feed.add(1);
		expect(ids(await poll(params, store))).toEqual(added);
	});

	test('Start From a date: the first poll emits what was uploaded since, not before', async () => {
		const feed = new DocumentsFeed();
		feed.add(1, { at: Date.now() - 7_200_000 });
		const recent = feed.add(2, { at: Date.now() - 1_800_000 });
		const store = newStore();
		const backfill = { ...params, options: { startFrom: 'date', startDate: iso(Date.now() - 3_600_000) } };
		expect(ids(await poll(backfill, store)).sort()).toEqual([...recent].sort());
		expect((await poll(backfill, store)).items).toBeNull();
	});
});
