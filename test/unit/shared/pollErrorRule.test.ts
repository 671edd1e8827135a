/**
 * One rule for the three polling triggers: an answer of 408, 425, 429, 500, 502, 503 or 504, or a
 * connection reset, is logged and the poll returns nothing with its state unchanged; any other
 * status, and a plain bug, is thrown so the user sees it. Each trigger's poll is the real one, in
 * n8n-core's PollContext, against its list endpoint served through nock.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { fastTiming, LLAMA_URL, pollLlama } from '../../helpers/llamaextract';
import { fastRetries as ppFastRetries, PP_URL, pollPP } from '../../helpers/perfectparser';
import { newStore, poll as pollRaydocs, RAYDOCS_URL, type Store } from '../raydocs/trigger/harness';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastTiming();
	ppFastRetries();
});
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});

interface Service {
	url: string;
	path: string | RegExp;
	poll(store: Store): Promise<{ items: unknown; error?: Error & { httpCode?: string } }>;
}

const WORKFLOW = '880e8400-e29b-41d4-a716-446655440000';

const services: Record<string, Service> = {
	Raydocs: {
		url: RAYDOCS_URL,
		path: /\/workflows\/[^/]+\/runs$/,
		poll: async (store) => await pollRaydocs({ event: 'workflowRunCompleted', workspace: { __rl: true, mode: 'id', value: '12' }, workflowId: WORKFLOW }, store),
	},
	LlamaExtract: {
		url: LLAMA_URL,
		path: '/api/v2/extract',
		poll: async (store) => await pollLlama({ event: 'extractJobCompleted' }, store),
	},
	PerfectParser: {
		url: PP_URL,
		path: '/v1/extractions',
		poll: async (store) => await pollPP({ statuses: ['completed'] }, store.data),
	},
};

const errorBody = { message: 'no', detail: 'no', error: { code: 'SOME_CODE', message: 'no' } };

function answer(service: Service, reply: (scope: nock.Interceptor) => nock.Scope): nock.Scope {
	return reply(nock(service.url).persist().get(service.path).query(true));
}

const names = Object.keys(services);
const TRANSIENT = [408, 425, 429, 500, 502, 503, 504];
const CONFIGURATION = [400, 401, 403, 404, 409, 422, 501, 505, 507];

describe.each(names)('%s Trigger', (name) => {
	const service = services[name];

	test.each(TRANSIENT)('HTTP %i is transient: logged, nothing emitted, no state moved', async (status) => {
		answer(service, (scope) => scope.reply(status, errorBody, { 'Retry-After': '0' }));
		const store = newStore();
		const result = await service.poll(store);
		expect(result.error).toBeUndefined();
		expect(result.items).toBeNull();
		expect(JSON.stringify(store.data)).not.toContain('"initialized":true');
	});

	test('a connection reset is transient', async () => {
		answer(service, (scope) => scope.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
		const store = newStore();
		const result = await service.poll(store);
		expect(result.error).toBeUndefined();
		expect(result.items).toBeNull();
	});

	test.each(CONFIGURATION)('HTTP %i is thrown for the user to fix', async (status) => {
		answer(service, (scope) => scope.reply(status, errorBody));
		const result = await service.poll(newStore());
		expect(result.error).toBeDefined();
		expect(result.error?.httpCode).toBe(String(status));
	});

	test('a plain bug (a TypeError on an answer of null) is thrown, not taken for an outage', async () => {
		answer(service, (scope) => scope.reply(200, 'null', { 'Content-Type': 'application/json', Date: new Date().toUTCString() }));
		const result = await service.poll(newStore());
		expect(result.error).toBeInstanceOf(TypeError);
	});
});

export type { IDataObject };
