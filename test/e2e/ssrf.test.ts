/**
 * n8n's SSRF protection on (N8N_SSRF_PROTECTION_ENABLED=true) and the sandbox (127.0.0.1, a
 * loopback address n8n blocks by default) not allowed: the Raydocs invoices example fails fast
 * with one error that says n8n refused, names the host and the credential's base URL, and the
 * settings that allow it, instead of retrying a request n8n will never send.
 */
import { EXAMPLES, loadExample } from '../../dev/examples';
import { SAMPLE_NAMES, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
	h = await startHarness({ env: { N8N_SSRF_PROTECTION_ENABLED: 'true' } });
});

afterAll(async () => await h?.dispose());

/** The example's node of ours that uses the Raydocs credential (its type prefix is the package's). */
function raydocsNodeName(): string {
	const nodes = loadExample(EXAMPLES.raydocsInvoices).nodes as Array<{ name: string; credentials?: Record<string, unknown> }>;
	const node = nodes.find((n) => n.credentials?.raydocsApi);
	if (!node) throw new Error(`no node with a Raydocs credential in ${EXAMPLES.raydocsInvoices}`);
	return node.name;
}

test('"Extract invoices with Raydocs" with the sandbox blocked: one SSRF error naming host, base URL and settings, in under 10 s, no retries', async () => {
	const [id] = await h.n8n.importWorkflows([h.example(EXAMPLES.raydocsInvoices)]);
	const before = h.sandbox.stats().totals.byService.raydocs ?? 0;
	const run = await h.n8n.execute(id);

	expect(run.exitCode).toBe(1);
	expect(run.errorMessage).toMatch(
		/^n8n's SSRF protection blocked the request to 127\.0\.0\.1 \(the Raydocs API credential's base URL http:\/\/127\.0\.0\.1:\d+\/\S*\) while trying to get an upload URL for "[^"]+"\. Allow the host with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES/,
	);
	expect(run.errorMessage).toContain(`base URL ${h.sandbox.raydocsUrl.replace(/\/+$/, '')})`);
	const node = raydocsNodeName();
	expect(run.json.data.resultData.lastNodeExecuted).toBe(node);
	const error = run.json.data.resultData.error;
	expect(error.description).toContain('N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32');
	// How long the node ran, as n8n recorded it (not the CLI's start-up): the old behaviour retried
	// each upload URL 6 times over ~22 s.
	const runs = run.json.data.resultData.runData[node] as Array<{ executionTime: number }>;
	const nodeMs = runs.reduce((sum, r) => sum + r.executionTime, 0);
	// n8n refuses before sending: the sandbox sees at most one request per file (none, in fact).
	const requests = (h.sandbox.stats().totals.byService.raydocs ?? 0) - before;
	console.log(`SSRF case: the Raydocs node failed after ${nodeMs} ms; the sandbox saw ${requests} Raydocs requests for ${SAMPLE_NAMES.length} files`);
	expect(nodeMs).toBeLessThan(10_000);
	expect(requests).toBeLessThanOrEqual(SAMPLE_NAMES.length);
	expect(run.log).not.toContain(h.sandbox.tokens.raydocs);
	expect(run.log).not.toMatch(/\d+ attempts over/);
});

/*
 * The credential's Test button runs the credential's declarative test request in n8n's own tester,
 * so the words are n8n's. A node-side test function (`testedBy`) could word it, but n8n gives such
 * a function only the deprecated `helpers.request`, which n8n's community lint refuses.
 */
test('the credential Test button with the sandbox blocked: an error at once, in n8n\'s words, nothing sent', async () => {
	await h.n8n.start();
	const { rest } = await h.n8n.setupOwnerAndApiKey();
	const credential = h.credentials.find((c) => c.type === 'raydocsApi' && !/wrong/i.test(c.name))!;
	const before = h.sandbox.stats().totals.byService.raydocs ?? 0;
	const result = await rest.post<{ data: { status: string; message: string } }>('/credentials/test', {
		credentials: { id: credential.id, name: credential.name, type: credential.type, data: credential.data },
	});
	await h.n8n.stop();
	console.log(`SSRF case: the Raydocs credential test answered ${JSON.stringify(result.data)}`);
	expect(result.data.status).toBe('Error');
	expect(result.data.message).toMatch(/blocked/i);
	expect(result.data.message).not.toContain(h.sandbox.tokens.raydocs);
	expect((h.sandbox.stats().totals.byService.raydocs ?? 0) - before).toBe(0);
});
