import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { RaydocsTrigger } from '../../../../nodes/Raydocs/RaydocsTrigger.node';
import { RUNS_PAGE_SIZE } from '../../../../nodes/Raydocs/trigger/workflowRunCompleted';
import { fastRetries } from '../../../helpers/raydocs';
import { expectNoTokenLogged, iso, newStore, poll, serve, spyOnWarn, type Fault, type Query } from './harness';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastRetries());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});

const WF = '22222222-2222-4222-8222-222222222222';
const RUNS_PATH = `/workspaces/12/workflows/${WF}/runs`;
const params: IDataObject = { event: 'workflowRunCompleted', workspace: { __rl: true, mode: 'id', value: '12' }, workflowId: WF };

interface Run {
	id: string;
	created_at: number;
	completed_at: number | null;
	status: string;
}

/** Cursor mode: completed runs created after `created_after`, (completed_at, id) ascending. */
class RunsFeed {
	runs: Run[] = [];
	outputs: Record<string, unknown> = {};
	log: Array<{ path: string; query: Query }> = [];
	fault?: Fault;
	/** The server's clock relative to this host's; `meta.server_time` reads it unless `noServerTime`. */
	offsetMs = 0;
	noServerTime = false;
	private clock = Date.now() + 5_000;
	private serial = 0;

	constructor() {
		serve(new RegExp(`^${RUNS_PATH}$`), (q) => this.list(q), this.log, (q, p) => this.fault?.(q, p));
		serve(new RegExp(`^${RUNS_PATH}/[^/]+/output$`), (_q, path) => [200, this.outputs[path.split('/')[6]] ?? { documents: [] }], this.log, (q, p) => this.fault?.(q, p));
	}

	/** Runs created after every activation so far, completed at `completedAt` (default: each a ms later). */
	add(count: number, completedAt?: number): string[] {
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			this.clock += 1;
			const id = `00000000-0000-4000-8000-${String(++this.serial).padStart(12, '0')}`;
			this.runs.push({ id, created_at: this.clock, completed_at: completedAt ?? this.clock, status: 'completed' });
			ids.push(id);
		}
		return ids;
	}

	requests(): number {
		return this.log.length;
	}

	private list(q: Query): [number, unknown] {
		const out = (r: Run) => ({ id: r.id, workflow_id: WF, workspace_id: 12, status: r.status, created_at: iso(r.created_at), completed_at: r.completed_at === null ? null : iso(r.completed_at) });
		if (q.pagination !== 'cursor') {
			const newest = this.runs.filter((r) => !q.status || r.status === q.status).sort((a, b) => b.created_at - a.created_at);
			return [200, { data: newest.slice(0, 15).map(out), meta: { current_page: 1, last_page: 1, per_page: 15, total: newest.length } }];
		}
		if (q.status !== 'completed' || !q.created_after) return [422, { message: 'The given data was invalid.' }];
		const after = Date.parse(q.created_after);
		const cursor = q.cursor ? (JSON.parse(Buffer.from(q.cursor, 'base64url').toString()) as { c: number; i: string }) : undefined;
		const eligible = this.runs
			.filter((r) => r.status === 'completed' && r.completed_at !== null && r.created_at > after)
			.filter((r) => !cursor || r.completed_at! > cursor.c || (r.completed_at === cursor.c && r.id > cursor.i))
			.sort((a, b) => a.completed_at! - b.completed_at! || (a.id < b.id ? -1 : 1));
		const per = Number(q.per_page ?? 100);
		const page = eligible.slice(0, per);
		const last = page[page.length - 1];
		const encode = (c: number, i: string) => Buffer.from(JSON.stringify({ c, i })).toString('base64url');
		const next = last ? encode(last.completed_at!, last.id) : (q.cursor ?? encode(-1, ''));
		const serverTime = this.noServerTime ? {} : { server_time: iso(Date.now() + this.offsetMs) };
		return [200, { data: page.map(out), meta: { per_page: per, has_more: eligible.length > per, next_cursor: next, ...serverTime } }];
	}
}

const ids = (result: { items: Array<{ json: IDataObject }> | null }) => (result.items ?? []).map((item) => String(item.json.run_id));

function expectNoDuplicates(all: string[]): void {
	expect(new Set(all).size).toBe(all.length);
}

describe('Workflow Run Completed', () => {
	test('description: polling, no inputs, not a tool, workflow is an ID field', () => {
		const { description } = new RaydocsTrigger();
		expect(description.name).toBe('raydocsTrigger');
		expect(description.polling).toBe(true);
		expect(description.inputs).toEqual([]);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.properties.find((p) => p.name === 'workflowId')?.type).toBe('string');
	});

	test('first activation records the position and emits nothing; an idle poll is one request', async () => {
		const feed = new RunsFeed();
		feed.runs.push({ id: 'old-run', created_at: Date.now() - 60_000, completed_at: Date.now() - 30_000, status: 'completed' });
		const store = newStore();
		const before = Date.now();

		expect((await poll(params, store)).items).toBeNull();
		expect(feed.requests()).toBe(1);
		expect(Date.parse(feed.log[0].query.created_after)).toBeGreaterThanOrEqual(before - 1000);
		expect(feed.log[0].query).toMatchObject({ pagination: 'cursor', status: 'completed', per_page: String(RUNS_PAGE_SIZE) });

		for (let i = 0; i < 3; i++) {
			const before = feed.requests();
			expect((await poll(params, store)).items).toBeNull();
			expect(feed.requests() - before).toBe(1);
		}
		// The durable checkpoint of an empty page is kept and sent back.
		expect(feed.log[feed.log.length - 1].query.cursor).toBeDefined();

		const added = feed.add(2);
		const fired = await poll(params, store);
		expect(ids(fired)).toEqual(added);
		expect(fired.items?.[0].json).toMatchObject({ run_id: added[0], workflow_id: WF, status: 'completed' });
		expect(fired.items?.[0].json.completed_at).toEqual(expect.any(String));
		expect((await poll(params, store)).items).toBeNull();
	});

	describe('activation boundary is the server\'s clock (meta.server_time), kept on every poll', () => {
		const HOURS_3 = 3 * 3_600_000;
		const serverRun = (feed: RunsFeed, id: string, createdOffsetMs: number) => {
			const at = Date.now() + feed.offsetMs + createdOffsetMs;
			feed.runs.push({ id, created_at: at, completed_at: at + 1, status: 'completed' });
		};

		test('server 3 hours behind the host: runs created after activation are emitted', async () => {
			const feed = new RunsFeed();
			feed.offsetMs = -HOURS_3;
			const store = newStore();
			expect((await poll(params, store)).items).toBeNull();
			serverRun(feed, 'after-activation', 1_000);
			expect(ids(await poll(params, store))).toEqual(['after-activation']);
			const boundary = feed.log[0].query.created_after;
			expect(Math.abs(Date.parse(feed.log[1].query.created_after) - (Date.now() - HOURS_3))).toBeLessThan(60_000);
			expect(feed.log.slice(1).every((entry) => entry.query.created_after !== boundary || entry === feed.log[0])).toBe(true);
		});

		test('server 3 hours ahead of the host: runs created before activation are not replayed', async () => {
			const feed = new RunsFeed();
			feed.offsetMs = HOURS_3;
			serverRun(feed, 'before-activation', -3_600_000);
			const store = newStore();
			expect((await poll(params, store)).items).toBeNull();
			expect((await poll(params, store)).items).toBeNull();
		});

		test('the bootstrap next_cursor is kept and sent on the next poll; created_after does not move', async () => {
			const feed = new RunsFeed();
			serverRun(feed, 'old', -60_000);
			const store = newStore();
			await poll(params, store);
			feed.add(2);
			await poll(params, store);
			await poll(params, store);
			const [, second, third] = feed.log.filter((entry) => !entry.path.endsWith('/output')).map((entry) => entry.query);
			expect(second.cursor).toBeDefined();
			expect(second.created_after).toBe(third.created_after);
			expect(Date.parse(second.created_after)).toBeLessThanOrEqual(Date.now());
		});

		test('no server_time: the newest completed_at of the bootstrap answer; none either: host clock minus a margin, with a warning', async () => {
			const feed = new RunsFeed();
			feed.noServerTime = true;
			const warn = spyOnWarn();
			const store = newStore();
			await poll(params, store);
			await poll(params, store);
			expect(Date.parse(feed.log[1].query.created_after)).toBeLessThan(Date.now() - 5 * 60_000);
			expect(JSON.stringify(warn.mock.calls)).toMatch(/no server_time/);

			const other = newStore();
			const completedAt = Date.now() - 120_000;
			feed.runs.push({ id: 'seen-at-bootstrap', created_at: Date.now() + 60_000, completed_at: completedAt, status: 'completed' });
			const before = feed.log.length;
			await poll(params, other);
			await poll(params, other);
			expect(Date.parse(feed.log[before + 1].query.created_after)).toBe(completedAt);
		});
	});

	test('manual test run returns the newest completed run and leaves the state alone', async () => {
		const feed = new RunsFeed();
		const [, newest] = feed.add(2);
		const store = newStore();
		const result = await poll(params, store, 'manual');
		expect(result.error).toBeUndefined();
		expect(ids(result)).toEqual([newest]);
		expect(store.data).toEqual({});
		expect(feed.log[0].query.pagination).toBeUndefined();
	});

	test('manual test run with no completed run returns a marked sample, state untouched', async () => {
		new RunsFeed();
		const store = newStore();
		const result = await poll(params, store, 'manual');
		expect(result.error).toBeUndefined();
		expect(result.items?.[0].json).toMatchObject({ sample: true, status: 'completed' });
		expect(result.items?.[0].json.sample_note).toMatch(/^Example item, not real data: nothing has completed in this workflow yet.*Run the workflow once/);
		expect(store.data).toEqual({});
	});

	test('a burst of 3x the page size between polls: every run once, in order, pages followed in one poll', async () => {
		const feed = new RunsFeed();
		const store = newStore();
		await poll(params, store);
		const added = feed.add(3 * RUNS_PAGE_SIZE);
		const before = feed.requests();
		const fired = await poll(params, store);
		expect(ids(fired)).toEqual(added);
		expect(feed.requests() - before).toBe(3);
		const idle = feed.requests();
		expect((await poll(params, store)).items).toBeNull();
		expect(feed.requests() - idle).toBe(1);
	});

	test('runs completed in the same millisecond across the page boundary are all emitted once', async () => {
		const feed = new RunsFeed();
		const store = newStore();
		await poll(params, store);
		const same = Date.now() + 60_000;
		const first = feed.add(RUNS_PAGE_SIZE + 20, same);
		const fired = await poll(params, store);
		expect(ids(fired).sort()).toEqual([...first].sort());
		// More runs completing at that same instant (ids after the checkpoint) come on the next poll.
		const more = feed.add(5, same);
		expect(ids(await poll(params, store))).toEqual(more);
		expect((await poll(params, store)).items).toBeNull();
	});

	test('restart between polls: a new node over the JSON-persisted static data resumes exactly', async () => {
		const feed = new RunsFeed();
		let store = newStore();
		await poll(params, store);
		const a = feed.add(150);
		const fired = await poll(params, store);
		expect(ids(fired)).toEqual(a);
		store = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		const b = feed.add(30);
		const after = await poll(params, store);
		expect(ids(after)).toEqual(b);
	});

	test('a poll that fails in the middle of the pages keeps the cursor before the failed page; the next poll emits the rest', async () => {
		const feed = new RunsFeed();
		const store = newStore();
		await poll(params, store);
		const added = feed.add(250);
		const warn = spyOnWarn();
		// The bootstrap's checkpoint (empty feed) starts the walk; any later page fails.
		const bootstrapCursor = Buffer.from(JSON.stringify({ c: -1, i: '' })).toString('base64url');
		feed.fault = (q, path) => (path === RUNS_PATH && q.cursor && q.cursor !== bootstrapCursor ? 503 : undefined);
		const first = await poll(params, store);
		expect(first.error).toBeUndefined();
		expect(ids(first)).toEqual(added.slice(0, RUNS_PAGE_SIZE));
		expect(warn).toHaveBeenCalled();
		expectNoTokenLogged(warn);

		feed.fault = undefined;
		const second = await poll(params, store);
		expect(ids(second)).toEqual(added.slice(RUNS_PAGE_SIZE));
		expectNoDuplicates([...ids(first), ...ids(second)]);
	});

	test('Include Output: a failure inside a page emits the runs before it; the next poll re-reads the page and skips them', async () => {
		const feed = new RunsFeed();
		const store = newStore();
		const withOutput = { ...params, options: { includeOutput: true } };
		await poll(withOutput, store);
		const added = feed.add(10);
		feed.outputs[added[0]] = { documents: [{ type: 'documentRef', documentId: 'd1', filename: 'export.zip' }] };
		spyOnWarn();
		feed.fault = (_q, path) => (path.endsWith(`${added[4]}/output`) ? 502 : undefined);
		const first = await poll(withOutput, store);
		expect(ids(first)).toEqual(added.slice(0, 4));
		expect(first.items?.[0].json.output).toEqual(feed.outputs[added[0]]);

		feed.fault = undefined;
		const before = feed.log.filter((l) => l.path === RUNS_PATH).length;
		const second = await poll(withOutput, store);
		expect(ids(second)).toEqual(added.slice(4));
		expect(feed.log.filter((l) => l.path === RUNS_PATH).length - before).toBe(1);
		// Outputs of runs emitted before were not fetched again.
		const outputReads = feed.log.filter((l) => l.path.endsWith('/output')).map((l) => l.path.split('/')[6]);
		expect(outputReads.filter((id) => id === added[0])).toHaveLength(1);
	});

	test('Include Output: an invalid output page (documents not a list) does not advance past that run', async () => {
		const feed = new RunsFeed();
		const store = newStore();
		const withOutput = { ...params, options: { includeOutput: true } };
		await poll(withOutput, store);
		const added = feed.add(3);
		feed.outputs[added[1]] = { documents: 'pending' };
		const warn = spyOnWarn();
		expect(ids(await poll(withOutput, store))).toEqual([added[0]]);
		expect(String(warn.mock.calls[0][0])).toMatch(new RegExp(`${added[1]}.*not valid`));
		expect((await poll(withOutput, store)).items).toBeNull();
		feed.outputs[added[1]] = { documents: [{ documentId: 'd', filename: 'f.pdf' }] };
		expect(ids(await poll(withOutput, store))).toEqual(added.slice(1));
	});

	test('401 throws with what to fix and moves nothing; 503 is logged, returns null and keeps the state', async () => {
		const feed = new RunsFeed();
		const store = newStore();
		await poll(params, store);
		feed.add(3);
		await poll(params, store);
		const saved = JSON.stringify(store.data);
		const waiting = feed.add(2);

		feed.fault = () => 401;
		const denied = await poll(params, store);
		expect(denied.error?.message).toMatch(/did not accept the access token/);
		expect(denied.error?.description).toMatch(/credential/);
		expect(JSON.stringify(store.data)).toBe(saved);

		const warn = spyOnWarn();
		feed.fault = () => 503;
		const down = await poll(params, store);
		expect(down.error).toBeUndefined();
		expect(down.items).toBeNull();
		expect(warn).toHaveBeenCalledTimes(1);
		expect(String(warn.mock.calls[0][0])).toMatch(/try again on the next poll/);
		expectNoTokenLogged(warn);
		expect(JSON.stringify(store.data)).toBe(saved);

		feed.fault = undefined;
		expect(ids(await poll(params, store))).toEqual(waiting);
	});

	test('403 names the missing ability; 404 names the workflow', async () => {
		const feed = new RunsFeed();
		const store = newStore();
		feed.fault = () => 403;
		const forbidden = await poll(params, store);
		expect(forbidden.error?.message).toMatch(/workflows-read/);
		feed.fault = () => 404;
		const missing = await poll(params, store);
		expect(missing.error?.message).toMatch(new RegExp(`Workflow ${WF} was not found`));
		expect(Object.values(store.data).every((node) => Object.keys(node as IDataObject).length === 0)).toBe(true);
	});

	test('a workflow ID that is not a UUID is refused before anything is sent', async () => {
		const feed = new RunsFeed();
		const result = await poll({ ...params, workflowId: 'my-workflow' }, newStore());
		expect(result.error?.message).toMatch(/Workflow "my-workflow" is not a valid ID/);
		expect(feed.requests()).toBe(0);
	});

	test('Start From a date: the first poll emits the backfill, then carries on', async () => {
		const feed = new RunsFeed();
		feed.runs.push({ id: 'before-date', created_at: Date.now() - 7_200_000, completed_at: Date.now() - 7_100_000, status: 'completed' });
		feed.runs.push({ id: 'after-date', created_at: Date.now() - 1_800_000, completed_at: Date.now() - 1_700_000, status: 'completed' });
		const store = newStore();
		const backfill = { ...params, options: { startFrom: 'date', startDate: iso(Date.now() - 3_600_000) } };
		expect(ids(await poll(backfill, store))).toEqual(['after-date']);
		expect((await poll(backfill, store)).items).toBeNull();
		const added = feed.add(1);
		expect(ids(await poll(backfill, store))).toEqual(added);
	});
});
