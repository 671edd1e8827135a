/**
 * `npm run n8n`: the n8n editor at http://127.0.0.1:5678 with this package linked as a community
 * package, the sandbox emulator (Raydocs, LlamaCloud, PerfectParser) running in this same
 * process, sandbox credentials and every workflow of examples/ imported — until Ctrl-C. Run after
 * dev/n8n/setup.sh and `npm run build`.
 *
 * The user folder persists between runs (workflows you build stay), in the cache next to n8n:
 * ${N8N_CACHE_DIR:-~/.cache/n8n-nodes-document-extraction}/editor-user. Delete it to start over.
 * Credentials are re-imported at every start (the sandbox port may change); an example is
 * re-imported only when its file (or the sandbox URL) changed, so your edits to it survive restarts
 * otherwise (delete editor-user/examples-imported.json to re-import them all).
 * Read/Write Files from Disk may use ${cache}/editor-files (the sample invoices are in
 * `invoices/`, CSV exports go to `exports/`).
 *
 * startEditor({ credentials, workflows, env }) is the bare editor for other callers.
 *   N8N_EDITOR_PORT   port (default 5678)
 *   SANDBOX_PORT      sandbox port (default 4010; a free one when taken)
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	AI_AGENT_EXAMPLE_SCRIPT,
	credentialRefs,
	fileAccessEnv,
	listExamples,
	loadExample,
	patchExample,
	prepareFilesDir,
	sandboxCredentials,
} from '../examples';
import { startSandbox, type Sandbox } from '../sandbox';
import { OWNER } from './apiClient';
import { createInstance, type CredentialInput, type N8nInstance, type WorkflowInput } from './instance';
import { cacheDir } from './runtime';

export async function startEditor(
	opts: {
		credentials?: CredentialInput[];
		workflows?: WorkflowInput[];
		port?: number;
		env?: Record<string, string>;
		/** Extra lines printed with the sign-in details. */
		notes?: string[];
	} = {},
): Promise<N8nInstance> {
	const n8n = await createInstance({
		packageRoot: path.resolve(__dirname, '..', '..'),
		port: opts.port ?? Number(process.env.N8N_EDITOR_PORT ?? 5678),
		userFolder: path.join(cacheDir(), 'editor-user'),
		removeOnDispose: false,
		env: opts.env,
	});
	if (opts.credentials?.length) await n8n.importCredentials(opts.credentials);
	if (opts.workflows?.length) await n8n.importWorkflows(opts.workflows);
	process.stderr.write(`[n8n] starting n8n ${n8n.runtime.version} (user folder ${n8n.userFolder})…\n`);
	await n8n.start();
	await n8n.setupOwnerAndApiKey();
	process.stdout.write(
		[
			'',
			`n8n is running: ${n8n.baseUrl}`,
			`  sign in as ${OWNER.email} / ${OWNER.password}`,
			`  our nodes: search "Raydocs", "LlamaExtract", "PerfectParser" in the node panel`,
			...(opts.notes ?? []),
			'  Ctrl-C to stop.',
			'',
		].join('\n'),
	);
	return n8n;
}

/** Stable 16-character workflow id per example file, so re-imports update in place. */
function exampleId(name: string): string {
	return ('Ex' + createHash('sha256').update(name).digest('base64').replace(/[^A-Za-z0-9]/g, '')).slice(0, 16);
}

async function sandboxOnPort(): Promise<Sandbox> {
	const port = Number(process.env.SANDBOX_PORT ?? 4010);
	try {
		return await startSandbox({ port });
	} catch {
		return await startSandbox({ port: 0 });
	}
}

/** The editor with the sandbox in this process, its credentials and the examples. */
export async function startEditorWithSandbox(): Promise<{ n8n: N8nInstance; sandbox: Sandbox }> {
	const sandbox = await sandboxOnPort();
	// The AI Agent example's chat model is the sandbox's scripted one: give it the example's script.
	await fetch(`${sandbox.url}/_sandbox/openai/script`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ turns: AI_AGENT_EXAMPLE_SCRIPT }),
	});
	const filesDir = path.join(cacheDir(), 'editor-files');
	prepareFilesDir(filesDir);
	const credentials = sandboxCredentials(sandbox);
	const target = { sandboxUrl: sandbox.url, filesDir, credentials: credentialRefs(credentials) };

	// Import an example only when its file changed since the last import (keeps your edits).
	const stampFile = path.join(cacheDir(), 'editor-user', 'examples-imported.json');
	fs.mkdirSync(path.dirname(stampFile), { recursive: true });
	const stamps: Record<string, string> = fs.existsSync(stampFile) ? JSON.parse(fs.readFileSync(stampFile, 'utf8')) : {};
	const names = listExamples();
	const workflows: WorkflowInput[] = [];
	for (const name of names) {
		const source = loadExample(name);
		const hash = createHash('sha256').update(JSON.stringify([source, sandbox.url, filesDir])).digest('hex');
		if (stamps[name] === hash) continue;
		workflows.push({ ...patchExample(source, target), id: exampleId(name) });
		stamps[name] = hash;
	}
	const n8n = await startEditor({
		credentials,
		workflows,
		env: fileAccessEnv(filesDir),
		notes: [
			`  sandbox: ${sandbox.url} (GET ${sandbox.url}/_sandbox for its demo data; calls of the examples' HTTP nodes: ${sandbox.url}/_sandbox/sink/<name>)`,
			`  credentials: ${credentials.map((c) => `"${c.name}"`).join(', ')}`,
			`  examples (${names.length}, ${workflows.length} imported now): start with "Extract invoices with Raydocs" → Execute workflow`,
			`  files for Read/Write Files from Disk: ${filesDir}`,
		],
	});
	fs.writeFileSync(stampFile, JSON.stringify(stamps, null, 2));
	return { n8n, sandbox };
}

if (require.main === module) {
	startEditorWithSandbox()
		.then(({ n8n }) => {
			// The process registry's exit hook stops n8n on Ctrl-C; also stop when n8n itself exits.
			const timer = setInterval(() => {
				if (!n8n.running) {
					process.stderr.write('[n8n] n8n exited\n' + n8n.mainLog().split('\n').slice(-20).join('\n'));
					process.exit(1);
				}
			}, 1000);
			process.once('SIGINT', () => clearInterval(timer));
		})
		.catch((error) => {
			process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
			process.exit(1);
		});
}
