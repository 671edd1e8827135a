/**
 * The extraction path (issue 2): workspaces, templates, sessions, batches and results, through the
 * node's real execute() in n8n-core's contexts.
 */
import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { retryPolicy } from '../../../nodes/shared/transport/http';
import { clock } from '../../../nodes/shared/waiting/wait';
import { binaryItem } from '../../../dev/harness/n8nContext';
import {
	RAYDOCS_TOKEN,
	RAYDOCS_URL,
	authedApi,
	byId,
	expectNoToken,
	fastRetries,
	fastWaits,
	raydocsCredentials,
	runCase,
	runForbidden,
	runRaydocs,
	type ApiCase,
} from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => {
	fastRetries();
	fastWaits();
});

const TID = '550e8400-e29b-41d4-a716-446655440000';
const SID = '770e8400-e29b-41d4-a716-446655440000';
const RID = '990e8400-e29b-41d4-a716-446655440000';
const sid = (n: number) => `770e8400-e29b-41d4-a716-${String(n).padStart(12, '0')}`;
const rid = (n: number) => `990e8400-e29b-41d4-a716-${String(n).padStart(12, '0')}`;
const DONE = { id: RID, extraction_session_id: SID, status: 'completed', title: 'Invoice 1', data: { invoice: { number: 'INV-1' } }, completed_at: '2024-01-15T10:32:00Z' };
const FAST = { maxWaitMinutes: 0.01 };

describe('every operation: method, path, body, token', () => {
	const cases: ApiCase[] = [
		{
			name: 'workspace get many',
			params: { resource: 'workspace', operation: 'getAll', returnAll: true },
			method: 'GET',
			path: '/workspaces',
			reply: { data: [{ id: 1, name: 'A' }] },
			output: [{ id: 1, name: 'A' }],
			ability: 'workspaces-read',
		},
		{
			name: 'template get',
			params: { resource: 'template', operation: 'get', template: byId(TID) },
			method: 'GET',
			path: `/extractions/templates/${TID}`,
			reply: { id: TID, name: 'Invoices' },
			output: [{ id: TID }],
			ability: 'templates-read',
		},
		{
			name: 'template get many',
			params: { resource: 'template', operation: 'getAll', workspace: byId(1), returnAll: true },
			method: 'GET',
			path: '/workspaces/1/extractions/templates',
			query: { page: 1 },
			reply: { data: [{ id: TID }], meta: { current_page: 1, last_page: 1 } },
			output: [{ id: TID }],
			ability: 'templates-read',
		},
		{
			name: 'session create',
			params: { resource: 'session', operation: 'create', template: byId(TID), name: 'Q1' },
			method: 'POST',
			path: '/extractions/sessions',
			body: { extraction_template_id: TID, name: 'Q1' },
			status: 201,
			reply: { id: SID, name: 'Q1', documents: [], results: [] },
			output: [{ id: SID, name: 'Q1' }],
			ability: 'sessions-write',
		},
		{
			name: 'session get',
			params: { resource: 'session', operation: 'get', sessionId: SID },
			method: 'GET',
			path: `/extractions/sessions/${SID}`,
			reply: { id: SID, status: 'completed', results: [] },
			output: [{ id: SID }],
			ability: 'sessions-read',
		},
		{
			name: 'batch execute without waiting',
			params: { resource: 'batch', operation: 'execute', template: byId(TID), sessionIds: `${sid(1)},${sid(2)}`, waitForCompletion: false },
			method: 'POST',
			path: `/extractions/templates/${TID}/sessions/batch/execute`,
			body: { session_ids: [sid(1), sid(2)] },
			reply: { message: 'Extractions queued', queued_count: 2 },
			output: [{ queued_count: 2, session_ids: [sid(1), sid(2)] }],
			ability: 'sessions-write',
		},
		{
			name: 'result get (simplified)',
			params: { resource: 'result', operation: 'get', resultId: RID, simplify: true },
			method: 'GET',
			path: `/extractions/results/${RID}`,
			reply: { ...DONE, audit_data: { x: 1 } },
			output: [{ result_id: RID, session_id: SID, status: 'completed', data: DONE.data }],
			ability: 'sessions-read',
		},
		{
			name: 'result get many ({data})',
			params: { resource: 'result', operation: 'getAll', sessionId: SID, returnAll: true, simplify: false },
			method: 'GET',
			path: `/extractions/sessions/${SID}/results`,
			reply: { data: [DONE] },
			output: [DONE],
			ability: 'sessions-read',
		},
		{
			name: 'result get many (legacy bare array), limited',
			params: { resource: 'result', operation: 'getAll', sessionId: SID, returnAll: false, limit: 1 },
			method: 'GET',
			path: `/extractions/sessions/${SID}/results`,
			reply: [DONE, { ...DONE, id: rid(2) }],
			output: [{ result_id: RID }],
		},
		{
			name: 'result run without waiting (no body)',
			params: { resource: 'result', operation: 'run', sessionId: SID, waitForCompletion: false },
			method: 'POST',
			path: `/extractions/sessions/${SID}/results`,
			status: 201,
			reply: { id: RID, extraction_session_id: SID, status: 'created', title: null },
			output: [{ result_id: RID, status: 'created' }],
			ability: 'sessions-write',
		},
		{
			name: 'result run, legacy {message, job_id} answer',
			params: { resource: 'result', operation: 'run', sessionId: SID, waitForCompletion: false },
			method: 'POST',
			path: `/extractions/sessions/${SID}/results`,
			reply: { message: 'Extraction queued', job_id: 'job-1' },
			output: [{ job_id: 'job-1', session_id: SID }],
		},
		{
			name: 'result wait on a finished result',
			params: { resource: 'result', operation: 'wait', waitFor: 'result', resultId: RID, options: FAST },
			method: 'GET',
			path: `/extractions/results/${RID}`,
			reply: DONE,
			output: [{ result_id: RID, status: 'completed' }],
			ability: 'sessions-read',
		},
	];
	describe.each(cases)('$name', (c) => {
		test('request and output', async () => {
			await runCase(c);
		});
		if (c.ability) {
			test(`403 names ${c.ability}`, async () => {
				await runForbidden(c);
			});
		}
	});
});

describe('pagination', () => {
	const page = (n: number) => ({ data: [{ id: `t${n}a` }, { id: `t${n}b` }], meta: { current_page: n, last_page: 3, per_page: 2, total: 6 } });

	test('templates over 3 pages with Return All', async () => {
		const scope = authedApi();
		for (const n of [1, 2, 3]) scope.get('/workspaces/1/extractions/templates').query({ page: n }).reply(200, page(n));
		const result = await runRaydocs({ resource: 'template', operation: 'getAll', workspace: byId(1), returnAll: true });
		expect(result.items.map((item) => item.json.id)).toEqual(['t1a', 't1b', 't2a', 't2b', 't3a', 't3b']);
		scope.done();
	});

	test('Limit stops early: 3 items need 2 pages, never the third', async () => {
		const scope = authedApi();
		for (const n of [1, 2]) scope.get('/workspaces/1/extractions/templates').query({ page: n }).reply(200, page(n));
		const third = authedApi().get('/workspaces/1/extractions/templates').query({ page: 3 }).reply(200, page(3));
		const result = await runRaydocs({ resource: 'template', operation: 'getAll', workspace: byId(1), returnAll: false, limit: 3 });
		expect(result.items.map((item) => item.json.id)).toEqual(['t1a', 't1b', 't2a']);
		scope.done();
		expect(third.isDone()).toBe(false);
	});
});

describe('batching: ⌈N/50⌉ batch calls, one output per session paired with its item', () => {
	test.each([1, 50, 51, 120])('%i files', async (count) => {
		const calls: number[] = [];
		let next = 0;
		const scope = authedApi()
			.post(`/extractions/templates/${TID}/sessions/batch`)
			.times(Math.ceil(count / 50))
			.reply(201, (_, body) => {
				const files = (body as { files: string[]; settings: { auto_extract: boolean } }).files;
				expect((body as { settings: { auto_extract: boolean } }).settings).toEqual({ auto_extract: false });
				calls.push(files.length);
				return files.map((file) => ({ id: sid(++next), name: 'Pending...', created_at: '2024-01-15T10:30:00Z', file }));
			});
		const input: INodeExecutionData[] = Array.from({ length: count }, (_, index) => ({ json: { key: `tmp/f${index}` } }));
		const result = await runRaydocs(
			{ resource: 'batch', operation: 'createSessions', template: byId(TID), source: 'keys', fileKeys: '={{ $json.key }}', autoExtract: false },
			input,
		);
		expect(result.error).toBeUndefined();
		expect(calls).toEqual(Array.from({ length: Math.ceil(count / 50) }, (_, index) => Math.min(50, count - index * 50)));
		expect(result.items).toHaveLength(count);
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ session_id: sid(index + 1), file_key: `tmp/f${index}`, status: 'pending' });
		});
		scope.done();
	});

	test('a failed batch fails only its own items and names their uploaded keys', async () => {
		let call = 0;
		const scope = authedApi()
			.post(`/extractions/templates/${TID}/sessions/batch`)
			.times(2)
			.reply((_, body) => {
				call++;
				const files = (body as { files: string[] }).files;
				return call === 1 ? [422, { message: 'The given data was invalid.', errors: { files: ['bad key'] } }] : [201, files.map((_, i) => ({ id: sid(100 + i) }))];
			});
		const input = Array.from({ length: 52 }, (_, index) => ({ json: { key: `tmp/f${index}` } }));
		const result = await runRaydocs(
			{ resource: 'batch', operation: 'createSessions', template: byId(TID), source: 'keys', fileKeys: '={{ $json.key }}', autoExtract: false },
			input,
			{ continueOnFail: true },
		);
		expect(result.items).toHaveLength(52);
		expect(result.items[0].json.error).toBe('Raydocs rejected the request: The given data was invalid. [item 0]');
		expect(result.items[49].json.error).toBe('Raydocs rejected the request: The given data was invalid. [item 49]');
		expect(String(result.items[3].json.errorDescription)).toContain('tmp/f3');
		expect(result.items[50].json.session_id).toBe(sid(100));
		expect(result.items[51].pairedItem).toEqual({ item: 51 });
		scope.done();
	});
});

describe('upload flow', () => {
	test.each(['filesystem', 'memory'] as const)('binary from %s storage: no token to storage, returned headers, Content-Length, bytes intact', async (storage) => {
		const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
		const put = nock('https://storage.test', { badheaders: ['authorization'] })
			.put('/tmp/u1', (body: string) => Buffer.from(body, 'hex').equals(bytes))
			.query({ 'X-Amz-Signature': 'sig' })
			.matchHeader('content-type', 'application/octet-stream')
			.matchHeader('x-amz-meta-origin', 'n8n')
			.matchHeader('content-length', '3000')
			.reply(200);
		const api = authedApi()
			.post('/vapor/signed-storage-url', { content_type: 'application/pdf', visibility: 'private' })
			.reply(200, {
				uuid: 'u1',
				key: 'tmp/u1',
				url: 'https://storage.test/tmp/u1?X-Amz-Signature=sig',
				headers: { 'Content-Type': 'application/octet-stream', 'x-amz-meta-origin': 'n8n', Authorization: 'must-not-pass', Host: 'evil.test' },
			})
			.post(`/extractions/templates/${TID}/sessions/batch`, { files: ['tmp/u1'], settings: { auto_extract: true } })
			.reply(201, [{ id: SID, name: 'Pending...', created_at: '2024-01-15T10:30:00Z' }]);
		const result = await runRaydocs({ resource: 'batch', operation: 'createSessions', template: byId(TID), waitForCompletion: false }, [
			await binaryItem(bytes, 'invoice.pdf', 'application/pdf', { storage }),
		]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ session_id: SID, filename: 'invoice.pdf', file_key: 'tmp/u1' });
		put.done();
		api.done();
		expectNoToken(result);
	});
});

describe('waiting', () => {
	const statusReplies = (statuses: string[], last: object) => {
		const scope = authedApi();
		for (const status of statuses) scope.get(`/extractions/results/${RID}`).reply(200, { id: RID, extraction_session_id: SID, status });
		scope.get(`/extractions/results/${RID}`).reply(200, last);
		return scope;
	};

	test('run and wait: created → parsing_pending → processing → completed', async () => {
		const run = authedApi()
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, results: [] })
			.post(`/extractions/sessions/${SID}/results`)
			.reply(201, { id: RID, extraction_session_id: SID, status: 'created' });
		const polls = statusReplies(['created', 'parsing_pending', 'processing'], DONE);
		const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, options: { maxWaitMinutes: 1 } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			session_id: SID,
			result_id: RID,
			status: 'completed',
			title: 'Invoice 1',
			data: DONE.data,
			completed_at: DONE.completed_at,
		});
		run.done();
		polls.done();
	});

	test('wait ends on failed', async () => {
		const polls = statusReplies(['processing'], { id: RID, extraction_session_id: SID, status: 'failed' });
		const result = await runRaydocs({ resource: 'result', operation: 'wait', waitFor: 'result', resultId: RID, options: { maxWaitMinutes: 1 } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ result_id: RID, status: 'failed' });
		expect(result.items[0].json.timed_out).toBeUndefined();
		polls.done();
	});

	test('wait on a session: its newest run, through the session answer', async () => {
		const scope = authedApi()
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, status: 'processing', results: [] })
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, status: 'completed', results: [{ ...DONE, id: rid(1), created_at: '2024-01-01T00:00:00Z' }, { ...DONE, created_at: '2024-01-02T00:00:00Z' }] });
		const result = await runRaydocs({ resource: 'result', operation: 'wait', waitFor: 'session', sessionId: SID, options: { maxWaitMinutes: 1 } });
		expect(result.items[0].json).toMatchObject({ session_id: SID, result_id: RID, status: 'completed' });
		scope.done();
	});

	describe('sessions as the documentation pages print them: slim embedded runs, no session status', () => {
		const OLD = rid(7);
		const slim = (results: object[], documents: object[] = [{ id: 'd1', filename: 'a.pdf', status: 'ready' }]) => ({ id: SID, name: 'a.pdf', documents, results });

		test('Run Extraction answered {message, job_id}: the new run is the one not there before, and its data is read from the result endpoint', async () => {
			const scope = authedApi()
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }]))
				.post(`/extractions/sessions/${SID}/results`)
				.reply(201, { message: 'Extraction started', job_id: 'job-1' })
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }]))
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }, { id: RID, status: 'processing', title: null }]))
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }, { id: RID, status: 'completed', title: 'Invoice 1' }]))
				.get(`/extractions/results/${RID}`)
				.reply(200, DONE);
			const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, options: { maxWaitMinutes: 1 } });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ result_id: RID, status: 'completed', data: DONE.data });
			scope.done();
		});

		test('Result → Wait on a session: the newest run in the session\'s order, not an older completed one', async () => {
			const scope = authedApi()
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }, { id: RID, status: 'processing', title: null }]))
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }, { id: RID, status: 'completed', title: 'Invoice 1' }]))
				.get(`/extractions/results/${RID}`)
				.reply(200, DONE);
			const result = await runRaydocs({ resource: 'result', operation: 'wait', waitFor: 'session', sessionId: SID, options: { maxWaitMinutes: 1 } });
			expect(result.items[0].json).toMatchObject({ result_id: RID, status: 'completed', data: DONE.data });
			scope.done();
		});

		test('Batch Execute + Wait: runs recognised by id, read in full', async () => {
			const scope = authedApi()
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }]))
				.post(`/extractions/templates/${TID}/sessions/batch/execute`)
				.reply(200, { message: 'Extractions queued', queued_count: 1 })
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }]))
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([{ id: OLD, status: 'completed', title: 'Older run' }, { id: RID, status: 'completed', title: 'Invoice 1' }]))
				.get(`/extractions/results/${RID}`)
				.reply(200, DONE);
			const result = await runRaydocs({ resource: 'batch', operation: 'execute', template: byId(TID), sessionIds: SID, options: { maxWaitMinutes: 1 } });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ session_id: SID, result_id: RID, status: 'completed', data: DONE.data });
			scope.done();
		});

		test('a document that failed to parse ends the wait at once with an error item, not at Max Wait', async () => {
			const scope = authedApi()
				.post(`/extractions/templates/${TID}/sessions/batch`)
				.reply(201, [{ id: SID }])
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([], [{ id: 'd1', filename: 'broken.pdf', status: 'failed' }]));
			const result = await runRaydocs({ resource: 'batch', operation: 'createSessions', template: byId(TID), source: 'keys', fileKeys: 'tmp/a', options: { maxWaitMinutes: 1 } });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ session_id: SID, status: 'failed', timed_out: false, error: 'Document "broken.pdf" failed to parse, so no extraction will run' });
			scope.done();
		});

		test('Run Extraction: a 422 "documents not ready" is tried again with backoff; the 201 then counts', async () => {
			const scope = authedApi()
				.post(`/extractions/sessions/${SID}/results`)
				.reply(422, { message: 'Documents are not ready.' })
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([], [{ id: 'd1', filename: 'a.pdf', status: 'parsing' }]))
				.post(`/extractions/sessions/${SID}/results`)
				.reply(201, { id: RID, extraction_session_id: SID, status: 'parsing_pending' });
			const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, waitForCompletion: false, options: { maxWaitMinutes: 1 } });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ result_id: RID, status: 'parsing_pending' });
			scope.done();
		});

		test('Run Extraction: a 422 on a session whose documents all failed to parse ends at once, saying so', async () => {
			const scope = authedApi()
				.post(`/extractions/sessions/${SID}/results`)
				.reply(422, { message: 'Documents are not ready.' })
				.get(`/extractions/sessions/${SID}`)
				.reply(200, slim([], [{ id: 'd1', filename: 'a.pdf', status: 'failed' }]));
			const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, waitForCompletion: false });
			expect(result.error?.message).toBe(`Session ${SID} has no document that parsed, so no extraction can run [item 0]`);
			scope.done();
		});
	});

	describe('timeout', () => {
		const realNow = clock.now;
		// Each look at the clock moves it 400 ms on: the 1 s max wait passes after a few polls, fast.
		beforeEach(() => {
			let now = Date.now();
			clock.now = () => (now += 400);
		});
		afterEach(() => {
			clock.now = realNow;
		});

		test('returns the ids and the last status with timed_out', async () => {
			const scope = authedApi().get(`/extractions/results/${RID}`).times(10).reply(200, { id: RID, extraction_session_id: SID, status: 'processing' });
			const result = await runRaydocs({ resource: 'result', operation: 'wait', waitFor: 'result', resultId: RID, options: FAST });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ result_id: RID, session_id: SID, status: 'processing', timed_out: true });
			expectNoToken(result);
			expect(scope.pendingMocks().length).toBeGreaterThan(0);
		});

		test('fails when asked to, naming the item and the last status', async () => {
			authedApi().get(`/extractions/results/${RID}`).times(10).reply(200, { id: RID, status: 'parsing_pending' });
			const result = await runRaydocs({ resource: 'result', operation: 'wait', waitFor: 'result', resultId: RID, options: { ...FAST, onTimeout: 'fail' } });
			expect(result.error?.message).toBe(`Result ${RID} did not finish within the max wait [item 0]`);
			expect(result.error?.description).toContain('"parsing_pending"');
		});

		test('batch create: every session leaves with its id and last status', async () => {
			authedApi()
				.post(`/extractions/templates/${TID}/sessions/batch`)
				.reply(201, [{ id: sid(1) }, { id: sid(2) }])
				.get(/\/extractions\/sessions\/.+/)
				.times(20)
				.reply(200, (uri) => ({ id: uri.split('/').pop(), status: 'processing', results: [] }));
			const result = await runRaydocs(
				{ resource: 'batch', operation: 'createSessions', template: byId(TID), source: 'keys', fileKeys: '={{ $json.key }}', options: FAST },
				[{ json: { key: 'tmp/a' } }, { json: { key: 'tmp/b' } }],
			);
			expect(result.items.map((item) => [item.json.session_id, item.json.status, item.json.timed_out, item.pairedItem])).toEqual([
				[sid(1), 'processing', true, { item: 0 }],
				[sid(2), 'processing', true, { item: 1 }],
			]);
		});
	});

	test('batch create and wait: one result per session, paired with its item', async () => {
		const scope = authedApi()
			.post(`/extractions/templates/${TID}/sessions/batch`, { files: ['tmp/a', 'tmp/b'], settings: { auto_extract: true } })
			.reply(201, [{ id: sid(1) }, { id: sid(2) }])
			.get(`/extractions/sessions/${sid(1)}`)
			.reply(200, { id: sid(1), status: 'processing', results: [{ id: rid(1), status: 'processing', created_at: '2024-01-01T00:00:00Z' }] })
			.get(`/extractions/sessions/${sid(1)}`)
			.reply(200, { id: sid(1), results: [{ ...DONE, id: rid(1), extraction_session_id: sid(1), created_at: '2024-01-01T00:00:00Z' }] })
			.get(`/extractions/sessions/${sid(2)}`)
			.reply(200, { id: sid(2), results: [{ id: rid(2), status: 'failed', extraction_session_id: sid(2), created_at: '2024-01-01T00:00:00Z' }] });
		const result = await runRaydocs(
			{ resource: 'batch', operation: 'createSessions', template: byId(TID), source: 'keys', fileKeys: '={{ $json.key }}', options: { maxWaitMinutes: 1 } },
			[{ json: { key: 'tmp/a' } }, { json: { key: 'tmp/b' } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.session_id, item.json.result_id, item.json.status, item.pairedItem])).toEqual([
			[sid(1), rid(1), 'completed', { item: 0 }],
			[sid(2), rid(2), 'failed', { item: 1 }],
		]);
		scope.done();
	});

	test('cancel: an aborted execution stops waiting and sends nothing more', async () => {
		const controller = new AbortController();
		let polls = 0;
		const scope = authedApi()
			.get(`/extractions/results/${RID}`)
			.times(5)
			.reply(200, () => {
				polls++;
				controller.abort();
				return { id: RID, status: 'processing' };
			});
		const result = await runRaydocs({ resource: 'result', operation: 'wait', waitFor: 'result', resultId: RID, options: { maxWaitMinutes: 1 } }, undefined, {
			abortSignal: controller.signal,
		});
		expect(result.error?.message).toContain('The execution was cancelled while waiting');
		expect(polls).toBe(1);
		expect(scope.pendingMocks()).toHaveLength(1);
	});
});

describe('HTTP errors become readable messages naming the item', () => {
	const get = { resource: 'session', operation: 'get', sessionId: SID };

	test('401', async () => {
		const scope = authedApi().get(`/extractions/sessions/${SID}`).reply(401, { message: 'Unauthenticated.' });
		const result = await runRaydocs(get);
		expect(result.error?.message).toBe('Raydocs did not accept the access token: Unauthenticated. [item 0]');
		expect(result.error?.description).toContain('check the access token');
		expectNoToken(result);
		scope.done();
	});

	test('403 with a named ability in the body', async () => {
		const scope = authedApi().get(`/extractions/sessions/${SID}`).reply(403, { message: 'Forbidden', required_ability: 'sessions-read' });
		const result = await runRaydocs(get);
		expect(result.error?.message).toBe('The access token lacks the "sessions-read" ability [item 0]');
		expect(result.error?.description).toContain('Settings → Access Tokens');
		scope.done();
	});

	test('404 names the subject', async () => {
		const scope = authedApi().get(`/extractions/sessions/${SID}`).reply(404, { message: 'No query results' });
		const result = await runRaydocs(get);
		expect(result.error?.message).toBe(`Session ${SID} was not found [item 0]`);
		scope.done();
	});

	test('422 lists the validation lines', async () => {
		const scope = authedApi()
			.post(`/extractions/sessions/${SID}/results`)
			.reply(422, { message: 'The session has no documents.', errors: { session: ['Attach at least one document.'] } })
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID, documents: [], results: [] });
		const result = await runRaydocs({ resource: 'result', operation: 'run', sessionId: SID, waitForCompletion: false });
		expect(result.error?.message).toBe('Raydocs rejected the request: The session has no documents. [item 0]');
		expect(result.error?.description).toContain('session: Attach at least one document.');
		scope.done();
	});

	test('429 is retried after Retry-After, then succeeds', async () => {
		const scope = authedApi()
			.get(`/extractions/sessions/${SID}`)
			.reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '1' })
			.get(`/extractions/sessions/${SID}`)
			.reply(200, { id: SID });
		const result = await runRaydocs(get);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.id).toBe(SID);
		scope.done();
	});

	test('429 with a Retry-After longer than allowed is not waited out blindly', async () => {
		const saved = retryPolicy.maxRetryAfterMs;
		retryPolicy.maxRetryAfterMs = 500;
		try {
			const scope = authedApi()
				.get(`/extractions/sessions/${SID}`)
				.reply(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '1' });
			const extra = authedApi().get(`/extractions/sessions/${SID}`).reply(200, { id: SID });
			const result = await runRaydocs(get);
			expect(result.error?.message).toBe('Raydocs rate limit exceeded: Too Many Attempts. (asked to wait 1 s, more than the 0.5 s the node waits for one answer) [item 0]');
			scope.done();
			expect(extra.isDone()).toBe(false);
		} finally {
			retryPolicy.maxRetryAfterMs = saved;
		}
	});

	test('500 on a read is retried, then reported', async () => {
		const scope = authedApi().get(`/extractions/sessions/${SID}`).times(retryPolicy.maxAttempts).reply(500, { message: 'Server Error' });
		const result = await runRaydocs(get);
		expect(result.error?.message).toMatch(/^Raydocs server error \(HTTP 500\): Server Error \(6 attempts over [\d.]+ s\) \[item 0\]$/);
		scope.done();
	});

	test('an HTML error page (a proxy\'s 502) is reported by its title, not its markup; {error} bodies are read too', async () => {
		const page = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';
		const scope = authedApi()
			.post('/extractions/sessions')
			.reply(502, page, { 'Content-Type': 'text/html' })
			.post('/extractions/sessions')
			.reply(400, { error: 'Bad request: malformed JSON' });
		const html = await runRaydocs({ resource: 'session', operation: 'create', template: byId(TID) });
		expect(html.error?.message).toBe('Raydocs server error (HTTP 502): 502 Bad Gateway [item 0]');
		const other = await runRaydocs({ resource: 'session', operation: 'create', template: byId(TID) });
		expect(other.error?.message).toBe('Raydocs rejected the request: Bad request: malformed JSON [item 0]');
		scope.done();
	});

	test('500 on a create is not repeated', async () => {
		const scope = authedApi().post('/extractions/sessions').reply(500, { message: 'Server Error' });
		const again = authedApi().post('/extractions/sessions').reply(201, { id: SID });
		const result = await runRaydocs({ resource: 'session', operation: 'create', template: byId(TID) });
		expect(result.error?.message).toBe('Raydocs server error (HTTP 500): Server Error [item 0]');
		scope.done();
		expect(again.isDone()).toBe(false);
		expectNoToken(result);
	});
});

test('Continue On Fail keeps the other items', async () => {
	const scope = authedApi()
		.get(`/extractions/sessions/${sid(1)}`)
		.reply(404, { message: 'Not found' })
		.get(`/extractions/sessions/${sid(2)}`)
		.reply(200, { id: sid(2) });
	const result = await runRaydocs(
		{ resource: 'session', operation: 'get', sessionId: '={{ $json.id }}' },
		[{ json: { id: sid(1) } }, { json: { id: 'nope' } }, { json: { id: sid(2) } }],
		{ continueOnFail: true },
	);
	expect(result.items.map((item) => item.json.error ?? item.json.id)).toEqual([
		`Session ${sid(1)} was not found [item 0]`,
		'Session "nope" is not a valid ID [item 1]',
		sid(2),
	]);
	expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	scope.done();
	expectNoToken(result);
});

describe('bad input fails before sending, naming the item and field', () => {
	const create = { resource: 'batch', operation: 'createSessions', template: byId(TID), waitForCompletion: false };

	test('missing binary property', async () => {
		const result = await runRaydocs({ ...create, binaryPropertyName: 'file' }, [await binaryItem(Buffer.from('x'), 'a.pdf', 'application/pdf', { property: 'data' })]);
		expect(result.error?.message).toBe('Item 0 has no binary field "file"');
		expect(result.error?.description).toContain('data');
	});

	test('empty file', async () => {
		const result = await runRaydocs(create, [await binaryItem(Buffer.alloc(0), 'a.pdf', 'application/pdf', { storage: 'memory' })]);
		expect(result.error?.message).toBe('Item 0: the file "a.pdf" is empty');
	});

	test('unsupported file type', async () => {
		const result = await runRaydocs(create, [await binaryItem(Buffer.from('x'), 'notes.txt', 'text/plain')]);
		expect(result.error?.message).toBe('Item 0: "notes.txt" is a file type this service does not accept');
		expect(result.error?.description).toContain('PDF');
	});

	test.each([
		['malformed template UUID', { resource: 'template', operation: 'get', template: byId('550e-nope') }, 'Template "550e-nope" is not a valid ID [item 0]'],
		['malformed session UUID', { resource: 'result', operation: 'run', sessionId: '770e8400' }, 'Session "770e8400" is not a valid ID [item 0]'],
		['malformed result UUID', { resource: 'result', operation: 'wait', waitFor: 'result', resultId: 'r1' }, 'Result "r1" is not a valid ID [item 0]'],
		['Limit < 1', { resource: 'template', operation: 'getAll', workspace: byId(1), returnAll: false, limit: 0 }, 'Limit must be a whole number of at least 1, not 0 [item 0]'],
	])('%s', async (_, params, message) => {
		const result = await runRaydocs(params);
		expect(result.error?.message).toBe(message);
	});

	test('a bad item in a batch fails alone; the others still get sessions', async () => {
		const scope = authedApi()
			.post(`/extractions/templates/${TID}/sessions/batch`, { files: ['tmp/b'], settings: { auto_extract: true } })
			.reply(201, [{ id: sid(2) }]);
		const result = await runRaydocs(
			{ ...create, template: { __rl: true, mode: 'id', value: '={{ $json.t }}' }, source: 'keys', fileKeys: '={{ $json.key }}' },
			[{ json: { t: 'bad', key: 'tmp/a' } }, { json: { t: TID, key: 'tmp/b' } }],
			{ continueOnFail: true },
		);
		expect(result.items.map((item) => item.json.error ?? item.json.session_id)).toEqual(['Template "bad" is not a valid ID [item 0]', sid(2)]);
		scope.done();
	});
});

test('the token never appears, even when the credential is wrong', async () => {
	const scope = nock(RAYDOCS_URL).get('/workspaces').reply(401, { message: 'Unauthenticated.' });
	const result = await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: true }, undefined, {
		credentials: raydocsCredentials({ accessToken: `${RAYDOCS_TOKEN}-revoked` }),
	});
	expect(result.error?.message).toContain('did not accept the access token');
	expectNoToken(result, `${RAYDOCS_TOKEN}-revoked`);
	scope.done();
});
