import { createServer } from 'http';
import type { AddressInfo } from 'net';
import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { binaryItem } from '../../../dev/harness/n8nContext';
import { PP_KEY, PP_URL, expectNoKey, fastRetries, parseMultipart, ppCredentials, runPP, type ReceivedPart } from '../../helpers/perfectparser';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const PARSER = { __rl: true, mode: 'id', value: 'prs_999' };

interface Received {
	headers: Record<string, string | string[] | undefined>;
	parts: ReceivedPart[];
}

/** A submit endpoint that records each request and answers with one document per file. */
function submitEndpoint(received: Received[], options: { status?: number; replay?: boolean; times?: number } = {}) {
	return nock(PP_URL)
		.post('/v1/extractions')
		.times(options.times ?? 1)
		.reply(function (_uri, body) {
			const parts = parseMultipart(body, String(this.req.headers['content-type']));
			received.push({ headers: { ...this.req.headers }, parts });
			const files = parts.filter((part) => part.name === 'files');
			const n = received.length;
			return [
				options.status ?? 202,
				{
					extraction: {
						extraction_id: `ext_${n}`,
						parser_id: 'prs_999',
						status: 'queued',
						file_count: files.length,
						page_count: files.length,
						credits_used: files.length,
						credits_remaining: 100,
						documents: files.map((file, i) => ({ document_id: `doc_${n}_${i}`, filename: file.fileName, page_count: 1, credits_used: 1, status: 'queued' })),
					},
				},
				options.replay ? { 'Idempotent-Replayed': 'true' } : {},
			];
		});
}

function bytesFor(i: number): Buffer {
	// Non-UTF-8 bytes on purpose: they must arrive exactly as stored.
	return Buffer.concat([Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0x00, 0xfe, i % 256]), Buffer.alloc(200 + i, i % 256)]);
}

async function files(count: number, storage: 'filesystem' | 'memory' = 'filesystem'): Promise<INodeExecutionData[]> {
	return await Promise.all(
		Array.from({ length: count }, async (_, i) => await binaryItem(bytesFor(i), `invoice-${i}.pdf`, 'application/pdf', { storage, json: { n: i } })),
	);
}

test('several files go out as one multipart request: bytes intact, order kept, key header sent', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received);
	const input = [...(await files(2)), ...(await files(1, 'memory')).map((item) => ({ ...item, json: { n: 2 } }))];
	input[2].binary!.data.fileName = 'scan.png';
	input[2].binary!.data.mimeType = 'image/png';
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, input);
	expect(result.error).toBeUndefined();
	scope.done();
	expect(received).toHaveLength(1);
	const { parts, headers } = received[0];
	expect(headers['x-api-key']).toBe(PP_KEY);
	expect(String(headers['idempotency-key'])).toMatch(/^n8n-[0-9a-f]{48}$/);
	expect(parts[0]).toMatchObject({ name: 'parser_id' });
	expect(parts[0].data.toString()).toBe('prs_999');
	expect(parts.slice(1).map((p) => [p.name, p.fileName, p.contentType])).toEqual([
		['files', 'invoice-0.pdf', 'application/pdf'],
		['files', 'invoice-1.pdf', 'application/pdf'],
		['files', 'scan.png', 'image/png'],
	]);
	expect(parts[1].data.equals(bytesFor(0))).toBe(true);
	expect(parts[2].data.equals(bytesFor(1))).toBe(true);
	expect(parts[3].data.equals(bytesFor(0))).toBe(true);
	// One output per file, paired with its own input item.
	expect(result.items.map((item) => [item.json.document_id, item.json.filename, item.pairedItem])).toEqual([
		['doc_1_0', 'invoice-0.pdf', { item: 0 }],
		['doc_1_1', 'invoice-1.pdf', { item: 1 }],
		['doc_1_2', 'scan.png', { item: 2 }],
	]);
	expect(result.items[0].json).toMatchObject({ extraction_id: 'ext_1', status: 'queued', idempotent_replay: false });
	expectNoKey(result);
});

test('51 items make two requests (50 + 1), each document paired with its item', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received, { times: 2 });
	const input = await files(51, 'memory');
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, input);
	expect(result.error).toBeUndefined();
	scope.done();
	expect(received.map((r) => r.parts.filter((p) => p.name === 'files').length)).toEqual([50, 1]);
	expect(received[1].parts[1].fileName).toBe('invoice-50.pdf');
	expect(received[1].parts[1].data.equals(bytesFor(50))).toBe(true);
	expect(received[0].headers['idempotency-key']).not.toEqual(received[1].headers['idempotency-key']);
	expect(result.items).toHaveLength(51);
	expect(result.items[50].json).toMatchObject({ extraction_id: 'ext_2', document_id: 'doc_2_0', filename: 'invoice-50.pdf' });
	expect(result.items[50].pairedItem).toEqual({ item: 50 });
	expect(result.items[49].json.extraction_id).toBe('ext_1');
});

test('exactly 50 items make one request', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received);
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, await files(50, 'memory'));
	expect(result.error).toBeUndefined();
	scope.done();
	expect(received).toHaveLength(1);
	expect(result.items).toHaveLength(50);
});

test('a 503 then a connection reset are retried with the same Idempotency-Key and the same bytes; a replay is success', async () => {
	// A real server: the reset must be a real broken socket (nock cannot fail a streamed upload).
	const keys: string[] = [];
	const bodies: Buffer[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			keys.push(String(req.headers['idempotency-key']));
			bodies.push(parseMultipart(Buffer.concat(chunks), String(req.headers['content-type']))[1].data);
			if (keys.length === 1) {
				res.writeHead(503, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'busy' } }));
			} else if (keys.length === 2) {
				req.socket.destroy();
			} else {
				res.writeHead(202, { 'content-type': 'application/json', 'Idempotent-Replayed': 'true' });
				const documents = [{ document_id: 'doc_a', filename: 'invoice-0.pdf', status: 'queued' }];
				res.end(JSON.stringify({ extraction: { extraction_id: 'ext_once', status: 'queued', documents } }));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	nock.enableNetConnect('127.0.0.1');
	try {
		const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, await files(1), {
			credentials: ppCredentials({ baseUrl }),
		});
		expect(result.error).toBeUndefined();
		expect(keys).toHaveLength(3);
		expect(new Set(keys).size).toBe(1);
		expect(keys[0]).toMatch(/^n8n-/);
		expect(bodies.every((bytes) => bytes.equals(bytesFor(0)))).toBe(true);
		expect(result.items[0].json).toMatchObject({ extraction_id: 'ext_once', document_id: 'doc_a', idempotent_replay: true });
	} finally {
		server.close();
		nock.disableNetConnect();
	}
});

test('the default Idempotency-Key comes from the parser and the files\' content: the same files in another execution, renamed or in memory, give the same key', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received, { times: 7 });
	const run = async (input: INodeExecutionData[], executionId: string, parser = PARSER) =>
		await runPP({ resource: 'extraction', operation: 'submit', parser, waitForCompletion: false }, input, { executionId });
	const keyOf = (n: number) => String(received[n].headers['idempotency-key']);
	const stored = await files(3);
	await run(stored, 'exec-1');
	// Retry On Fail: the same execution runs the node again.
	await run(stored, 'exec-1');
	// A re-run of the execution, or the same invoice arriving again (another name, kept in memory).
	const again = await files(3, 'memory');
	again.forEach((item, i) => (item.binary!.data.fileName = `forwarded-${i}.pdf`));
	await run(again, 'exec-2');
	expect(keyOf(0)).toMatch(/^n8n-[0-9a-f]{48}$/);
	expect(keyOf(1)).toBe(keyOf(0));
	expect(keyOf(2)).toBe(keyOf(0));
	// A different submission is a different key: fewer files, another order, one byte changed, another parser.
	await run(stored.slice(0, 2), 'exec-3');
	await run([stored[1], stored[0], stored[2]], 'exec-3');
	const changed = await binaryItem(Buffer.concat([bytesFor(2).subarray(0, -1), Buffer.from([0x01])]), 'invoice-2.pdf', 'application/pdf', { storage: 'memory' });
	await run([stored[0], stored[1], changed], 'exec-3');
	await run(stored, 'exec-3', { __rl: true, mode: 'id', value: 'prs_other' });
	scope.done();
	expect(new Set([3, 4, 5, 6].map(keyOf)).size).toBe(4);
	expect([3, 4, 5, 6].map(keyOf)).not.toContain(keyOf(0));
});

test('Idempotency Key option: the user\'s key is sent as it is; each key its own request, a second request of 50+ files under one key gets -part2', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received, { times: 3 });
	const input = await files(53, 'memory');
	input.forEach((item, i) => (item.json.messageId = i < 52 ? '<mail-1@example.com>' : '<mail-2@example.com>'));
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false, options: { idempotencyKey: '={{ $json.messageId }}' } },
		input,
		{ executionId: 'exec-user-key' },
	);
	expect(result.error).toBeUndefined();
	scope.done();
	expect(received.map((r) => [r.headers['idempotency-key'], r.parts.filter((p) => p.name === 'files').length])).toEqual([
		['<mail-1@example.com>', 50],
		['<mail-1@example.com>-part2', 2],
		['<mail-2@example.com>', 1],
	]);
	expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(Array.from({ length: 53 }, (_, i) => i));
	expect(result.items[52].json).toMatchObject({ extraction_id: 'ext_3', filename: 'invoice-52.pdf' });
});

test('Idempotency Key option: one key over two parsers makes two requests with two keys (not a 422 for the second)', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received, { times: 2 });
	const input = await files(2, 'memory');
	input[0].json.parser = 'prs_a';
	input[1].json.parser = 'prs_b';
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: '={{ $json.parser }}' }, waitForCompletion: false, options: { idempotencyKey: 'mail-9' } },
		input,
	);
	expect(result.error).toBeUndefined();
	scope.done();
	expect(received.map((r) => [r.parts[0].data.toString(), r.headers['idempotency-key']])).toEqual([
		['prs_a', 'mail-9'],
		['prs_b', 'mail-9-part2'],
	]);
});

test('an Idempotency Key an HTTP header cannot carry is refused before sending, naming the item and the option', async () => {
	const input = await files(1, 'memory');
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false, options: { idempotencyKey: 'Rechnung\nÜ' } }, input);
	expect(result.error?.message).toBe('Item 0: the "Idempotency Key" option holds characters an HTTP header cannot carry');
	expect(result.error?.description).toMatch(/visible ASCII/);
});

test('a replayed submission (Idempotent-Replayed: true) says idempotent_replay: true, also after waiting', async () => {
	const received: Received[] = [];
	submitEndpoint(received, { replay: true });
	nock(PP_URL)
		.get('/v1/extractions/ext_1')
		.reply(200, { extraction: { extraction_id: 'ext_1', status: 'completed', documents: [] } })
		.get('/v1/extractions/ext_1/results')
		.reply(200, { extraction: { extraction_id: 'ext_1', status: 'completed', documents: [{ document_id: 'doc_1_0', filename: 'invoice-0.pdf', status: 'completed', extracted_data: { total: 3 } }] } });
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: true, options: { maxWaitMinutes: 1 } }, await files(1, 'memory'));
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ document_id: 'doc_1_0', extracted_data: { total: 3 }, idempotent_replay: true });
	const fresh = submitEndpoint([]);
	const notReplayed = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, await files(1, 'memory'));
	fresh.done();
	expect(notReplayed.items[0].json.idempotent_replay).toBe(false);
});

test('422: a key already used for another submission says so and how to fix it, and is not retried', async () => {
	const scope = nock(PP_URL)
		.post('/v1/extractions')
		.reply(422, { error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was already used for a different submission' } });
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false, options: { idempotencyKey: 'mail-1' } },
		await files(1, 'memory'),
	);
	scope.done();
	expect(result.error?.message).toContain('different submission');
	expect(result.error?.description).toMatch(/Give each submission its own key/);
});

test('402 INSUFFICIENT_CREDITS says how many credits were needed and available, and is not retried', async () => {
	const scope = nock(PP_URL)
		.post('/v1/extractions')
		.reply(402, {
			error: { code: 'INSUFFICIENT_CREDITS', message: 'This submission needs 12 credits but only 5 are available', credits_required: 12, credits_available: 5 },
		});
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, await files(2));
	scope.done();
	expect(result.error?.message).toMatch(/12 credits needed, 5 available/);
	expect(result.error?.message).toContain('[item 0]');
	expect(result.error?.description).toMatch(/credit pack/i);
	expectNoKey(result);
});

test('402 with only a message still names the numbers', async () => {
	nock(PP_URL).post('/v1/extractions').reply(402, { error: { code: 'INSUFFICIENT_CREDITS', message: 'Need 7 credits, have 3' } });
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, await files(1));
	expect(result.error?.message).toMatch(/7 credits needed, 3 available/);
});

test('unknown parser: 404 PARSER_NOT_FOUND names the parser id', async () => {
	nock(PP_URL).post('/v1/extractions').reply(404, { error: { code: 'PARSER_NOT_FOUND', message: 'Parser prs_nope not found' } });
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: 'prs_nope' }, waitForCompletion: false },
		await files(1),
	);
	expect(result.error?.message).toContain('Parser prs_nope was not found');
	expect(result.error?.description).toMatch(/Pick the parser from the list/);
});

test('bad input is refused before sending, naming the item; the good items still go out', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received);
	const good = await files(1, 'memory');
	const docx = await binaryItem(Buffer.from('PK..'), 'contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', { storage: 'memory' });
	const empty = await binaryItem(Buffer.from('x'), 'empty.pdf', 'application/pdf', { storage: 'memory' });
	empty.binary!.data.data = '';
	const noFile: INodeExecutionData = { json: { nothing: true } };
	const big = await binaryItem(Buffer.alloc(2 * 1024 * 1024 + 1, 1), 'big.pdf', 'application/pdf');
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false, options: { maxFileSizeMb: 2 } },
		[docx, good[0], empty, noFile, big],
		{ continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	scope.done();
	expect(received).toHaveLength(1);
	expect(received[0].parts.filter((p) => p.name === 'files').map((p) => p.fileName)).toEqual(['invoice-0.pdf']);
	const byItem = (i: number) => result.items.find((item) => (item.pairedItem as { item: number }).item === i)!.json;
	expect(byItem(0).error).toMatch(/Item 0: "contract.docx" is a file type/);
	expect(byItem(1).document_id).toBe('doc_1_0');
	expect(byItem(2).error).toMatch(/Item 2: the file "empty.pdf" is empty/);
	expect(byItem(3).error).toMatch(/Item 3 has no binary field "data"/);
	expect(byItem(4).error).toMatch(/Item 4: "big.pdf" is 2.0 MB, over the 2 MB limit/);
});

test('outputs keep input order when a middle item fails: one item per input, in order, each paired with its own', async () => {
	const received: Received[] = [];
	const scope = submitEndpoint(received);
	const [first, last] = await files(2, 'memory');
	const middle: INodeExecutionData = { json: { nothing: true } };
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false },
		[first, middle, last],
		{ continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	scope.done();
	expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
	expect(result.items[0].json.document_id).toBeDefined();
	expect(result.items[1].json.error).toMatch(/Item 1 has no binary field "data"/);
	expect(result.items[2].json.document_id).toBeDefined();
	expect(result.items[2].json.document_id).not.toBe(result.items[0].json.document_id);
});

test('without Continue On Fail the first bad item stops the node with its own message', async () => {
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: false }, [{ json: {} }]);
	expect(result.error?.message).toMatch(/Item 0 has no binary field "data"/);
});

test('submit and wait: polls the status, then one item per document with its own data, paired with its file', async () => {
	const received: Received[] = [];
	submitEndpoint(received);
	const api = nock(PP_URL)
		.get('/v1/extractions/ext_1')
		.reply(200, { extraction: { extraction_id: 'ext_1', status: 'processing', documents: [] } })
		.get('/v1/extractions/ext_1')
		.reply(200, { extraction: { extraction_id: 'ext_1', status: 'partial', documents: [] } })
		.get('/v1/extractions/ext_1/results')
		.reply(200, {
			extraction: {
				extraction_id: 'ext_1',
				parser_id: 'prs_999',
				status: 'partial',
				documents: [
					// Out of order on purpose: matching is by document id.
					{ document_id: 'doc_1_1', filename: 'invoice-1.pdf', status: 'failed', extracted_data: null, error_message: 'unreadable', page_count: 1 },
					{ document_id: 'doc_1_0', filename: 'invoice-0.pdf', status: 'completed', confidence: 0.9, extracted_data: { total: 10 }, page_count: 1 },
				],
			},
		});
	const result = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: true, options: { maxWaitMinutes: 1 } },
		await files(2, 'memory'),
		{},
	);
	expect(result.error).toBeUndefined();
	api.done();
	expect(result.items.map((item) => [item.pairedItem, item.json.document_id, item.json.status, item.json.extracted_data])).toEqual([
		[{ item: 0 }, 'doc_1_0', 'completed', { total: 10 }],
		[{ item: 1 }, 'doc_1_1', 'failed', null],
	]);
	expect(result.items[1].json.error_message).toBe('unreadable');
	expect(result.items[0].json.extraction_status).toBe('partial');
	expect(result.items[0].json).not.toHaveProperty('page_count');
});

test('submit and wait is bounded: on timeout each item keeps its ids and last status, or fails naming the extraction', async () => {
	const received: Received[] = [];
	submitEndpoint(received, { times: 2 });
	nock(PP_URL).get(/\/v1\/extractions\/ext_\d$/).times(200).reply(200, (uri) => ({ extraction: { extraction_id: uri.split('/').pop(), status: 'processing', documents: [] } }));
	const input = await files(2, 'memory');
	const result = await runPP({ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: true, options: { maxWaitMinutes: 0.0005 } }, input);
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => [item.json.extraction_id, item.json.document_id, item.json.extraction_status, item.json.timed_out, item.json.timedOut])).toEqual([
		['ext_1', 'doc_1_0', 'processing', true, undefined],
		['ext_1', 'doc_1_1', 'processing', true, undefined],
	]);
	const failing = await runPP(
		{ resource: 'extraction', operation: 'submit', parser: PARSER, waitForCompletion: true, options: { maxWaitMinutes: 0.0005, onTimeout: 'fail' } },
		input,
	);
	expect(failing.error?.message).toBe('Extraction ext_2 did not finish within the max wait [item 0]');
});
