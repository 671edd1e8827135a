/**
 * Hostile servers: the three action nodes (and the PerfectParser webhook trigger) against small
 * local servers that misbehave on purpose, over real sockets on 127.0.0.1.
 * - redirecting: 302/307 to another origin (another port) on a GET and on a POST;
 * - echoing: error bodies that repeat the request's headers (401 text, 422 JSON, HTML 502, 5 MB);
 * - never-ending: a list whose cursor or page never moves, with Return All;
 * - replaying: the same signed delivery posted twice to the webhook trigger.
 * What is asserted is behaviour (no token, an error, how many requests), not wording.
 */
import { createHmac } from 'crypto';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { LlamaCloudApi } from '../../credentials/LlamaCloudApi.credentials';
import { PerfectParserApi } from '../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { LlamaExtract } from '../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../nodes/PerfectParser/PerfectParser.node';
import { PerfectParserTrigger } from '../../nodes/PerfectParser/PerfectParserTrigger.node';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { runNode, runWebhook, type CredentialMap, type RunResult } from '../../dev/harness/n8nContext';
import { byId, captureLogs, fastPolicies, logLines, nockLoaded } from './harness';
import { echoHeaders, startHostileServer, type HostileReply, type HostileServer, type RecordedRequest } from './hostileServer';

const TOKENS = {
	raydocs: 'rd_HOSTILE_5f2c9a1e7b3d4c60a8e1f2d3c4b5a697',
	llama: 'llx-HOSTILE-9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
	perfectParser: 'pp_live_HOSTILE_3e4f5a6b7c8d9e0f1a2b3c4d',
};

interface Service {
	name: string;
	token: string;
	credentials(baseUrl: string): CredentialMap;
	nodeType(): INodeType;
	/** An operation that sends a GET. */
	get: IDataObject;
	/** An operation that sends a POST with a JSON body. */
	post: IDataObject;
	/** A list operation with Return All. */
	list: IDataObject;
	/** The list's answer that never moves on: same page, same cursor, "more" always. */
	endlessPage(request: RecordedRequest): HostileReply;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HostileReply => ({
	status,
	headers: { 'Content-Type': 'application/json', ...headers },
	body: JSON.stringify(body),
});

const SERVICES: Service[] = [
	{
		name: 'Raydocs',
		token: TOKENS.raydocs,
		credentials: (baseUrl) => ({ raydocsApi: { type: new RaydocsApi(), data: { accessToken: TOKENS.raydocs, baseUrl } } }),
		nodeType: () => new Raydocs(),
		get: { resource: 'document', operation: 'getAll', workspace: byId('12'), returnAll: false, limit: 5 },
		post: { resource: 'workspace', operation: 'create', name: 'Finance HOSTILE-BODY-MARK' },
		list: { resource: 'document', operation: 'getAll', workspace: byId('12'), returnAll: true },
		endlessPage: () => json(200, { data: [{ id: 'd1', filename: 'a.pdf' }], meta: { current_page: 1, last_page: 100_000, per_page: 100, total: 10_000_000 } }),
	},
	{
		name: 'LlamaExtract',
		token: TOKENS.llama,
		credentials: (baseUrl) => ({
			llamaCloudExtractApi: { type: new LlamaCloudApi(), data: { apiKey: TOKENS.llama, region: 'custom', baseUrl, projectId: '', organizationId: '' } },
		}),
		nodeType: () => new LlamaExtract(),
		get: { resource: 'extract', operation: 'get', jobId: 'ext-1' },
		post: {
			resource: 'extract',
			operation: 'create',
			fileSource: 'fileId',
			fileId: 'dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
			configurationSource: 'inline',
			dataSchema: JSON.stringify({ type: 'object', properties: { HOSTILE_BODY_MARK: { type: 'string' } } }),
			waitForCompletion: false,
		},
		list: { resource: 'extract', operation: 'getAll', returnAll: true },
		endlessPage: () => json(200, { items: [{ id: 'ext-1', status: 'COMPLETED', created_at: '2026-01-01T00:00:00Z' }], next_page_token: 'same-token' }),
	},
	{
		name: 'PerfectParser',
		token: TOKENS.perfectParser,
		credentials: (baseUrl) => ({ perfectParserApi: { type: new PerfectParserApi(), data: { apiKey: TOKENS.perfectParser, baseUrl } } }),
		nodeType: () => new PerfectParser(),
		get: { resource: 'account', operation: 'get' },
		post: { resource: 'parser', operation: 'create', name: 'Invoices HOSTILE-BODY-MARK' },
		list: { resource: 'parser', operation: 'getAll', returnAll: true },
		endlessPage: () => json(200, { parsers: [{ parser_id: 'prs_1', name: 'A' }], pagination: { limit: 100, has_next_page: true, next_cursor: 'same-cursor' } }),
	},
];

const ALL = Object.values(TOKENS);

/** Everything a run produced, as text: the thrown error (message, description, JSON) and the items. */
function producedText(result: RunResult): string {
	const error = result.error;
	const parts = [JSON.stringify(result.items ?? [])];
	if (error) parts.push(error.message, String(error.description ?? ''), safeJson(error));
	return parts.join('\n');
}

function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, v: unknown) => {
			if (typeof v === 'object' && v !== null) {
				if (seen.has(v)) return '[circular]';
				seen.add(v);
			}
			return v;
		});
	} catch {
		return String(value);
	}
}

function expectNoToken(text: string): void {
	for (const token of ALL) expect(text.includes(token) ? `${token.slice(0, 8)}… found in: ${text.slice(Math.max(0, text.indexOf(token) - 120), text.indexOf(token) + 60).replace(/\s+/g, ' ')}` : 'clean').toBe('clean');
}

async function run(service: Service, baseUrl: string, parameters: IDataObject, continueOnFail = false): Promise<RunResult> {
	return await runNode({ nodeType: service.nodeType(), parameters, credentials: service.credentials(baseUrl), continueOnFail });
}

let api: HostileServer;
let elsewhere: HostileServer;

beforeAll(async () => {
	expect(nockLoaded()).toBe(false);
	captureLogs();
	api = await startHostileServer(() => ({ status: 500 }));
	elsewhere = await startHostileServer(() => json(200, { ok: true }));
});
afterAll(async () => {
	await api.close();
	await elsewhere.close();
	// Nothing any node logged during the suite carries a token.
	expectNoToken(logLines.join('\n'));
});
beforeEach(() => {
	fastPolicies();
	api.requests.length = 0;
	elsewhere.requests.length = 0;
});

describe('redirecting: the API answers 302/307 to another origin', () => {
	const cases = SERVICES.flatMap((service) =>
		[302, 307].flatMap((status) => (['get', 'post'] as const).map((method) => [service.name, status, method, service] as const)),
	);

	test.each(cases)('%s: %i on a %s — the other origin gets neither the credential nor the body, and the node fails', async (_, status, method, service) => {
		api.handle((request) => ({ status, headers: { Location: `${elsewhere.url}${request.url}` }, body: '' }));
		const result = await run(service, api.url, method === 'get' ? service.get : service.post);
		expect(api.requests.length).toBeGreaterThan(0);
		for (const request of elsewhere.requests) {
			expect(request.headers.authorization).toBeUndefined();
			expect(request.headers['x-api-key']).toBeUndefined();
			expectNoToken(JSON.stringify(request.headers));
			expect(request.body.toString('utf8')).not.toContain('HOSTILE');
			expect(request.body.length).toBe(0);
		}
		expect(result.error).toBeDefined();
		expectNoToken(producedText(result));
	});
});

describe('echoing: error bodies repeat the request headers', () => {
	const FIVE_MB = 5 * 1024 * 1024;
	const bodies: Array<[string, (request: RecordedRequest) => HostileReply]> = [
		['401 text', (request) => ({ status: 401, headers: { 'Content-Type': 'text/plain' }, body: `Unauthorized. You sent ${echoHeaders(request)}` })],
		[
			'422 JSON',
			(request) => {
				const echo = echoHeaders(request);
				return json(422, { message: `Invalid: ${echo}`, detail: echo, error: { code: 'INVALID_PAYLOAD', message: echo, details: echo }, errors: { name: [echo] } });
			},
		],
		[
			'HTML 502',
			(request) => ({
				status: 502,
				headers: { 'Content-Type': 'text/html' },
				body: `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><pre>${echoHeaders(request)}</pre></body></html>`,
			}),
		],
		[
			'5 MB JSON',
			(request) => {
				const echo = `${echoHeaders(request)} `;
				const big = echo.repeat(Math.ceil(FIVE_MB / echo.length)).slice(0, FIVE_MB);
				return json(400, { message: big, error: { code: 'INVALID_PAYLOAD', message: big } });
			},
		],
	];
	const cases = SERVICES.flatMap((service) => bodies.map(([label, reply]) => [service.name, label, service, reply] as const));

	test.each(cases)('%s, %s: no token in the error or the Continue On Fail item, messages bounded', async (_, _label, service, reply) => {
		api.handle(reply);
		const thrown = await run(service, api.url, service.get);
		expect(thrown.error).toBeDefined();
		// The server did echo the token: the node had it in hand.
		expect(api.requests.length).toBeGreaterThan(0);
		expectNoToken(producedText(thrown));
		expect(thrown.error!.message.length).toBeLessThanOrEqual(1000);
		expect(String(thrown.error!.description ?? '').length).toBeLessThanOrEqual(2000);
		expect(safeJson(thrown.error).length).toBeLessThan(50_000);

		const continued = await run(service, api.url, service.get, true);
		expect(continued.error).toBeUndefined();
		expect(continued.items).toHaveLength(1);
		const item = continued.items[0] as INodeExecutionData;
		expect(typeof item.json.error).toBe('string');
		expectNoToken(JSON.stringify(continued.items));
		expect(String(item.json.error).length).toBeLessThanOrEqual(1000);
		expect(JSON.stringify(item.json).length).toBeLessThan(50_000);
	});
});

describe('never-ending: a list whose cursor or page never moves', () => {
	test.each(SERVICES.map((service) => [service.name, service] as const))('%s Return All stops with an error after a few requests', async (_, service) => {
		api.handle((request) => service.endlessPage(request));
		const result = await run(service, api.url, service.list);
		expect(result.error).toBeDefined();
		expect(api.requests.length).toBeGreaterThan(0);
		expect(api.requests.length).toBeLessThan(20);
		expectNoToken(producedText(result));
	});
});

describe('replaying: the same signed PerfectParser delivery posted twice', () => {
	const SECRET = 'wh_sec_HOSTILE_replay_0123456789';
	let receiver: Server;
	let receiverUrl = '';
	/** The trigger's static data as n8n keeps it between requests: through JSON. */
	let stored: IDataObject = {};
	let started = 0;
	let options: IDataObject = {};
	/** The items of the last workflow the trigger started. */
	let lastItems: INodeExecutionData[] = [];

	async function rawBody(req: IncomingMessage): Promise<Buffer> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks);
	}

	beforeAll(async () => {
		// The webhook server's part: hands the raw request to the node's real webhook() and answers as n8n would.
		receiver = createServer((req, res) => {
			void (async () => {
				const raw = await rawBody(req);
				let body: unknown = {};
				try {
					body = JSON.parse(raw.toString('utf8'));
				} catch {
					body = {};
				}
				const staticData = JSON.parse(JSON.stringify(stored)) as IDataObject;
				const out = await runWebhook({
					nodeType: new PerfectParserTrigger(),
					parameters: { events: ['extraction.document_completed', 'extraction.job_completed'], options },
					credentials: { perfectParserApi: { type: new PerfectParserApi(), data: { apiKey: TOKENS.perfectParser, baseUrl: api.url } } },
					staticData,
					request: { headers: req.headers as Record<string, string>, rawBody: raw, body },
				});
				stored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
				if (out.error) {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ message: 'Error in workflow' }));
					return;
				}
				if (out.result?.workflowData) {
					started++;
					lastItems = out.result.workflowData[0];
				}
				const status = out.response.ended ? out.response.statusCode : 200;
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(out.response.ended ? out.response.body : (out.result?.webhookResponse ?? { message: 'Workflow was started' })));
			})();
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/hostile/webhook`;
	});
	afterAll(async () => {
		receiver.closeAllConnections();
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});
	beforeEach(() => {
		stored = { 'node:PerfectParser Trigger': { webhookId: 'wh_1', signingSecret: SECRET } };
		started = 0;
		options = {};
		lastItems = [];
	});

	async function post(body: string, headers: Record<string, string> = {}): Promise<number> {
		const signature = createHmac('sha256', SECRET).update(body).digest('hex');
		const response = await fetch(receiverUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-PerfectParser-Signature': signature, ...headers },
			body,
		});
		await response.text();
		return response.status;
	}

	const delivery = (documentId: string) =>
		JSON.stringify({ event: 'extraction.document_completed', extraction_id: 'ext_1', document_id: documentId, status: 'completed', created_at: '2026-06-20T10:00:42.000Z' });

	test('posted twice, it starts the workflow once; both posts are answered 2xx', async () => {
		const body = delivery('doc_1');
		expect(await post(body)).toBe(200);
		expect(await post(body)).toBe(200);
		expect(started).toBe(1);
	});

	test('replayed many times and interleaved with new deliveries: each distinct delivery starts the workflow once', async () => {
		for (let round = 0; round < 3; round++) {
			for (const documentId of ['doc_a', 'doc_b', 'doc_c']) expect(await post(delivery(documentId))).toBe(200);
		}
		expect(started).toBe(3);
	});

	test('the same delivery id with other bytes is a replay too', async () => {
		expect(await post(delivery('doc_x'), { 'X-PerfectParser-Delivery': 'dlv_hostile_1' })).toBe(200);
		expect(await post(`${delivery('doc_x')} `, { 'X-PerfectParser-Delivery': 'dlv_hostile_1' })).toBe(200);
		expect(started).toBe(1);
	});

	test('signed bodies that are not JSON objects are refused with 400 and start nothing', async () => {
		for (const body of ['null', '[]', '"text"', '7']) expect(await post(body)).toBe(400);
		expect(started).toBe(0);
	});

	test('with Fetch Extracted Data against an API that echoes the key in its errors, the started item says why the data is missing without the key', async () => {
		options = { fetchData: true };
		api.handle((request) => json(401, { error: { code: 'UNAUTHORIZED', message: `Bad key: ${echoHeaders(request)}` } }));
		expect(await post(delivery('doc_f'))).toBe(200);
		expect(started).toBe(1);
		expect(api.requests.length).toBeGreaterThan(0);
		expect(lastItems).toHaveLength(1);
		expect(typeof lastItems[0].json.fetch_error).toBe('string');
		expectNoToken(JSON.stringify(lastItems));
	});
});
