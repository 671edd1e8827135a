/**
 * Waiting on more than 100 LlamaExtract jobs: `GET /api/v2/extract?job_ids=…` answers one page of
 * 100, so each look at the pending jobs is ⌈N/100⌉ list calls, and every job is looked at — the
 * 101st as much as the first. Each job's outcome (data or its own failure) lands on its own item.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { fastTiming, LLAMA_URL, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());

const SCHEMA = { type: 'object', properties: { n: { type: 'number' } } };

/** Job n (1-based): every tenth fails, the others complete with { n }. */
function finished(id: string): IDataObject {
	const n = Number(id.slice('ext-'.length));
	return n % 10 === 0
		? { id, file_input: `file-${n}`, status: 'FAILED', error_message: `bad page ${n}`, created_at: '2026-01-01T00:00:00Z' }
		: { id, file_input: `file-${n}`, status: 'COMPLETED', extract_result: { n }, created_at: '2026-01-01T00:00:00Z' };
}

/**
 * The list endpoint: each job is RUNNING the first time it is asked for and finished the second,
 * so the wait takes two looks. Records the job_ids of every call; a job asked for by id is recorded too.
 */
function jobsApi() {
	const lists: string[][] = [];
	const pageSizes: string[] = [];
	const byId: string[] = [];
	const asked = new Map<string, number>();
	nock(LLAMA_URL)
		.persist()
		.get('/api/v2/extract')
		.query((q) => q.job_ids !== undefined)
		.reply((uri) => {
			const params = new URL(uri, LLAMA_URL).searchParams;
			const ids = params.getAll('job_ids');
			lists.push(ids);
			pageSizes.push(`${params.get('page_size')}/${ids.length}`);
			const items = ids.map((id) => {
				asked.set(id, (asked.get(id) ?? 0) + 1);
				return asked.get(id) === 1 ? { id, status: 'RUNNING', created_at: '2026-01-01T00:00:00Z' } : finished(id);
			});
			return [200, { items }];
		})
		.get(/\/api\/v2\/extract\/ext-\d+$/)
		.query(true)
		.reply((uri) => {
			const id = uri.split('?')[0].split('/').pop() as string;
			byId.push(id);
			return [200, finished(id)];
		});
	return { lists, byId, pageSizes };
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `ext-${i + 1}`);

/** ⌈N/100⌉ calls of 100 (the last one the rest) per look, each asking a page of its size, and every job in them, in order. */
function expectWholeLooks({ lists, pageSizes }: { lists: string[][]; pageSizes: string[] }, count: number): void {
	const perLook = Math.ceil(count / 100);
	const sizes = Array.from({ length: perLook }, (_, call) => Math.min(100, count - call * 100));
	expect(lists.map((list) => list.length)).toEqual([...sizes, ...sizes]);
	expect(lists.slice(0, perLook).flat()).toEqual(ids(count));
	expect(lists.slice(perLook).flat()).toEqual(ids(count));
	expect(pageSizes).toEqual(lists.map((list) => `${list.length}/${list.length}`));
}

/** One item per job, paired with its input item: the data of job n, or the failure naming it. */
function expectOwnOutcomes(items: Array<{ json: IDataObject; pairedItem?: unknown }>, count: number): void {
	expect(items).toHaveLength(count);
	items.forEach((item, index) => {
		const n = index + 1;
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json.job_id).toBe(`ext-${n}`);
		if (n % 10 === 0) expect(item.json.error).toBe(`Extraction job ext-${n} failed (FAILED): bad page ${n} [item ${index}]`);
		else expect(item.json.data).toEqual({ n });
	});
}

describe.each([101, 250])('%i jobs', (count) => {
	test(`Extract → Wait: ${Math.ceil(count / 100)} job_ids calls per look, every job's outcome on its own item`, async () => {
		const api = jobsApi();
		const input = ids(count).map((id) => ({ json: { id } }));
		const result = await runLlama({ resource: 'extract', operation: 'wait', jobId: '={{ $json.id }}' }, input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expectWholeLooks(api, count);
		expect(api.byId).toEqual([]);
		expectOwnOutcomes(result.items, count);
	});

	test(`Extract → Create with Wait: ${count} creates, then ${Math.ceil(count / 100)} job_ids calls per look, every job's outcome on its own item`, async () => {
		const api = jobsApi();
		const created: string[] = [];
		nock(LLAMA_URL)
			.post('/api/v2/extract')
			.times(count)
			.reply((_uri, body) => {
				const file = String((body as IDataObject).file_input);
				created.push(file);
				const id = `ext-${file.slice('file-'.length)}`;
				return [200, { id, file_input: file, status: 'PENDING', created_at: '2026-01-01T00:00:00Z' }];
			});
		const input = ids(count).map((_, i) => ({ json: { file: `file-${i + 1}` } }));
		const params = { resource: 'extract', operation: 'create', fileSource: 'fileId', fileId: '={{ $json.file }}', configurationSource: 'inline', dataSchema: JSON.stringify(SCHEMA) };
		const result = await runLlama(params, input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(created).toHaveLength(count);
		expectWholeLooks(api, count);
		expect(api.byId).toEqual([]);
		expectOwnOutcomes(result.items, count);
	});
});
