/**
 * The workflows in `examples/` made runnable against the sandbox emulator (dev/sandbox): the
 * e2e tests, `npm run demo` and `npm run n8n` all load the very files users import, and patch
 * only their placeholders:
 *
 *   credentials            { <type>: { id: 'REPLACE_WITH_YOUR_CREDENTIAL', … } } → the sandbox credential of that type
 *   YOUR_TEMPLATE_ID       the sandbox's Raydocs template (invoice_details: invoice_number, invoice_date, vendor, total, currency)
 *   YOUR_WORKSPACE_ID      Raydocs workspace 1;  YOUR_WORKFLOW_ID: the sandbox's Raydocs workflow
 *   YOUR_PARSER_ID         PerfectParser parser prs_sandbox_invoice
 *   YOUR_AGENT_ID          the sandbox's LlamaExtract agent (v1)
 *   /home/node/.n8n-files  `filesDir` (invoices in `<filesDir>/invoices`, CSV exports in `<filesDir>/exports`)
 *   https://hooks.example.com/<name>   the sandbox sink `<sandbox>/_sandbox/sink/<name>` (counts downstream calls)
 *
 * n8n 2.x reads and writes files only under N8N_RESTRICT_FILE_ACCESS_TO: run the instance with
 * `fileAccessEnv(filesDir)`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEMO_IDS, DEMO_TOKENS } from './sandbox';
import { OPENAI_DEMO } from './sandbox/openai';
import type { CredentialInput, WorkflowInput } from './n8n/instance';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
export const SAMPLES_DIR = path.resolve(__dirname, 'sandbox', 'samples');

/** File names of the examples (without .json). */
export const EXAMPLES = {
	raydocsInvoices: 'raydocs-extract-invoices',
	raydocsReview: 'raydocs-invoices-with-review',
	perfectParserCsv: 'perfectparser-batch-to-csv',
	llamaInlineSchema: 'llamaextract-inline-schema',
	raydocsTrigger: 'raydocs-trigger-workflow-runs',
	llamaTrigger: 'llamaextract-trigger-jobs',
	perfectParserWebhook: 'perfectparser-webhook-trigger',
	perfectParserPolling: 'perfectparser-polling-trigger',
	aiAgentTools: 'ai-agent-document-tools',
} as const;

/**
 * What the sandbox's scripted chat model does in the AI Agent example: call the Raydocs tool with
 * the sandbox template, then the LlamaExtract tool with the sandbox agent, then answer with what
 * both returned. PUT it to `/_sandbox/openai/script` (the e2e test and `npm run n8n` do).
 */
export const AI_AGENT_EXAMPLE_SCRIPT = [
	{ tool: '^Raydocs', arguments: { template_id: DEMO_IDS.raydocsTemplateId } },
	{ tool: '^LlamaExtract', arguments: { agent_id: DEMO_IDS.llamaAgentId } },
	{ answer: 'What the tools returned:\n{{tool_results}}' },
];

/** The path prefix the examples use for files (n8n's Docker image default file folder). */
export const EXAMPLE_FILES_PREFIX = '/home/node/.n8n-files';
const SINK_PREFIX = 'https://hooks.example.com/';

export interface ExpectedSample {
	mime: string;
	page_count: number;
	sha256: string;
	size: number;
	fields: { invoice_number: string; invoice_date: string; vendor: string; total: number; currency: string };
}

/** dev/sandbox/samples/expected.json: the fields of each sample invoice, by file name. */
export function expectedSamples(): Record<string, ExpectedSample> {
	return JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, 'expected.json'), 'utf8'));
}

export function loadExample(name: string): WorkflowInput {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
}

/** Every example file name in examples/ (without .json). */
export function listExamples(): string[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.map((f) => f.slice(0, -'.json'.length))
		.sort();
}

/** What the placeholders become. */
export interface ExampleTarget {
	/** Sandbox root URL (http://127.0.0.1:PORT), for the sinks. */
	sandboxUrl: string;
	/** Replaces /home/node/.n8n-files. */
	filesDir: string;
	/** Credential to use per credential type (id + name as imported). */
	credentials: Record<string, { id: string; name: string }>;
	/** Extra exact-string replacements (override the defaults). */
	replace?: Record<string, string>;
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
	if (typeof value === 'string') return fn(value);
	if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
	}
	return value;
}

/** Names of the sandbox items the placeholders stand for, by id. */
const SANDBOX_NAMES: Record<string, string> = {
	[DEMO_IDS.raydocsTemplateId]: 'Invoice Extraction',
	[String(DEMO_IDS.raydocsWorkspaceId)]: 'Demo Workspace',
	prs_sandbox_invoice: 'Invoice Parser',
};

/** A copy of `workflow` with its placeholders replaced for `target`. */
export function patchExample(workflow: WorkflowInput, target: ExampleTarget): WorkflowInput {
	const replace: Record<string, string> = {
		YOUR_TEMPLATE_ID: DEMO_IDS.raydocsTemplateId,
		YOUR_WORKSPACE_ID: String(DEMO_IDS.raydocsWorkspaceId),
		YOUR_WORKFLOW_ID: DEMO_IDS.raydocsWorkflowId,
		YOUR_PARSER_ID: 'prs_sandbox_invoice',
		YOUR_AGENT_ID: DEMO_IDS.llamaAgentId,
		...target.replace,
	};
	const sink = `${target.sandboxUrl.replace(/\/+$/, '')}/_sandbox/sink/`;
	const patched = mapStrings(workflow, (s) => {
		let out = s;
		for (const [from, to] of Object.entries(replace)) out = out.split(from).join(to);
		return out.split(EXAMPLE_FILES_PREFIX).join(target.filesDir).split(SINK_PREFIX).join(sink);
	}) as WorkflowInput;
	for (const node of patched.nodes as Array<{ name: string; credentials?: Record<string, unknown> }>) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const credential = target.credentials[type];
			if (!credential) throw new Error(`no credential of type ${type} for node "${node.name}"`);
			node.credentials![type] = credential;
		}
	}
	// A placeholder id in a resource locator becomes what picking it from the list stores, so the
	// editor shows the sandbox item's name ("Invoice Extraction"), not its id.
	for (const node of patched.nodes as Array<{ parameters?: Record<string, unknown> }>) {
		for (const value of Object.values(node.parameters ?? {})) {
			const rl = value as { __rl?: boolean; mode?: string; value?: unknown; cachedResultName?: string };
			if (!rl || typeof rl !== 'object' || !rl.__rl || typeof rl.value !== 'string') continue;
			const name = SANDBOX_NAMES[rl.value];
			if (name) Object.assign(rl, { mode: 'list', cachedResultName: name });
		}
	}
	const left = JSON.stringify(patched).match(/REPLACE_WITH_YOUR_CREDENTIAL|YOUR_[A-Z_]+_ID|hooks\.example\.com/);
	if (left) throw new Error(`placeholder ${left[0]} left in example "${workflow.name}"`);
	return patched;
}

/** Loads `examples/<name>.json` and patches it for the sandbox. */
export function sandboxExample(name: string, target: ExampleTarget, overrides: Partial<WorkflowInput> = {}): WorkflowInput {
	return { ...patchExample(loadExample(name), target), ...overrides };
}

/** Fixed credential ids, so re-importing (editor) updates them in place. */
export const SANDBOX_CREDENTIAL_IDS = {
	raydocsApi: 'SbxRaydocsCred01',
	llamaCloudExtractApi: 'SbxLlamaCloudC01',
	perfectParserApi: 'SbxPerfectPars01',
	openAiApi: 'SbxOpenAiChat001',
} as const;

/**
 * Credentials for the three services pointing at a sandbox (demo tokens unless given), and an
 * OpenAI credential whose base URL is the sandbox's scripted chat completions (the AI Agent example).
 */
export function sandboxCredentials(
	sandbox: { url: string; raydocsUrl: string; llamaUrl: string; perfectParserUrl: string },
	tokens: { raydocs?: string; llama?: string; perfectParser?: string } = {},
	names: { suffix?: string; ids?: Partial<Record<keyof typeof SANDBOX_CREDENTIAL_IDS, string>> } = {},
): CredentialInput[] {
	const suffix = names.suffix ?? '';
	const ids = { ...SANDBOX_CREDENTIAL_IDS, ...names.ids };
	return [
		{
			id: ids.raydocsApi,
			name: `Raydocs (sandbox)${suffix}`,
			type: 'raydocsApi',
			data: { accessToken: tokens.raydocs ?? DEMO_TOKENS.raydocs, baseUrl: sandbox.raydocsUrl },
		},
		{
			id: ids.llamaCloudExtractApi,
			name: `LlamaCloud (sandbox)${suffix}`,
			type: 'llamaCloudExtractApi',
			data: { apiKey: tokens.llama ?? DEMO_TOKENS.llama, region: 'custom', baseUrl: sandbox.llamaUrl },
		},
		{
			id: ids.perfectParserApi,
			name: `PerfectParser (sandbox)${suffix}`,
			type: 'perfectParserApi',
			data: { apiKey: tokens.perfectParser ?? DEMO_TOKENS.perfectParser, baseUrl: sandbox.perfectParserUrl },
		},
		{
			id: ids.openAiApi,
			name: `OpenAI (sandbox)${suffix}`,
			type: 'openAiApi',
			data: { apiKey: OPENAI_DEMO.apiKey, url: `${sandbox.url}/openai/v1` },
		},
	];
}

/** `{ <type>: { id, name } }` for ExampleTarget.credentials. */
export function credentialRefs(credentials: CredentialInput[]): Record<string, { id: string; name: string }> {
	return Object.fromEntries(credentials.map((c) => [c.type, { id: c.id!, name: c.name }]));
}

/**
 * Prepares `<filesDir>/invoices` with the sample invoices and an empty `<filesDir>/exports`.
 * Only the samples go there (expected.json and the generator stay out of the glob).
 */
export function prepareFilesDir(filesDir: string): string[] {
	const invoices = path.join(filesDir, 'invoices');
	fs.mkdirSync(invoices, { recursive: true });
	fs.mkdirSync(path.join(filesDir, 'exports'), { recursive: true });
	const names = Object.keys(expectedSamples());
	for (const name of names) fs.copyFileSync(path.join(SAMPLES_DIR, name), path.join(invoices, name));
	return names;
}

/** n8n environment that lets Read/Write Files from Disk use `filesDir`. */
export function fileAccessEnv(filesDir: string): Record<string, string> {
	return { N8N_RESTRICT_FILE_ACCESS_TO: filesDir };
}

/** Items (json) a node produced on one output in a run (`n8n execute --rawOutput` JSON or an execution's data). */
export function nodeOutput(runJson: any, nodeName: string, output = 0): any[] {
	const runs = runJson?.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run: any) => (run?.data?.main?.[output] ?? []).map((item: any) => item.json));
}
