import { createServer } from 'http';
import type { AddressInfo } from 'net';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { LlamaExtractTrigger } from '../../../nodes/LlamaExtract/LlamaExtractTrigger.node';
import { POLL_RETRY } from '../../../nodes/shared/transport/http';
import { AGENT_ID, LLAMA_URL, fastTiming, llamaCredentials, pollLlama, spyOnLoggerWarn } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});

type Query = Record<string, string>;

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const v2 = (id: string, status = 'COMPLETED', createdMsAgo = 60_000) => ({
	id,
	file_input: `dfl-${id}`,
	project_id: 'p',
	status,
	extract_result: { id },
	created_at: iso(createdMsAgo),
	updated_at: iso(1000),
});

/** Answers GET /api/v2/extract from an in-memory list, newest first, with cursor pages. */
function v2Server(jobs: () => Array<ReturnType<typeof v2>>, log: Query[] = [], failPage?: () => number | undefined) {
	return nock(LLAMA_URL)
		.persist()
		.get('/api/v2/extract')
		.query(true)
		.reply((uri) => {
			const q = Object.fromEntries(new URL(uri, LLAMA_URL).searchParams) as Query;
			log.push(q);
			const from = q.created_at_on_or_after ? Date.parse(q.created_at_on_or_after) : 0;
			const matching = jobs()
				.filter((job) => (!q.status || job.status === q.status) && Date.parse(job.created_at) >= from)
				.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
			const start = Number(q.page_token ?? 0);
			const size = Number(q.page_size);
			if (failPage?.() === start / size) return [503, { detail: 'Service Unavailable' }];
			const next = start + size < matching.length ? String(start + size) : null;
			return [200, { items: matching.slice(start, start + size), next_page_token: next }];
		});
}

const jobsParams: IDataObject = { event: 'extractJobCompleted' };

describe('trigger description', () => {
	test('polling, no inputs, not a tool', () => {
		const { description } = new LlamaExtractTrigger();
		expect(description.polling).toBe(true);
		expect(description.inputs).toEqual([]);
		expect(description.usableAsTool).toBeUndefined();
	});
});

describe('Extraction Job Completed (v2)', () => {
	test('first activation emits nothing, then each new completion exactly once; idle poll = one request', async () => {
		const jobs = [v2('ext-old'), v2('ext-running', 'RUNNING')];
		const log: Query[] = [];
		v2Server(() => jobs, log);
		const store = { data: {} as IDataObject };

		expect((await pollLlama(jobsParams, store)).items).toBeNull();
		expect(log).toHaveLength(1);
		expect(log[0].status).toBe('COMPLETED');
		expect(Date.now() - 6 * 3_600_000 - Date.parse(log[0].created_at_on_or_after)).toBeLessThan(5000);

		expect((await pollLlama(jobsParams, store)).items).toBeNull();
		expect(log).toHaveLength(2);

		jobs[1] = { ...jobs[1], status: 'COMPLETED' };
		jobs.push(v2('ext-new', 'COMPLETED', 1000));
		const fired = await pollLlama(jobsParams, store);
		expect(fired.items?.map((i) => i.json.job_id).sort()).toEqual(['ext-new', 'ext-running']);
		expect(fired.items?.[0].json).toHaveProperty('data');

		expect((await pollLlama(jobsParams, store)).items).toBeNull();
		expect(log).toHaveLength(4);
	});

	test('a burst larger than a page with equal timestamps is emitted once, across a restart', async () => {
		const jobs: Array<ReturnType<typeof v2>> = [];
		v2Server(() => jobs);
		const store = { data: {} as IDataObject };
		await pollLlama(jobsParams, store);
		const created = iso(30_000);
		for (let i = 0; i < 230; i++) jobs.push({ ...v2(`ext-${i}`), created_at: created });
		const fired = await pollLlama(jobsParams, store);
		const ids = fired.items?.map((i) => i.json.job_id) ?? [];
		expect(ids).toHaveLength(230);
		expect(new Set(ids).size).toBe(230);
		// A restart: a new context over the saved (JSON round-tripped) static data.
		const restored = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		expect((await pollLlama(jobsParams, restored)).items).toBeNull();
		jobs.push({ ...v2('ext-230'), created_at: created });
		expect((await pollLlama(jobsParams, restored)).items?.map((i) => i.json.job_id)).toEqual(['ext-230']);
	});

	test('a poll failing midway emits nothing, keeps state and logs; the next poll emits everything once', async () => {
		const jobs: Array<ReturnType<typeof v2>> = [];
		let failingPage: number | undefined;
		v2Server(() => jobs, [], () => failingPage);
		const store = { data: {} as IDataObject };
		await pollLlama(jobsParams, store);
		for (let i = 0; i < 150; i++) jobs.push(v2(`ext-${i}`, 'COMPLETED', 10_000 + i));
		const before = JSON.stringify(store.data);
		failingPage = 1;
		const warn = spyOnLoggerWarn();
		const failed = await pollLlama(jobsParams, store);
		expect(failed.error).toBeUndefined();
		expect(failed.items).toBeNull();
		expect(JSON.stringify(store.data)).toBe(before);
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('will try again on the next poll'));
		failingPage = undefined;
		expect((await pollLlama(jobsParams, store)).items).toHaveLength(150);
		expect((await pollLlama(jobsParams, store)).items).toBeNull();
	});

	test('several statuses: listed without a status filter and filtered locally', async () => {
		const jobs = [v2('ext-a')];
		const log: Query[] = [];
		v2Server(() => jobs, log);
		const params = { ...jobsParams, statuses: ['COMPLETED', 'FAILED'] };
		const store = { data: {} as IDataObject };
		await pollLlama(params, store);
		jobs.push(v2('ext-f', 'FAILED', 500), v2('ext-r', 'RUNNING', 400), v2('ext-c', 'CANCELLED', 300));
		const fired = await pollLlama(params, store);
		expect(fired.items?.map((i) => [i.json.job_id, i.json.status])).toEqual([['ext-f', 'FAILED']]);
		expect(log.every((q) => q.status === undefined)).toBe(true);
	});

	test('the window follows the last complete poll, not the first activation', async () => {
		const log: Query[] = [];
		v2Server(() => [], log);
		const store = { data: {} as IDataObject };
		await pollLlama({ ...jobsParams, overlapHours: 1 }, store);
		const activatedFrom = Date.parse(log[0].created_at_on_or_after);
		await new Promise((resolve) => setImmediate(resolve));
		await pollLlama({ ...jobsParams, overlapHours: 1 }, store);
		expect(Date.parse(log[1].created_at_on_or_after)).toBeGreaterThanOrEqual(activatedFrom);
		expect(Date.now() - 3_600_000 - Date.parse(log[1].created_at_on_or_after)).toBeLessThan(5000);
	});

	test('manual mode returns the newest completed job, or a marked sample built from the configuration', async () => {
		const jobs = [v2('ext-older', 'COMPLETED', 50_000), v2('ext-newest', 'COMPLETED', 1000)];
		v2Server(() => jobs);
		const store = { data: {} as IDataObject };
		const manual = await pollLlama(jobsParams, store, { mode: 'manual' });
		expect(manual.items?.map((i) => i.json.job_id)).toEqual(['ext-newest']);
		expect(store.data).toEqual({});
		jobs.length = 0;
		const none = await pollLlama(jobsParams, store, { mode: 'manual' });
		expect(none.error).toBeUndefined();
		expect(none.items?.[0].json).toMatchObject({ sample: true, job_id: 'ext-sample', status: 'COMPLETED' });
		expect(none.items?.[0].json.sample_note).toMatch(/no extracted fields \(choose what to extract with/);
		const config = nock(LLAMA_URL)
			.get('/api/v1/beta/configurations/cfg-1')
			.query(true)
			.reply(200, { id: 'cfg-1', name: 'Invoices v2', parameters: { product_type: 'extract_v2', data_schema: { type: 'object', properties: { total: { type: 'number' }, paid: { type: 'boolean' } } } } });
		const built = await pollLlama({ ...jobsParams, configurationId: { __rl: true, mode: 'list', value: 'cfg-1' } }, store, { mode: 'manual' });
		expect(built.error).toBeUndefined();
		expect(built.items?.[0].json).toMatchObject({ sample: true, configuration_id: 'cfg-1', data: { total: 123.45, paid: true } });
		expect(built.items?.[0].json.sample_note).toContain('with the fields of configuration "Invoices v2"');
		expect(store.data).toEqual({});
		config.done();
	});

	test.each([
		['a picked configuration (resource locator)', { __rl: true, mode: 'list', value: 'cfg-1' }],
		['a plain string saved before the locator', 'cfg-1'],
	])('the configuration filter is sent from %s', async (_, configurationId) => {
		const log: Query[] = [];
		v2Server(() => [], log);
		await pollLlama({ ...jobsParams, configurationId }, { data: {} });
		expect(log[0].configuration_id).toBe('cfg-1');
	});

	test('the configuration is a searchable list served by the trigger', () => {
		const trigger = new LlamaExtractTrigger();
		const field = trigger.description.properties.find((p) => p.name === 'configurationId');
		expect(field?.type).toBe('resourceLocator');
		expect(field?.modes?.[0].typeOptions).toMatchObject({ searchListMethod: 'searchConfigurations' });
		expect(typeof trigger.methods.listSearch.searchConfigurations).toBe('function');
	});

	test('401 throws with the fix; 429 after retries is logged and keeps state', async () => {
		const store = { data: {} as IDataObject };
		nock(LLAMA_URL).get('/api/v2/extract').query(true).reply(401, { detail: 'Invalid API key' });
		const denied = await pollLlama(jobsParams, store);
		expect(denied.error?.message).toBe('LlamaCloud did not accept the API key: Invalid API key');
		expect((denied.error as Error & { description?: string }).description).toContain('region');

		nock(LLAMA_URL).get('/api/v2/extract').query(true).times(POLL_RETRY.maxAttempts).reply(429, { detail: 'slow down' }, { 'Retry-After': '0' });
		const warn = spyOnLoggerWarn();
		const limited = await pollLlama(jobsParams, store);
		expect(limited.error).toBeUndefined();
		expect(limited.items).toBeNull();
		expect(warn).toHaveBeenCalledTimes(1);
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a connection reset is transient too (real socket, destroyed)', async () => {
		// A real server: nock's replyWithError leaves n8n's request hanging, a destroyed socket does not.
		let attempts = 0;
		const server = createServer((req) => {
			attempts++;
			req.socket.destroy();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		nock.enableNetConnect('127.0.0.1');
		const warn = spyOnLoggerWarn();
		try {
			const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const result = await pollLlama(jobsParams, { data: {} }, { credentials: llamaCredentials({ baseUrl: base }) });
			expect(result.error).toBeUndefined();
			expect(result.items).toBeNull();
		} finally {
			server.close();
			nock.disableNetConnect();
		}
		expect(attempts).toBeGreaterThan(1);
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('reset'));
	});
});

describe('Run Completed (v1)', () => {
	const run = (id: string, status = 'SUCCESS', msAgo = 60_000) => ({
		id,
		project_id: 'p',
		extraction_agent_id: AGENT_ID,
		status,
		job_id: `job-${id}`,
		data: { id },
		created_at: iso(msAgo + 5000),
		updated_at: iso(msAgo),
	});
	const params: IDataObject = { event: 'runCompleted', agent: { __rl: true, mode: 'id', value: AGENT_ID } };

	/** GET /api/v1/extraction/runs from an in-memory list; `order` decides the listing order. */
	function runsServer(
		runs: () => Array<ReturnType<typeof run>>,
		log: Query[],
		order: 'newest' | 'oldest' = 'newest',
		failPage?: () => number | undefined,
	) {
		return nock(LLAMA_URL)
			.persist()
			.get('/api/v1/extraction/runs')
			.query(true)
			.reply((uri) => {
				const q = Object.fromEntries(new URL(uri, LLAMA_URL).searchParams) as Query;
				log.push(q);
				// Undated runs (null timestamps) sort as the oldest.
				const time = (r: ReturnType<typeof run>) => Date.parse(r.created_at ?? '') || 0;
				const sorted = runs()
					.filter((r) => !q.status || r.status === q.status)
					.sort((a, b) => time(a) - time(b));
				if (order === 'newest') sorted.reverse();
				const skip = Number(q.skip);
				const limit = Number(q.limit);
				if (failPage?.() === skip / limit) return [503, { detail: 'Service Unavailable' }];
				return [200, { items: sorted.slice(skip, skip + limit), total: sorted.length, skip, limit }];
			});
	}

	/** A run whose v1 timestamps are both null (the reference allows it). */
	const undated = (id: string) => ({ ...run(id), created_at: null as unknown as string, updated_at: null as unknown as string });

	test('no replay on activation; new SUCCESS runs once; idle poll = one request', async () => {
		const runs = [run('r1'), run('r2')];
		const log: Query[] = [];
		runsServer(() => runs, log);
		const store = { data: {} as IDataObject };
		expect((await pollLlama(params, store)).items).toBeNull();
		expect(log[0]).toMatchObject({ extraction_agent_id: AGENT_ID, status: 'SUCCESS', skip: '0', limit: '100' });
		const before = log.length;
		expect((await pollLlama(params, store)).items).toBeNull();
		expect(log.length - before).toBe(1);
		runs.push(run('r3', 'SUCCESS', 1000));
		const fired = await pollLlama(params, store);
		expect(fired.items?.map((i) => i.json.run_id)).toEqual(['r3']);
		expect(fired.items?.[0].json).toMatchObject({ job_id: 'job-r3', data: { id: 'r3' } });
		expect((await pollLlama(params, store)).items).toBeNull();
	});

	test('unknown order: a completion deep in the list is still found (total changed → full walk)', async () => {
		const runs = Array.from({ length: 250 }, (_, i) => run(`r${i}`, 'SUCCESS', 100_000 - i));
		const log: Query[] = [];
		// Oldest first: new runs land on the last page.
		runsServer(() => runs, log, 'oldest');
		const store = { data: {} as IDataObject };
		await pollLlama(params, store);
		expect(log.map((q) => q.skip)).toEqual(['0', '100', '200']);
		runs.push(run('r-late', 'SUCCESS', 10));
		const fired = await pollLlama(params, store);
		expect(fired.items?.map((i) => i.json.run_id)).toEqual(['r-late']);
		expect((await pollLlama(params, store)).items).toBeNull();
	});

	test('with failed runs: unfiltered list; a known pending run that finishes (same total) is emitted', async () => {
		const runs = [run('r1'), run('r2', 'PENDING', 2000)];
		const log: Query[] = [];
		runsServer(() => runs, log);
		const withErrors = { ...params, includeErrors: true };
		const store = { data: {} as IDataObject };
		await pollLlama(withErrors, store);
		expect(log[0].status).toBeUndefined();
		expect((await pollLlama(withErrors, store)).items).toBeNull();
		runs[1] = { ...runs[1], status: 'ERROR', updated_at: iso(0) };
		const fired = await pollLlama(withErrors, store);
		expect(fired.items?.map((i) => [i.json.run_id, i.json.status])).toEqual([['r2', 'ERROR']]);
		expect((await pollLlama(withErrors, store)).items).toBeNull();
	});

	test('a run with null timestamps is emitted once, not taken for history, and stays deduped', async () => {
		const runs = [run('r1')];
		runsServer(() => runs, []);
		const store = { data: {} as IDataObject };
		await pollLlama(params, store);
		runs.push(undated('r-null'));
		expect((await pollLlama(params, store)).items?.map((i) => i.json.run_id)).toEqual(['r-null']);
		expect((await pollLlama(params, store)).items).toBeNull();
		// The watermark jumps more than the 24 h window ahead: the undated run must not come back.
		runs.push(run('r-ahead', 'SUCCESS', -25 * 3_600_000));
		expect((await pollLlama(params, store)).items?.map((i) => i.json.run_id)).toEqual(['r-ahead']);
		runs.push(run('r-ahead2', 'SUCCESS', -26 * 3_600_000));
		expect((await pollLlama(params, store)).items?.map((i) => i.json.run_id)).toEqual(['r-ahead2']);
	});

	test('undated runs present at activation are history, not emitted later', async () => {
		const runs = [undated('r-old-null')];
		runsServer(() => runs, []);
		const store = { data: {} as IDataObject };
		expect((await pollLlama(params, store)).items).toBeNull();
		runs.push(run('r-new', 'SUCCESS', 1000));
		expect((await pollLlama(params, store)).items?.map((i) => i.json.run_id)).toEqual(['r-new']);
	});

	test('a burst larger than a page is emitted once, across a restart', async () => {
		const runs: Array<ReturnType<typeof run>> = [];
		const log: Query[] = [];
		runsServer(() => runs, log);
		const store = { data: {} as IDataObject };
		await pollLlama(params, store);
		for (let i = 0; i < 230; i++) runs.push(run(`r-${i}`, 'SUCCESS', 30_000));
		log.length = 0;
		const fired = await pollLlama(params, store);
		const ids = fired.items?.map((i) => i.json.run_id) ?? [];
		expect(ids).toHaveLength(230);
		expect(new Set(ids).size).toBe(230);
		expect(log.map((q) => q.skip)).toEqual(['0', '100', '200']);
		// A restart: a new context over the saved (JSON round-tripped) static data.
		const restored = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		expect((await pollLlama(params, restored)).items).toBeNull();
		runs.push(run('r-230', 'SUCCESS', 1000));
		expect((await pollLlama(params, restored)).items?.map((i) => i.json.run_id)).toEqual(['r-230']);
		expect((await pollLlama(params, restored)).items).toBeNull();
	});

	test('restart: a new context with the saved state replays nothing and still emits what is new', async () => {
		const runs = [run('r1'), run('r2', 'SUCCESS', 2000)];
		runsServer(() => runs, []);
		const store = { data: {} as IDataObject };
		await pollLlama(params, store);
		runs.push(run('r3', 'SUCCESS', 1000));
		expect((await pollLlama(params, store)).items?.map((i) => i.json.run_id)).toEqual(['r3']);
		const restored = { data: JSON.parse(JSON.stringify(store.data)) as IDataObject };
		expect((await pollLlama(params, restored)).items).toBeNull();
		runs.push(run('r4', 'SUCCESS', 500));
		expect((await pollLlama(params, restored)).items?.map((i) => i.json.run_id)).toEqual(['r4']);
	});

	test('a poll failing midway emits nothing, keeps state and logs; the next poll emits everything once', async () => {
		const runs: Array<ReturnType<typeof run>> = [];
		let failingPage: number | undefined;
		runsServer(() => runs, [], 'newest', () => failingPage);
		const store = { data: {} as IDataObject };
		await pollLlama(params, store);
		for (let i = 0; i < 150; i++) runs.push(run(`r-${i}`, 'SUCCESS', 10_000 + i));
		const before = JSON.stringify(store.data);
		failingPage = 1;
		const warn = spyOnLoggerWarn();
		const failed = await pollLlama(params, store);
		expect(failed.error).toBeUndefined();
		expect(failed.items).toBeNull();
		expect(JSON.stringify(store.data)).toBe(before);
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('will try again on the next poll'));
		failingPage = undefined;
		const ids = (await pollLlama(params, store)).items?.map((i) => i.json.run_id) ?? [];
		expect(ids).toHaveLength(150);
		expect(new Set(ids).size).toBe(150);
		expect((await pollLlama(params, store)).items).toBeNull();
	});

	test('manual mode: newest finished run, or a marked sample built from the agent schema', async () => {
		const runs = [run('r-old', 'SUCCESS', 90_000), run('r-new', 'SUCCESS', 1000)];
		runsServer(() => runs, []);
		const manual = await pollLlama(params, { data: {} }, { mode: 'manual' });
		expect(manual.items?.map((i) => i.json.run_id)).toEqual(['r-new']);
		runs.length = 0;
		const agent = nock(LLAMA_URL)
			.get(`/api/v1/extraction/extraction-agents/${AGENT_ID}`)
			.query(true)
			.reply(200, { id: AGENT_ID, name: 'Resumes', data_schema: { type: 'object', properties: { name: { type: 'string' } } }, config: {} });
		const none = await pollLlama(params, { data: {} }, { mode: 'manual' });
		expect(none.error).toBeUndefined();
		expect(none.items?.[0].json).toMatchObject({ sample: true, extraction_agent_id: AGENT_ID, status: 'SUCCESS', data: { name: 'example name' } });
		expect(none.items?.[0].json.sample_note).toContain('with the fields of agent "Resumes"');
		agent.done();
	});

	test('404 for the agent throws naming it', async () => {
		nock(LLAMA_URL).get('/api/v1/extraction/runs').query(true).reply(404, { detail: 'Agent not found' });
		const result = await pollLlama(params, { data: {} });
		expect(result.error?.message).toBe(`Agent ${AGENT_ID} was not found`);
	});
});

describe('Flatten (node version 2)', () => {
	test('extraction jobs: a new node puts each extracted field at the top level, a node saved at version 1 keeps data', async () => {
		const jobs = [v2('ext-old')];
		v2Server(() => jobs);
		const v1 = { data: {} as IDataObject };
		const v2store = { data: {} as IDataObject };
		await pollLlama(jobsParams, v1, { typeVersion: 1 });
		await pollLlama(jobsParams, v2store, { typeVersion: 2 });
		jobs.push({ ...v2('ext-new', 'COMPLETED', 1000), extract_result: { invoice_number: 'INV-7', total: 12.5 } as never });

		const flat = await pollLlama(jobsParams, v2store, { typeVersion: 2 });
		expect(flat.items?.[0].json).toMatchObject({ job_id: 'ext-new', status: 'COMPLETED', invoice_number: 'INV-7', total: 12.5 });
		expect(flat.items?.[0].json.data).toBeUndefined();
		const nested = await pollLlama(jobsParams, v1, { typeVersion: 1 });
		expect(nested.items?.[0].json).toMatchObject({ job_id: 'ext-new', data: { invoice_number: 'INV-7', total: 12.5 } });
		expect(nested.items?.[0].json.invoice_number).toBeUndefined();
	});

	test('extraction jobs, Fetch Test Event with nothing completed: the sample comes flattened, as real items will', async () => {
		v2Server(() => []);
		nock(LLAMA_URL)
			.get('/api/v1/beta/configurations/cfg-1')
			.query(true)
			.reply(200, { id: 'cfg-1', name: 'Invoices v2', parameters: { product_type: 'extract_v2', data_schema: { type: 'object', properties: { total: { type: 'number' }, paid: { type: 'boolean' } } } } });
		const sample = await pollLlama({ ...jobsParams, configurationId: { __rl: true, mode: 'list', value: 'cfg-1' } }, { data: {} }, { mode: 'manual', typeVersion: 2 });
		expect(sample.items?.[0].json).toMatchObject({ sample: true, configuration_id: 'cfg-1', total: 123.45, paid: true });
		expect(sample.items?.[0].json.data).toBeUndefined();
	});

	test('agent runs: flattened at version 2, the sample too; nested at version 1', async () => {
		const params: IDataObject = { event: 'runCompleted', agent: { __rl: true, mode: 'id', value: AGENT_ID } };
		const runs = [{ id: 'r-1', project_id: 'p', extraction_agent_id: AGENT_ID, status: 'SUCCESS', job_id: 'job-r-1', data: { name: 'Ada' }, created_at: iso(5000), updated_at: iso(1000) }];
		nock(LLAMA_URL)
			.persist()
			.get('/api/v1/extraction/runs')
			.query(true)
			.reply(() => [200, { items: runs, total: runs.length, skip: 0, limit: 100 }]);
		const flat = await pollLlama(params, { data: {} }, { mode: 'manual', typeVersion: 2 });
		expect(flat.items?.[0].json).toMatchObject({ run_id: 'r-1', name: 'Ada' });
		expect(flat.items?.[0].json.data).toBeUndefined();
		const nested = await pollLlama(params, { data: {} }, { mode: 'manual', typeVersion: 1 });
		expect(nested.items?.[0].json).toMatchObject({ run_id: 'r-1', data: { name: 'Ada' } });

		runs.length = 0;
		nock(LLAMA_URL)
			.get(`/api/v1/extraction/extraction-agents/${AGENT_ID}`)
			.query(true)
			.reply(200, { id: AGENT_ID, name: 'Resumes', data_schema: { type: 'object', properties: { name: { type: 'string' } } }, config: {} });
		const sample = await pollLlama(params, { data: {} }, { mode: 'manual', typeVersion: 2 });
		expect(sample.items?.[0].json).toMatchObject({ sample: true, name: 'example name' });
		expect(sample.items?.[0].json.data).toBeUndefined();
	});

	test('agent runs: a poll that emits at version 2 emits flattened items', async () => {
		const params: IDataObject = { event: 'runCompleted', agent: { __rl: true, mode: 'id', value: AGENT_ID } };
		const runs: IDataObject[] = [];
		nock(LLAMA_URL)
			.persist()
			.get('/api/v1/extraction/runs')
			.query(true)
			.reply(() => [200, { items: runs, total: runs.length, skip: 0, limit: 100 }]);
		const store = { data: {} as IDataObject };
		expect((await pollLlama(params, store, { typeVersion: 2 })).items).toBeNull();
		runs.push({ id: 'r-2', project_id: 'p', extraction_agent_id: AGENT_ID, status: 'SUCCESS', job_id: 'job-r-2', data: { name: 'Grace' }, created_at: iso(2000), updated_at: iso(1000) });
		const fired = await pollLlama(params, store, { typeVersion: 2 });
		expect(fired.items?.[0].json).toMatchObject({ run_id: 'r-2', name: 'Grace' });
		expect(fired.items?.[0].json.data).toBeUndefined();
	});
});
