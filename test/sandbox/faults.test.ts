import { createHmac } from 'node:crypto';
import { get } from 'node:http';
import type { Sandbox } from '../../dev/sandbox';
import { DEMO_IDS, makeInvoicePdf } from '../../dev/sandbox';
import { call, form, poll, sample, start } from './helpers';

/** fetch that reports a dropped connection as status 0 instead of throwing */
async function tryCall(method: string, url: string, opts: Parameters<typeof call>[2] = {}) {
	try {
		return await call(method, url, opts);
	} catch {
		return { status: 0, headers: new Headers(), body: null, raw: Buffer.alloc(0) };
	}
}

describe('faults', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({ seed: 42 });
	});
	afterAll(() => sb.close());
	afterEach(() => sb.setFaults({ rules: [] }));

	const me = () => tryCall('GET', `${sb.perfectParserUrl}/v1/me`, { headers: { 'X-API-Key': sb.tokens.perfectParser } });

	test('status faults fire at the configured rate (10% ± 3% over 1,000 requests), reproducibly per seed', async () => {
		const run = async () => {
			sb.setFaults({ seed: 7, rules: [{ kind: 'status', service: 'perfectparser', route: '/perfectparser/v1/me', rate: 0.1, status: 503 }] });
			let n503 = 0;
			for (let i = 0; i < 1000; i++) {
				const r = await me();
				if (r.status === 503) {
					n503++;
					expect(r.body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } });
				} else expect(r.status).toBe(200);
			}
			return n503;
		};
		const a = await run();
		expect(a).toBeGreaterThanOrEqual(70);
		expect(a).toBeLessThanOrEqual(130);
		expect(await run()).toBe(a);
	});

	test('429 fault carries Retry-After in the service error shape; skip/times bound firing', async () => {
		sb.setFaults({ rules: [{ kind: 'rate_limit', service: 'raydocs', retryAfterSec: 7, skip: 1, times: 2 }] });
		const H = { Authorization: `Bearer ${sb.tokens.raydocs}` };
		const statuses: number[] = [];
		let last;
		for (let i = 0; i < 5; i++) {
			last = await tryCall('GET', `${sb.raydocsUrl}/workspaces`, { headers: H });
			statuses.push(last.status);
			if (last.status === 429) {
				expect(last.headers.get('retry-after')).toBe('7');
				expect(last.body).toEqual({ message: 'Too Many Attempts.' });
			}
		}
		expect(statuses).toEqual([200, 429, 429, 200, 200]);
	});

	test('reset before handling: nothing happened; reset after handling: the work was done', async () => {
		const create = (name: string) => tryCall('POST', `${sb.perfectParserUrl}/v1/parsers`, { headers: { 'X-API-Key': sb.tokens.perfectParser }, json: { name } });
		const count = async () => (await call('GET', `${sb.perfectParserUrl}/v1/parsers?limit=100`, { headers: { 'X-API-Key': sb.tokens.perfectParser } })).body.parsers.length;
		const n0 = await count();
		sb.setFaults({ rules: [{ kind: 'reset_before', route: '/perfectparser/v1/parsers', method: 'POST' }] });
		expect((await create('before')).status).toBe(0);
		sb.setFaults({ rules: [] });
		expect(await count()).toBe(n0);
		sb.setFaults({ rules: [{ kind: 'reset_after', route: '/perfectparser/v1/parsers', method: 'POST' }] });
		expect((await create('after')).status).toBe(0);
		sb.setFaults({ rules: [] });
		expect(await count()).toBe(n0 + 1);
		const retry = await create('after');
		expect(retry.status).toBe(409); // the retry sees the work of the lost response
		const st = sb.stats();
		expect(st.faults.resetAfterHandling).toBe(1);
		expect(st.routes['perfectparser POST /perfectparser/v1/parsers'].byStatus['0']).toBe(1);
	});

	test('latency and slow bodies still deliver the full response', async () => {
		sb.setFaults({ rules: [{ kind: 'latency', latencyMs: 30 }, { kind: 'slow_body', slowBodyMs: 60, service: 'perfectparser' }] });
		const r = await me();
		expect(r.status).toBe(200);
		expect(r.body.user.credits_available).toEqual(expect.any(Number));
		expect(sb.stats().faults.injected).toMatchObject({ latency: 1, slow_body: 1 });
	});

	test('faults are settable over HTTP and invalid configs are rejected', async () => {
		const ok = await call('POST', `${sb.url}/_sandbox/faults`, { json: { rules: [{ kind: 'status', status: 502, path: '/llamacloud/**' }] } });
		expect(ok.body.rules[0]).toMatchObject({ kind: 'status', matched: 0, fired: 0 });
		const r = await tryCall('GET', `${sb.llamaUrl}/api/v1/projects`, { headers: { Authorization: `Bearer ${sb.tokens.llama}` } });
		expect(r.status).toBe(502);
		expect(r.body).toEqual({ detail: 'Bad Gateway' });
		expect((await call('POST', `${sb.url}/_sandbox/faults`, { json: { rules: [{ kind: 'nope' }] } })).status).toBe(400);
	});

	test('a signed-URL PUT that carries Authorization is counted in stats; big multipart bodies stream intact', async () => {
		const su = await call('POST', `${sb.raydocsUrl}/vapor/signed-storage-url`, { headers: { Authorization: `Bearer ${sb.tokens.raydocs}` }, json: { content_type: 'application/pdf' } });
		await call('PUT', su.body.url, { headers: { ...su.body.headers, Authorization: 'Bearer leaked' }, body: sample('invoice-001.pdf') });
		expect(sb.stats().storage.putsWithAuthorization).toBe(1);
		const big = Buffer.concat([Buffer.from('Invoice Number: BIG-1\nTotal: 12\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
		const f = await call('POST', `${sb.llamaUrl}/api/v1/beta/files`, { headers: { Authorization: `Bearer ${sb.tokens.llama}` }, body: form({ purpose: 'extract' }, [{ field: 'file', name: 'big.txt', bytes: big }]) });
		expect(f.status).toBe(201);
		expect(f.body.file_size).toBe(big.length);
	});
});

describe('rate limits (fast clock)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({ rateLimits: { enabled: true, windowMs: 2000, raydocsPerWindow: 5, llamaPerWindow: 3, ppPerWindow: 8, ppSubmitPerWindow: 2 } });
	});
	afterAll(() => sb.close());

	test('Raydocs trips after the configured count with Retry-After and X-RateLimit-*', async () => {
		const statuses: number[] = [];
		let last;
		for (let i = 0; i < 7; i++) {
			last = await call('GET', `${sb.raydocsUrl}/workspaces`, { headers: { Authorization: `Bearer ${sb.tokens.raydocs}` } });
			statuses.push(last.status);
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
		expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(last!.body).toEqual({ message: 'Too Many Attempts.' });
		const after = await poll(() => call('GET', `${sb.raydocsUrl}/workspaces`, { headers: { Authorization: `Bearer ${sb.tokens.raydocs}` } }), (r) => r.status === 200, 100, 50);
		expect(after.status).toBe(200);
		expect(sb.stats().rateLimited.raydocs).toBeGreaterThanOrEqual(2);
	});

	test('LlamaCloud 429 with Retry-After and retry-after-ms', async () => {
		const s: number[] = [];
		let last;
		for (let i = 0; i < 4; i++) {
			last = await call('GET', `${sb.llamaUrl}/api/v1/projects`, { headers: { Authorization: `Bearer ${sb.tokens.llama}` } });
			s.push(last.status);
		}
		expect(s).toEqual([200, 200, 200, 429]);
		expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
		expect(last!.headers.get('retry-after-ms')).toMatch(/^\d+$/);
	});

	test('PerfectParser: X-RateLimit-* on every response; the submit bucket is tighter', async () => {
		const H = { 'X-API-Key': sb.tokens.perfectParser };
		const r = await call('GET', `${sb.perfectParserUrl}/v1/me`, { headers: H });
		expect(r.headers.get('x-ratelimit-limit')).toBe('8');
		expect(r.headers.get('x-ratelimit-remaining')).toBe('7');
		expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
		const sub = () => call('POST', `${sb.perfectParserUrl}/v1/extractions`, { headers: H, body: form({ parser_id: DEMO_IDS.perfectParserParserId }, [{ field: 'files', name: 'a.pdf', bytes: sample('invoice-001.pdf') }]) });
		const codes = [(await sub()).status, (await sub()).status];
		const third = await sub();
		expect(codes).toEqual([202, 202]);
		expect(third.status).toBe(429);
		expect(third.body.error.code).toBe('RATE_LIMITED');
		expect(third.headers.get('x-ratelimit-limit')).toBe('2');
	});
});

describe('webhooks', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({ webhookRetryDelaysMs: [10, 20, 40] });
	});
	afterAll(() => sb.close());
	const H = () => ({ 'X-API-Key': sb.tokens.perfectParser });
	const sink = (name: string) => call('GET', `${sb.url}/_sandbox/sink/${name}`);

	test('PerfectParser deliveries verify with an independent HMAC-SHA256 of the raw body', async () => {
		const wh = await call('POST', `${sb.perfectParserUrl}/v1/webhooks`, { headers: H(), json: { url: `${sb.url}/_sandbox/sink/pp`, events: ['extraction.document_completed', 'extraction.job_completed'], secret: 'static-token-1' } });
		const secret = wh.body.webhook.signing_secret;
		const sub = await call('POST', `${sb.perfectParserUrl}/v1/extractions`, {
			headers: H(),
			body: form({ parser_id: DEMO_IDS.perfectParserParserId }, [
				{ field: 'files', name: 'a.pdf', bytes: makeInvoicePdf({ invoiceNumber: 'W-1', date: '2026-01-01', total: 1, vendor: 'V' }) },
				{ field: 'files', name: 'b.png', bytes: sample('invoice-003.png') },
			]),
		});
		const got = await poll(() => sink('pp'), (r) => r.body.count >= 3);
		expect(got.body.count).toBe(3);
		for (const req of got.body.requests) {
			const expected = createHmac('sha256', secret).update(req.body).digest('hex');
			expect(req.headers['x-perfectparser-signature']).toBe(expected);
			expect(req.headers['x-webhook-secret']).toBe('static-token-1');
			expect(req.json.extraction_id).toBe(sub.body.extraction.extraction_id);
		}
		const events = got.body.requests.map((r: { json: { event: string } }) => r.json.event);
		expect(events.filter((e: string) => e === 'extraction.document_completed')).toHaveLength(2);
		expect(events[2]).toBe('extraction.job_completed');
		// a wrong secret does not verify
		expect(createHmac('sha256', 'wh_sec_wrong').update(got.body.requests[0].body).digest('hex')).not.toBe(got.body.requests[0].headers['x-perfectparser-signature']);
		const test = await call('POST', `${sb.perfectParserUrl}/v1/webhooks/${wh.body.webhook.webhook_id}/test`, { headers: H() });
		expect(test.body.delivery).toMatchObject({ success: true, status_code: 200 });
		const all = await sink('pp');
		expect(all.body.requests[3].json).toMatchObject({ event: 'extraction.job_completed', test: true });
	});

	test('non-2xx answers are retried; deliveries are logged on the webhook; non-loopback URLs are refused', async () => {
		const wh = await call('POST', `${sb.perfectParserUrl}/v1/webhooks`, { headers: H(), json: { url: `${sb.url}/_sandbox/sink/flaky?failFirst=2`, events: ['extraction.job_completed'] } });
		await call('POST', `${sb.perfectParserUrl}/v1/extractions`, { headers: H(), body: form({ parser_id: DEMO_IDS.perfectParserParserId }, [{ field: 'files', name: 'r.txt', bytes: Buffer.from('Invoice Number: R-1\n') }]) });
		const got = await poll(() => sink('flaky'), (r) => r.body.count >= 3);
		expect(got.body.requests.map((r: { responded_status: number }) => r.responded_status)).toEqual([500, 500, 200]);
		expect(got.body.requests[0].body).toBe(got.body.requests[2].body);
		const log = await call('GET', `${sb.perfectParserUrl}/v1/webhooks/${wh.body.webhook.webhook_id}`, { headers: H() });
		expect(log.body.webhook.recent_deliveries.map((d: { success: boolean }) => d.success)).toEqual([true, false, false]);
		const ext = await call('POST', `${sb.perfectParserUrl}/v1/webhooks`, { headers: H(), json: { url: 'https://hooks.example.com/x', events: ['extraction.job_completed'] } });
		const t = await call('POST', `${sb.perfectParserUrl}/v1/webhooks/${ext.body.webhook.webhook_id}/test`, { headers: H() });
		expect(t.body.delivery).toMatchObject({ success: false, error: expect.stringContaining('non-loopback') });
		expect(sb.stats().webhooks.refused).toBeGreaterThanOrEqual(1);
	});

	test('LlamaExtract per-job webhook_configurations deliver pending and success events', async () => {
		const A = { Authorization: `Bearer ${sb.tokens.llama}` };
		const f = await call('POST', `${sb.llamaUrl}/api/v1/beta/files`, { headers: A, body: form({ purpose: 'extract' }, [{ field: 'file', name: 'x.pdf', bytes: sample('invoice-001.pdf') }]) });
		const j = await call('POST', `${sb.llamaUrl}/api/v2/extract`, {
			headers: A,
			json: { file_input: f.body.id, configuration_id: DEMO_IDS.llamaConfigurationId, webhook_configurations: [{ webhook_url: `${sb.url}/_sandbox/sink/llama`, webhook_headers: { 'X-Custom': 'yes' } }] },
		});
		const got = await poll(() => sink('llama'), (r) => r.body.count >= 2);
		expect(got.body.requests.map((r: { json: { event_type: string } }) => r.json.event_type)).toEqual(['extract.pending', 'extract.success']);
		expect(got.body.requests[1].json.data.job_id).toBe(j.body.id);
		expect(got.body.requests[1].headers['x-custom']).toBe('yes');
	});
});

describe('admin', () => {
	test('reset clears state and stats; sink and stats endpoints answer over HTTP', async () => {
		const sb = await start();
		try {
			await call('POST', `${sb.perfectParserUrl}/v1/parsers`, { headers: { 'X-API-Key': sb.tokens.perfectParser }, json: { name: 'temp' } });
			const st = await call('GET', `${sb.url}/_sandbox/stats`);
			expect(st.body.resources.perfectparser.parsers).toBe(1);
			expect(st.body.rows[0]).toMatchObject({ service: expect.any(String), method: expect.any(String), route: expect.any(String), status: expect.any(Number), count: expect.any(Number) });
			await call('POST', `${sb.url}/_sandbox/reset`);
			expect(sb.stats().totals.requests).toBe(0);
			const list = await call('GET', `${sb.perfectParserUrl}/v1/parsers`, { headers: { 'X-API-Key': sb.tokens.perfectParser } });
			expect(list.body.parsers).toHaveLength(1); // only the seeded demo parser
			const info = await call('GET', `${sb.url}/_sandbox`);
			expect(info.body.tokens.raydocs).toBe(sb.tokens.raydocs);
			void get;
		} finally {
			await sb.close();
		}
	});
});
