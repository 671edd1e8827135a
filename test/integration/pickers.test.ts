/**
 * Every "From list" picker against the sandbox emulator over real HTTP, on a fresh sandbox (demo
 * workspace, template, workflow, agent, configuration and parser): the emulator must accept the
 * query each list sends, and the lists that have demo data show it.
 */
import type { IDataObject, INodeListSearchResult, INodeType } from 'n8n-workflow';

import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { DEMO_IDS, startSandbox, type Sandbox } from '../../dev/sandbox';
import { LlamaExtract } from '../../nodes/LlamaExtract/LlamaExtract.node';
import { PerfectParser } from '../../nodes/PerfectParser/PerfectParser.node';
import { PerfectParserTrigger } from '../../nodes/PerfectParser/PerfectParserTrigger.node';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { loadOptionsContext, type CredentialMap } from '../../dev/harness/n8nContext';
import { llamaCredentials } from '../helpers/llamaextract';
import { ppCredentials } from '../helpers/perfectparser';

let sandbox: Sandbox;
let credentials: Record<string, CredentialMap>;

beforeAll(async () => {
	sandbox = await startSandbox({ timing: { parseMs: 15, extractMs: 25, jitterMs: 10 } });
	credentials = {
		raydocs: { raydocsApi: { type: new RaydocsApi(), data: { accessToken: sandbox.tokens.raydocs, baseUrl: sandbox.raydocsUrl } } },
		llama: llamaCredentials({ apiKey: sandbox.tokens.llama, baseUrl: sandbox.llamaUrl }),
		pp: ppCredentials({ apiKey: sandbox.tokens.perfectParser, baseUrl: sandbox.perfectParserUrl }),
	};
});
afterAll(async () => await sandbox.close());

async function list(nodeType: INodeType, service: string, method: string, parameters: IDataObject, filter?: string): Promise<INodeListSearchResult> {
	const context = loadOptionsContext({ nodeType, parameters, credentials: credentials[service] });
	const search = nodeType.methods!.listSearch![method];
	return await search.call(context, filter);
}

const workspace = () => ({ __rl: true, mode: 'list', value: String(DEMO_IDS.raydocsWorkspaceId) });

test('Raydocs: workspaces, documents, members, invites and workflow runs load from the emulator', async () => {
	const node = new Raydocs();
	expect((await list(node, 'raydocs', 'searchWorkspaces', { resource: 'document', operation: 'get' })).results.map((r) => r.value)).toContain(String(DEMO_IDS.raydocsWorkspaceId));
	for (const [method, parameters] of [
		['searchDocuments', { resource: 'document', operation: 'get', workspace: workspace() }],
		['searchMembers', { resource: 'workspaceMember', operation: 'remove', workspace: workspace() }],
		['searchInvites', { resource: 'workspaceInvite', operation: 'resend', workspace: workspace() }],
		['searchWorkflowRuns', { resource: 'workflowRun', operation: 'getOutput', workspace: workspace(), workflowId: DEMO_IDS.raydocsWorkflowId }],
	] as Array<[string, IDataObject]>) {
		const found = await list(node, 'raydocs', method, parameters);
		expect({ method, results: Array.isArray(found.results) }).toEqual({ method, results: true });
	}
	expect((await list(node, 'raydocs', 'searchMembers', { resource: 'workspaceMember', operation: 'remove', workspace: workspace() })).results.length).toBeGreaterThan(0);
});

test('LlamaExtract: files, jobs (v2, v1) and runs load from the emulator', async () => {
	const node = new LlamaExtract();
	for (const [method, parameters] of [
		['searchFiles', { resource: 'file', operation: 'get' }],
		['searchExtractJobs', { resource: 'extract', operation: 'get' }],
		['searchAgentJobs', { resource: 'job', operation: 'get' }],
		['searchAgentRuns', { resource: 'run', operation: 'get' }],
		['searchConfigurations', { resource: 'extract', operation: 'create' }],
	] as Array<[string, IDataObject]>) {
		const found = await list(node, 'llama', method, parameters);
		expect({ method, results: Array.isArray(found.results) }).toEqual({ method, results: true });
	}
});

test('LlamaExtract: the Notify Webhook Configurations list reads the v2 list from the emulator', async () => {
	const made: string[] = [];
	for (const n of [1, 2]) {
		const response = await fetch(`${sandbox.llamaUrl}/api/v1/beta/webhook-configs`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.tokens.llama}`, 'content-type': 'application/json' },
			body: JSON.stringify({ webhook_url: `https://hook${n}.example.com/x`, webhook_events: ['extract.success'] }),
		});
		made.push(String(((await response.json()) as IDataObject).id));
	}
	const node = new LlamaExtract();
	const context = loadOptionsContext({ nodeType: node, parameters: { resource: 'extract', operation: 'create' }, credentials: credentials.llama });
	const options = await node.methods.loadOptions.getWebhookConfigurations.call(context);
	expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(made));
	expect(options.find((o) => o.value === made[0])?.name).toBe('hook1.example.com (extract.success)');
});

test('PerfectParser: extractions, webhooks and parsers (action and polling trigger) load from the emulator', async () => {
	const node = new PerfectParser();
	for (const [method, parameters] of [
		['searchExtractions', { resource: 'extraction', operation: 'getStatus' }],
		['searchWebhooks', { resource: 'webhook', operation: 'get' }],
	] as Array<[string, IDataObject]>) {
		const found = await list(node, 'pp', method, parameters);
		expect({ method, results: Array.isArray(found.results) }).toEqual({ method, results: true });
	}
	const parsers = await list(new PerfectParserTrigger(), 'pp', 'searchParsers', { delivery: 'polling', statuses: ['completed'] });
	expect(parsers.results.map((r) => r.value)).toContain(DEMO_IDS.perfectParserParserId);
});
