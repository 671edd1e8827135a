/**
 * A request refused by n8n's SSRF protection is its own error, in all three services: not retried,
 * naming the host and the credential's base URL, and the two settings that allow the host. The
 * refusal is n8n-core 2.41's own: its SSRF protection is switched on in the container the harness
 * uses (what N8N_SSRF_PROTECTION_ENABLED=true does), with n8n's default blocked ranges, and the
 * nodes run through their real execute()/poll(). Every refusal n8n makes is counted through the
 * protection's own `ssrf.blocked` event; no refused request reaches the network.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { LlamaExtractTrigger } from '../../../nodes/LlamaExtract/LlamaExtractTrigger.node';
import { PerfectParserTrigger } from '../../../nodes/PerfectParser/PerfectParserTrigger.node';
import { RaydocsTrigger } from '../../../nodes/Raydocs/RaydocsTrigger.node';
import { POLL_RETRY, retryPolicy } from '../../../nodes/shared/transport/http';
import { binaryItem, Container, runPoll, type CredentialMap } from '../../../dev/harness/n8nContext';
import { fastTiming, LLAMA_KEY, llamaCredentials, runLlama } from '../../helpers/llamaextract';
import { PP_KEY, ppCredentials, runPP } from '../../helpers/perfectparser';
import { byId, expectNoToken, RAYDOCS_TOKEN, raydocsCredentials, runRaydocs } from '../../helpers/raydocs';

// n8n-core's own copies: its SSRF protection reads the config from n8n-core's container.
const fromCore = (id: string, from = require.resolve('n8n-core')) => require.resolve(id, { paths: [from] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const network = require(fromCore('@n8n/backend-network')) as typeof import('@n8n/backend-network');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SsrfProtectionConfig } = require(fromCore('@n8n/config', fromCore('@n8n/backend-network'))) as typeof import('@n8n/config');

/** A public address, allowed by n8n's default policy without a DNS lookup; nock answers for it. */
const PUBLIC_BASE = 'https://93.184.215.14';
const TEMPLATE = { __rl: true, mode: 'id', value: '550e8400-e29b-41d4-a716-446655440000' };
const HOW_TO_ALLOW = 'Allow the host with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES';

let blocked: string[] = [];
const onBlocked = (event: { reason: string }) => blocked.push(event.reason);
let wasEnabled = false;

beforeAll(() => {
	nock.disableNetConnect();
	const config = Container.get(SsrfProtectionConfig);
	wasEnabled = config.enabled;
	config.enabled = true;
	Container.get(network.SsrfProtectionService).events.on('ssrf.blocked', onBlocked);
});
afterAll(() => {
	Container.get(SsrfProtectionConfig).enabled = wasEnabled;
	Container.get(network.SsrfProtectionService).events.off('ssrf.blocked', onBlocked);
});
beforeEach(() => {
	fastTiming();
	blocked = [];
});
afterEach(() => nock.cleanAll());

async function files(count: number) {
	const items = [];
	for (let i = 0; i < count; i++) items.push(await binaryItem(Buffer.from(`%PDF-1.4 file ${i}`), `invoice-${i}.pdf`, 'application/pdf'));
	return items;
}

function shown(error: (Error & { description?: string }) | undefined): string {
	return `${error?.message} ${error?.description ?? ''} ${JSON.stringify(error)}`;
}

describe('Raydocs', () => {
	test('Batch → Create Sessions against a loopback base URL: at most one refusal per file, the host, the base URL and both settings', async () => {
		const result = await runRaydocs({ resource: 'batch', operation: 'createSessions', template: TEMPLATE, waitForCompletion: false }, await files(5), {
			credentials: raydocsCredentials({ baseUrl: 'http://127.0.0.1:9' }),
		});
		expect(result.error?.message).toBe(
			`n8n's SSRF protection blocked the request to 127.0.0.1 (the Raydocs API credential's base URL http://127.0.0.1:9) while trying to get an upload URL for "invoice-0.pdf". ${HOW_TO_ALLOW} [item 0]`,
		);
		expect(result.error?.description).toContain('N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32');
		expect(result.error?.description).toContain('not retried');
		// The files' upload URLs are asked for side by side: at most one refusal per file, none repeated.
		expect(blocked.length).toBeGreaterThanOrEqual(1);
		expect(blocked.length).toBeLessThanOrEqual(5);
		expectNoToken(result);
	});

	test('with Continue On Fail each file is refused once, none retried', async () => {
		const result = await runRaydocs({ resource: 'batch', operation: 'createSessions', template: TEMPLATE, waitForCompletion: false }, await files(5), {
			credentials: raydocsCredentials({ baseUrl: 'http://localhost:9' }),
			continueOnFail: true,
		});
		expect(blocked).toHaveLength(5);
		expect(result.items.map((item) => String(item.json.error))).toEqual(
			[0, 1, 2, 3, 4].map(
				(i) =>
					`n8n's SSRF protection blocked the request to localhost (127.0.0.1) (the Raydocs API credential's base URL http://localhost:9) while trying to get an upload URL for "invoice-${i}.pdf". ${HOW_TO_ALLOW} [item ${i}]`,
			),
		);
		expect(String(result.items[0].json.errorDescription)).toContain('N8N_SSRF_ALLOWED_HOSTNAMES=localhost');
	});

	test('the signed-URL upload to a private storage host: refused once, its signature not shown, the base URL named', async () => {
		const api = nock(PUBLIC_BASE, { reqheaders: { authorization: `Bearer ${RAYDOCS_TOKEN}` } })
			.post('/vapor/signed-storage-url')
			.reply(200, { key: 'tmp/k1', url: 'http://10.0.0.7/tmp/k1?X-Amz-Signature=SECRETSIG', headers: {} });
		const result = await runRaydocs(
			{ resource: 'session', operation: 'uploadDocuments', sessionId: byId('770e8400-e29b-41d4-a716-446655440001'), source: 'binary', binaryPropertyName: 'data' },
			await files(1),
			{ credentials: raydocsCredentials({ baseUrl: PUBLIC_BASE }) },
		);
		expect(result.error?.message).toBe(
			`n8n's SSRF protection blocked the request to 10.0.0.7 (a storage address Raydocs gave; the Raydocs API credential's base URL is ${PUBLIC_BASE}) while trying to upload "invoice-0.pdf" to Raydocs storage. ${HOW_TO_ALLOW} [item 0]`,
		);
		expect(result.error?.description).toContain('N8N_SSRF_ALLOWED_IP_RANGES=10.0.0.7/32');
		expect(shown(result.error)).not.toContain('SECRETSIG');
		expect(blocked).toEqual(['blocked_ip']);
		api.done();
		expectNoToken(result);
	});

	test('the signed-URL download from a private storage host: refused once, not asked for a fresh link', async () => {
		const DID = '990e8400-e29b-41d4-a716-446655440009';
		const api = nock(PUBLIC_BASE)
			.get(`/workspaces/12/documents/${DID}`)
			.reply(200, { id: DID, filename: 'invoice.pdf', mime_type: 'application/pdf' })
			.get(`/workspaces/12/documents/${DID}/url`)
			.reply(200, { url: 'https://192.168.1.20/bucket/abc?X-Amz-Signature=SECRETSIG' });
		const result = await runRaydocs({ resource: 'document', operation: 'download', workspace: byId(12), documentId: DID }, undefined, {
			credentials: raydocsCredentials({ baseUrl: PUBLIC_BASE }),
		});
		expect(result.error?.message).toMatch(/^n8n's SSRF protection blocked the request to 192\.168\.1\.20 \(a storage address Raydocs gave; the Raydocs API credential's base URL is https:\/\/93\.184\.215\.14\) while trying to .+\. Allow the host with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES \[item 0\]$/);
		expect(shown(result.error)).not.toContain('SECRETSIG');
		expect(blocked).toEqual(['blocked_ip']);
		api.done();
	});
});

test('LlamaExtract and PerfectParser actions: the same error, one refusal each', async () => {
	const llama = await runLlama({ resource: 'extract', operation: 'get', jobId: 'ext-1' }, undefined, {
		credentials: llamaCredentials({ baseUrl: 'http://10.1.2.3:8080' }),
	});
	expect(llama.error?.message).toMatch(/^n8n's SSRF protection blocked the request to 10\.1\.2\.3 \(the LlamaCloud Extract API credential's base URL http:\/\/10\.1\.2\.3:8080\) while trying to .+\. Allow the host with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES \[item 0\]$/);
	expect(shown(llama.error)).not.toContain(LLAMA_KEY);
	const pp = await runPP({ resource: 'extraction', operation: 'getStatus', extractionId: 'ext_1' }, undefined, {
		credentials: ppCredentials({ baseUrl: 'http://172.16.0.9' }),
	});
	expect(pp.error?.message).toMatch(/^n8n's SSRF protection blocked the request to 172\.16\.0\.9 \(the PerfectParser API credential's base URL http:\/\/172\.16\.0\.9\) while trying to .+\. Allow the host with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES \[item 0\]$/);
	expect(shown(pp.error)).not.toContain(PP_KEY);
	expect(blocked).toEqual(['blocked_ip', 'blocked_ip']);
});

/**
 * A poll refused by n8n is a configuration error: thrown (n8n records it and the user sees it), not
 * logged and skipped like a passing outage, and not tried again within the poll.
 */
const polls: Record<string, { nodeType: () => object; parameters: IDataObject; credentials: CredentialMap }> = {
	Raydocs: {
		nodeType: () => new RaydocsTrigger(),
		parameters: { event: 'workflowRunCompleted', workspace: byId(12), workflowId: '880e8400-e29b-41d4-a716-446655440000' },
		credentials: raydocsCredentials({ baseUrl: 'http://127.0.0.1:9' }),
	},
	LlamaExtract: {
		nodeType: () => new LlamaExtractTrigger(),
		parameters: { event: 'extractJobCompleted' },
		credentials: llamaCredentials({ baseUrl: 'http://127.0.0.1:9' }),
	},
	PerfectParser: {
		nodeType: () => new PerfectParserTrigger(),
		parameters: { delivery: 'polling', statuses: ['completed'] },
		credentials: ppCredentials({ baseUrl: 'http://127.0.0.1:9' }),
	},
};

test.each(Object.keys(polls))('%s Trigger: a refused poll throws the SSRF error after one refusal', async (name) => {
	expect(POLL_RETRY.maxAttempts).toBeGreaterThan(1);
	expect(retryPolicy.maxAttempts).toBeGreaterThan(1);
	const { nodeType, parameters, credentials } = polls[name];
	const result = await runPoll({ nodeType: nodeType() as never, parameters, credentials, staticData: {} });
	expect(result.items).toBeNull();
	expect(result.error?.message).toMatch(/^n8n's SSRF protection blocked the request to 127\.0\.0\.1 \(the .+ credential's base URL http:\/\/127\.0\.0\.1:9\) while trying to .+\. Allow the host with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES$/);
	expect(blocked).toEqual(['blocked_ip']);
});
