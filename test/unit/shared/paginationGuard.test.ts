/**
 * A server whose pages never end: a cursor, page number or token that comes back, an empty page
 * that says more follow, or more pages than the walk allows. Every walk stops with an error that
 * names the endpoint, through the nodes' real execute()/poll()/listSearch.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { LlamaExtract } from '../../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { collectPages } from '../../../nodes/shared/transport/paginate';
import { LLAMA_URL, fastTiming, llamaCredentials, pollLlama, runLlama } from '../../helpers/llamaextract';
import { loadOptionsContext } from '../../../dev/harness/n8nContext';
import { PP_URL, ppCredentials, runPP } from '../../helpers/perfectparser';
import { RAYDOCS_URL, fastRetries, runRaydocs } from '../../helpers/raydocs';
import { newStore, poll } from '../raydocs/trigger/harness';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastRetries();
	fastTiming();
});
afterEach(() => nock.cleanAll());

const workspace = { __rl: true, mode: 'id', value: '12' };
const WF = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';

test('Raydocs Return All: a page number that comes back stops with an error naming the endpoint', async () => {
	let requests = 0;
	// Every page claims to be page 1 of 3, so "the next page" is always page 2.
	nock(RAYDOCS_URL)
		.persist()
		.get('/workspaces/12/documents')
		.query(true)
		.reply(() => {
			requests++;
			return [200, { data: [{ id: `d${requests}` }], meta: { current_page: 1, last_page: 3 } }];
		});
	const result = await runRaydocs({ resource: 'document', operation: 'getAll', workspace, returnAll: true });
	expect(result.error?.message).toBe(
		'Raydocs returned the same page number twice for GET /workspaces/12/documents; stopped to avoid an endless loop [item 0]',
	);
	expect(requests).toBe(2);
});

test('LlamaCloud Return All: a page token that never moves stops after the second request', async () => {
	let requests = 0;
	nock(LLAMA_URL)
		.persist()
		.get('/api/v2/extract')
		.query(true)
		.reply(() => {
			requests++;
			return [200, { items: [{ id: `job-${requests}`, status: 'COMPLETED' }], next_page_token: 'same' }];
		});
	const result = await runLlama({ resource: 'extract', operation: 'getAll', returnAll: true });
	expect(result.error?.message).toBe(
		'LlamaCloud returned the same page cursor twice for GET /api/v2/extract; stopped to avoid an endless loop [item 0]',
	);
	expect(requests).toBe(2);
});

test('PerfectParser Return All: an empty page that says more follow is an error, not the end of the list', async () => {
	nock(PP_URL)
		.get('/v1/parsers')
		.query(true)
		.reply(200, { parsers: [{ parser_id: 'p1' }], pagination: { has_next_page: true, next_cursor: 'c1' } })
		.get('/v1/parsers')
		.query((q) => q.cursor === 'c1')
		.reply(200, { parsers: [], pagination: { has_next_page: true, next_cursor: 'c2' } });
	const result = await runPP({ resource: 'parser', operation: 'getAll', returnAll: true });
	expect(result.error?.message).toBe(
		'PerfectParser returned an empty page that says more pages follow for GET /v1/parsers; stopped to avoid an endless loop [item 0]',
	);
	expect(nock.isDone()).toBe(true);
});

test('the page cap ends in an error, never in the pages read so far', async () => {
	const positions: number[] = [];
	const walk = collectPages<number, number>(
		1,
		async (page) => {
			positions.push(page);
			return { items: [page], next: page + 1 };
		},
		undefined,
		{ ctx: { getNode: () => ({ name: 'Probe' }) as never }, service: 'Raydocs', path: '/workspaces/12/documents?page=1', position: 'page number', maxPages: 3 },
	);
	await expect(walk).rejects.toThrow('Raydocs still had more pages after 3 for GET /workspaces/12/documents; stopped to avoid an endless loop');
	expect(positions).toEqual([1, 2, 3]);
});

test('LlamaExtract Trigger: a window with more pages than one poll may read fails instead of moving past the rest', async () => {
	let requests = 0;
	nock(LLAMA_URL)
		.persist()
		.get('/api/v2/extract')
		.query(true)
		.reply(() => {
			requests++;
			return [200, { items: [{ id: `job-${requests}`, status: 'COMPLETED', created_at: new Date().toISOString() }], next_page_token: `t${requests}` }];
		});
	const store: { data: IDataObject } = { data: {} };
	const result = await pollLlama({ event: 'extractJobCompleted' }, store);
	expect(result.error?.message).toBe('LlamaCloud still had more pages after 100 for GET /api/v2/extract; stopped to avoid an endless loop');
	expect(requests).toBe(100);
	// Nothing was recorded: the next poll starts from the same place.
	expect(store.data.extractJobs).toBeUndefined();
});

test('Raydocs Trigger: a run cursor that comes back with has_more stops the poll, the saved cursor stays', async () => {
	nock(RAYDOCS_URL)
		.persist()
		.get(`/workspaces/12/workflows/${WF}/runs`)
		.query(true)
		.reply(() => [200, { data: [], meta: { next_cursor: 'c0', has_more: false, server_time: new Date().toISOString() } }]);
	const store = newStore();
	const params: IDataObject = { event: 'workflowRunCompleted', workspace, workflowId: WF };
	expect((await poll(params, store)).error).toBeUndefined();
	const saved = JSON.stringify(store.data);
	nock.cleanAll();
	let requests = 0;
	nock(RAYDOCS_URL)
		.persist()
		.get(`/workspaces/12/workflows/${WF}/runs`)
		.query(true)
		.reply(() => {
			requests++;
			return [200, { data: [{ id: `r${requests}`, status: 'completed', completed_at: new Date().toISOString() }], meta: { next_cursor: 'stuck', has_more: true } }];
		});
	const result = await poll(params, store);
	expect(result.error?.message).toBe(
		`Raydocs returned the same page cursor twice for GET /workspaces/12/workflows/${WF}/runs; stopped to avoid an endless loop`,
	);
	expect(requests).toBe(2);
	expect(JSON.stringify(store.data)).toBe(saved);
});

test('PerfectParser parser list: a cursor that names the page just served is refused', async () => {
	nock(PP_URL)
		.get('/v1/parsers')
		.query((q) => q.cursor === 'c1')
		.reply(200, { parsers: [{ parser_id: 'p1', name: 'A' }], pagination: { has_next_page: true, next_cursor: 'c1' } });
	const context = loadOptionsContext({ nodeType: new PerfectParser(), parameters: {}, credentials: ppCredentials() });
	const search = new PerfectParser().methods!.listSearch!.searchParsers;
	await expect(search.call(context, undefined, 'c1')).rejects.toThrow(
		'PerfectParser returned the same page cursor twice for GET /v1/parsers; stopped to avoid an endless loop',
	);
});

test('Raydocs Trigger: a documents page number that comes back stops the activation walk with an error', async () => {
	let requests = 0;
	nock(RAYDOCS_URL)
		.persist()
		.get('/workspaces/12/documents')
		.query(true)
		.reply(() => {
			requests++;
			return [200, { data: [{ id: `d${requests}`, status: 'processed', created_at: new Date().toISOString() }], meta: { current_page: 1, last_page: 9 } }];
		});
	const store = newStore();
	const result = await poll({ event: 'documentProcessed', workspace }, store);
	expect(result.error?.message).toBe(
		'Raydocs returned the same page number twice for GET /workspaces/12/documents; stopped to avoid an endless loop',
	);
	expect(requests).toBe(2);
	// No poll state was saved: the next poll tries the activation again.
	expect(JSON.stringify(store.data)).not.toContain('documents');
});

test('LlamaExtract Trigger: agent runs past the 100-page cap fail the poll instead of taking the rest for none', async () => {
	const AGENT = '550e8400-e29b-41d4-a716-446655440000';
	let requests = 0;
	nock(LLAMA_URL)
		.persist()
		.get('/api/v1/extraction/runs')
		.query(true)
		.reply((uri) => {
			requests++;
			const skip = Number(new URL(uri, LLAMA_URL).searchParams.get('skip'));
			// A total that always lies ahead of the walk.
			return [200, { items: [{ id: `run-${skip}`, status: 'SUCCESS' }], total: skip + 1000, skip, limit: 100 }];
		});
	const store: { data: IDataObject } = { data: {} };
	const result = await pollLlama({ event: 'runCompleted', agent: { __rl: true, mode: 'id', value: AGENT } }, store);
	expect(result.error?.message).toBe('LlamaCloud still had more pages after 100 for GET /api/v1/extraction/runs; stopped to avoid an endless loop');
	expect(requests).toBe(100);
	expect(store.data.agentRuns).toBeUndefined();
});

test('LlamaCloud configuration list: a page token that names the page just served is refused', async () => {
	nock(LLAMA_URL)
		.get('/api/v1/beta/configurations')
		.query((q) => q.page_token === 'p2')
		.reply(200, { items: [{ id: 'cfg-1', name: 'A' }], next_page_token: 'p2' });
	const node = new LlamaExtract();
	const context = loadOptionsContext({ nodeType: node, parameters: {}, credentials: llamaCredentials() });
	await expect(node.methods.listSearch.searchConfigurations.call(context, undefined, 'p2')).rejects.toThrow(
		'LlamaCloud returned the same page cursor twice for GET /api/v1/beta/configurations; stopped to avoid an endless loop',
	);
});
