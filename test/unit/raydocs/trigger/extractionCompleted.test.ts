import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { fastRetries } from '../../../helpers/raydocs';
import { expectNoTokenLogged, iso, newStore, poll, serve, spyOnWarn, type Fault, type Query } from './harness';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastRetries());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});

interface Run {
	id: string;
	extraction_session_id: string;
	status: string;
	title: string | null;
	data?: IDataObject;
	created_at: string;
	completed_at: string | null;
}

/** GET /extractions/sessions/{id} embedding its runs, and GET /extractions/results/{id}. */
class SessionsFeed {
	sessions = new Map<string, { id: string; name: string; status: string; results: Run[] }>();
	log: Array<{ path: string; query: Query }> = [];
	fault?: Fault;
	/** Runs the session embeds as `{id, status, title}` only, as the session page's prose shows. */
	summaries = new Set<string>();
	private serial = 0;

	constructor() {
		serve(/^\/extractions\/sessions\/[^/]+$/, (_q, path) => this.session(path.split('/')[3]), this.log, (q, p) => this.fault?.(q, p));
		serve(/^\/extractions\/results\/[^/]+$/, (_q, path) => this.result(path.split('/')[3]), this.log, (q, p) => this.fault?.(q, p));
	}

	addSessions(count: number): string[] {
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			const id = `770e8400-0000-4000-8000-${String(++this.serial).padStart(12, '0')}`;
			this.sessions.set(id, { id, name: `invoice-${this.serial}.pdf`, status: 'pending', results: [] });
			ids.push(id);
		}
		return ids;
	}

	/** A run in the session; `status` completed gets data and a completion time. */
	run(sessionId: string, status = 'completed', options: { at?: number; slim?: boolean } = {}): string {
		const id = `990e8400-0000-4000-8000-${String(++this.serial).padStart(12, '0')}`;
		const at = iso(options.at ?? Date.now() + this.serial);
		const done = status === 'completed' || status === 'failed';
		this.sessions.get(sessionId)!.results.push({
			id,
			extraction_session_id: sessionId,
			status,
			title: done ? `Invoice ${this.serial}` : null,
			...(status === 'completed' && !options.slim ? { data: { invoice_details: { invoice_number: `INV-${this.serial}` } } } : {}),
			created_at: at,
			completed_at: done ? at : null,
		});
		return id;
	}

	finish(runId: string, status = 'completed'): void {
		for (const session of this.sessions.values()) {
			const run = session.results.find((r) => r.id === runId);
			if (!run) continue;
			run.status = status;
			run.completed_at = iso(Date.now() + ++this.serial);
			if (status === 'completed') run.data = { invoice_details: { invoice_number: 'LATE' } };
		}
	}

	requests(): number {
		return this.log.length;
	}

	private session(id: string): [number, unknown] {
		const session = this.sessions.get(id);
		if (!session) return [404, { message: 'Not found.' }];
		const results = session.results.map((r) => (this.summaries.has(r.id) ? { id: r.id, status: r.status, title: r.title } : r));
		return [200, { ...session, results }];
	}

	private result(id: string): [number, unknown] {
		for (const session of this.sessions.values()) {
			const run = session.results.find((r) => r.id === id);
			if (run) return [200, { ...run, data: run.data ?? { invoice_details: { invoice_number: 'FULL' } } }];
		}
		return [404, { message: 'Not found.' }];
	}
}

const watch = (sessionIds: string[], options: IDataObject = {}): IDataObject => ({
	event: 'extractionCompleted',
	sessionIds: sessionIds.join(', '),
	options,
});
const ids = (result: { items: Array<{ json: IDataObject }> | null }) => (result.items ?? []).map((item) => String(item.json.result_id));

describe('Extraction Completed in Watched Sessions', () => {
	test('first activation: runs finished so far are history; an idle poll is one request per watched session', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(4);
		feed.run(sessions[0]);
		const running = feed.run(sessions[1], 'processing');
		const store = newStore();

		expect((await poll(watch(sessions), store)).items).toBeNull();
		expect(feed.requests()).toBe(4);
		for (let i = 0; i < 2; i++) {
			const before = feed.requests();
			expect((await poll(watch(sessions), store)).items).toBeNull();
			expect(feed.requests() - before).toBe(4);
		}

		feed.finish(running);
		const fired = await poll(watch(sessions), store);
		expect(ids(fired)).toEqual([running]);
		expect(fired.items?.[0].json).toMatchObject({
			result_id: running,
			session_id: sessions[1],
			session_name: 'invoice-2.pdf',
			status: 'completed',
			data: { invoice_details: { invoice_number: 'LATE' } },
		});
		expect(fired.items?.[0].json.completed_at).toEqual(expect.any(String));
		expect((await poll(watch(sessions), store)).items).toBeNull();
	});

	test('manual test run: the most recently finished run, state untouched; none gives a sample built from the template', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(2);
		const TEMPLATE = '550e8400-e29b-41d4-a716-446655440000';
		(feed.sessions.get(sessions[0]) as IDataObject).extraction_template_id = TEMPLATE;
		serve(/^\/extractions\/templates\/[^/]+$/, () => [
			200,
			{ id: TEMPLATE, name: 'Invoice Extraction', schema_json: { config: {}, groups: { invoice_details: { fields: { invoice_number: { type: 'string' }, total_amount: { type: 'number' } } } } } },
		], feed.log);
		const store = newStore();
		const nothing = await poll(watch(sessions), store, 'manual');
		expect(nothing.error).toBeUndefined();
		expect(nothing.items?.[0].json).toMatchObject({
			sample: true,
			session_id: sessions[0],
			status: 'completed',
			data: { invoice_details: { invoice_number: 'example invoice_number', total_amount: 123.45 } },
		});
		expect(nothing.items?.[0].json.sample_note).toContain('with the fields of template "Invoice Extraction"');
		expect(store.data).toEqual({});
		feed.run(sessions[0], 'completed', { at: Date.now() - 5000 });
		const newest = feed.run(sessions[1], 'completed', { at: Date.now() - 1000 });
		feed.run(sessions[1], 'failed', { at: Date.now() });
		const result = await poll(watch(sessions), store, 'manual');
		expect(ids(result)).toEqual([newest]);
		expect(store.data).toEqual({});
	});

	test('a burst of many runs across sessions between polls: every run once', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(10);
		const store = newStore();
		await poll(watch(sessions), store);
		const added: string[] = [];
		for (let i = 0; i < 300; i++) added.push(feed.run(sessions[i % 10]));
		const fired = await poll(watch(sessions), store);
		expect(ids(fired).sort()).toEqual([...added].sort());
		expect((await poll(watch(sessions), store)).items).toBeNull();
	});

	test('runs finishing at the same instant in several sessions, and one more at that instant later: each once', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(3);
		const store = newStore();
		await poll(watch(sessions), store);
		const same = Date.now() + 5000;
		const tied = sessions.map((s) => feed.run(s, 'completed', { at: same }));
		expect(ids(await poll(watch(sessions), store)).sort()).toEqual([...tied].sort());
		const late = feed.run(sessions[0], 'completed', { at: same });
		expect(ids(await poll(watch(sessions), store))).toEqual([late]);
	});

	test('restart: a new node over the JSON-persisted static data emits nothing twice', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(2);
		let store = newStore();
		await poll(watch(sessions), store);
		const a = feed.run(sessions[0]);
		expect(ids(await poll(watch(sessions), store))).toEqual([a]);
		store = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		const b = feed.run(sessions[1]);
		expect(ids(await poll(watch(sessions), store))).toEqual([b]);
	});

	test('a failure partway through the sessions: those read are emitted, the next poll emits the rest, nothing twice', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(5);
		const store = newStore();
		await poll(watch(sessions), store);
		const added = sessions.map((s) => feed.run(s));
		const warn = spyOnWarn();
		feed.fault = (_q, path) => (path.endsWith(sessions[2]) ? 503 : undefined);
		const first = await poll(watch(sessions), store);
		expect(first.error).toBeUndefined();
		expect(ids(first)).toEqual(added.slice(0, 2));
		expect(warn).toHaveBeenCalled();
		expectNoTokenLogged(warn);
		feed.fault = undefined;
		const second = await poll(watch(sessions), store);
		expect(ids(second)).toEqual(added.slice(2));
		expect((await poll(watch(sessions), store)).items).toBeNull();
	});

	test('401 throws and moves nothing; 503 is logged, returns null and keeps the state; 404 names the session', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(2);
		const store = newStore();
		await poll(watch(sessions), store);
		const saved = JSON.stringify(store.data);
		const waiting = feed.run(sessions[1]);

		feed.fault = () => 401;
		const denied = await poll(watch(sessions), store);
		expect(denied.error?.message).toMatch(/did not accept the access token/);
		expect(JSON.stringify(store.data)).toBe(saved);

		const warn = spyOnWarn();
		feed.fault = () => 503;
		const down = await poll(watch(sessions), store);
		expect(down.error).toBeUndefined();
		expect(down.items).toBeNull();
		expect(warn).toHaveBeenCalledTimes(1);
		expectNoTokenLogged(warn);
		expect(JSON.stringify(store.data)).toBe(saved);

		feed.fault = undefined;
		const gone = '770e8400-0000-4000-8000-999999999999';
		const missing = await poll(watch([...sessions, gone]), store);
		expect(missing.error?.message).toMatch(new RegExp(`Watched session ${gone} was not found`));
		expect(JSON.stringify(store.data)).toBe(saved);

		expect(ids(await poll(watch(sessions), store))).toEqual([waiting]);
	});

	test('Include Failed emits failed runs once; without it they are not emitted', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(1);
		const store = newStore();
		await poll(watch(sessions, { includeFailed: true }), store);
		const failed = feed.run(sessions[0], 'failed');
		const fired = await poll(watch(sessions, { includeFailed: true }), store);
		expect(ids(fired)).toEqual([failed]);
		expect(fired.items?.[0].json.status).toBe('failed');
		expect((await poll(watch(sessions, { includeFailed: true }), store)).items).toBeNull();

		const other = newStore();
		await poll(watch(sessions), other);
		feed.run(sessions[0], 'failed');
		expect((await poll(watch(sessions), other)).items).toBeNull();
	});

	test('a session added to the list later: its old runs are history, new ones are emitted; a legacy slim run is fetched in full', async () => {
		const feed = new SessionsFeed();
		const [first, later] = feed.addSessions(2);
		feed.run(later, 'completed', { at: Date.now() - 3_600_000 });
		const store = newStore();
		await poll(watch([first]), store);
		expect((await poll(watch([first, later]), store)).items).toBeNull();
		const slim = feed.run(later, 'completed', { slim: true });
		const fired = await poll(watch([first, later]), store);
		expect(ids(fired)).toEqual([slim]);
		expect(fired.items?.[0].json.data).toEqual({ invoice_details: { invoice_number: 'FULL' } });
	});

	test('summaries {id, status, title}: a session added later emits its run that finished after activation, read in full; an older one stays history', async () => {
		const feed = new SessionsFeed();
		const [first, later] = feed.addSessions(2);
		const store = newStore();
		await poll(watch([first]), store);
		const old = feed.run(later, 'completed', { at: Date.now() - 3_600_000 });
		const fresh = feed.run(later, 'completed', { at: Date.now() + 60_000 });
		feed.summaries.add(old).add(fresh);
		const fired = await poll(watch([first, later]), store);
		expect(ids(fired)).toEqual([fresh]);
		expect(fired.items?.[0].json).toMatchObject({ status: 'completed', data: expect.any(Object) });
		expect((await poll(watch([first, later]), store)).items).toBeNull();
	});

	test('session IDs that are not UUIDs are refused before anything is sent; a list from an expression is accepted', async () => {
		const feed = new SessionsFeed();
		const bad = await poll({ event: 'extractionCompleted', sessionIds: 'abc, 770e8400-0000-4000-8000-000000000001' }, newStore());
		expect(bad.error?.message).toMatch(/Session ID "abc" is not a valid ID/);
		expect(feed.requests()).toBe(0);
		const sessions = feed.addSessions(2);
		const listed = await poll({ event: 'extractionCompleted', sessionIds: `={{ ${JSON.stringify(sessions)} }}` }, newStore());
		expect(listed.error).toBeUndefined();
		expect(feed.requests()).toBe(2);
	});

	test('Start From a date: the first poll emits runs finished since, not before', async () => {
		const feed = new SessionsFeed();
		const [session] = feed.addSessions(1);
		feed.run(session, 'completed', { at: Date.now() - 7_200_000 });
		const recent = feed.run(session, 'completed', { at: Date.now() - 1_800_000 });
		const store = newStore();
		const backfill = watch([session], { startFrom: 'date', startDate: iso(Date.now() - 3_600_000) });
		expect(ids(await poll(backfill, store))).toEqual([recent]);
		expect((await poll(backfill, store)).items).toBeNull();
	});
});

describe('state stored before the watch list was shared', () => {
	test('a state that keeps its handled runs under "sessions" is read as it is: nothing is emitted again', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(2);
		const done = feed.run(sessions[0], 'completed', { at: Date.now() - 1000 });
		const store = newStore();
		// What the trigger stored before: the handled run ids under `sessions`.
		const stored = { initialized: true, startAt: Date.now() - 60_000, sessions: { [sessions[0]]: [done], [sessions[1]]: [] } };
		store.data = { 'node:Raydocs Trigger': { watchedSessions: stored } };
		expect((await poll(watch(sessions), store)).items).toBeNull();
		const next = feed.run(sessions[1]);
		expect(ids(await poll(watch(sessions), store))).toEqual([next]);
	});
});

describe('Flatten (node version 2)', () => {
	const TEMPLATE = '550e8400-e29b-41d4-a716-446655440000';

	test('a new node puts each extracted field at the top level; a node saved at version 1 keeps data.<group>.<field>', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(1);
		const v1 = newStore();
		const v2 = newStore();
		await poll(watch(sessions), v1, undefined, 1);
		await poll(watch(sessions), v2, undefined, 2);
		const runId = feed.run(sessions[0]);

		const flat = await poll(watch(sessions), v2, undefined, 2);
		expect(flat.items?.[0].json).toMatchObject({ result_id: runId, session_id: sessions[0], status: 'completed', invoice_number: expect.stringMatching(/^INV-/) });
		expect(flat.items?.[0].json.data).toBeUndefined();

		const nested = await poll(watch(sessions), v1, undefined, 1);
		expect(nested.items?.[0].json).toMatchObject({ result_id: runId, data: { invoice_details: { invoice_number: expect.stringMatching(/^INV-/) } } });
		expect(nested.items?.[0].json.invoice_number).toBeUndefined();

		const off = newStore();
		await poll({ ...watch(sessions), flatten: false }, off, undefined, 2);
		feed.run(sessions[0]);
		expect((await poll({ ...watch(sessions), flatten: false }, off, undefined, 2)).items?.[0].json.data).toEqual({ invoice_details: { invoice_number: expect.any(String) } });
	});

	test('Fetch Test Event on a fresh account: the sample comes flattened, as real items will', async () => {
		const feed = new SessionsFeed();
		const sessions = feed.addSessions(1);
		(feed.sessions.get(sessions[0]) as IDataObject).extraction_template_id = TEMPLATE;
		serve(/^\/extractions\/templates\/[^/]+$/, () => [
			200,
			{ id: TEMPLATE, name: 'Invoice Extraction', schema_json: { config: {}, groups: { invoice_details: { fields: { invoice_number: { type: 'string' }, total_amount: { type: 'number' } } } } } },
		], feed.log);
		const sample = await poll(watch(sessions), newStore(), 'manual', 2);
		expect(sample.items?.[0].json).toMatchObject({ sample: true, session_id: sessions[0], invoice_number: 'example invoice_number', total_amount: 123.45 });
		expect(sample.items?.[0].json.data).toBeUndefined();
	});
});
