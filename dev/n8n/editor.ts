/**
 * `npm run n8n`: the n8n editor at http://127.0.0.1:5678 with this package linked as a community
 * package, until Ctrl-C. Run after dev/n8n/setup.sh and `npm run build`.
 *
 * The user folder persists between runs (workflows you build stay), in the cache next to n8n:
 * ${N8N_CACHE_DIR:-~/.cache/n8n-nodes-document-extraction}/editor-user. Delete it to start over.
 *
 * Others extend it via startEditor({ credentials, workflows }) — e.g. sandbox credentials and the
 * examples — which are imported (by id, so re-imports update in place) before n8n starts.
 *   N8N_EDITOR_PORT   port (default 5678)
 */
import * as path from 'node:path';

import {
	cacheDir,
	createInstance,
	OWNER,
	type CredentialInput,
	type N8nInstance,
	type WorkflowInput,
} from './runner';

export async function startEditor(
	opts: { credentials?: CredentialInput[]; workflows?: WorkflowInput[]; port?: number } = {},
): Promise<N8nInstance> {
	const n8n = await createInstance({
		packageRoot: path.resolve(__dirname, '..', '..'),
		port: opts.port ?? Number(process.env.N8N_EDITOR_PORT ?? 5678),
		userFolder: path.join(cacheDir(), 'editor-user'),
		removeOnDispose: false,
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
			'  Ctrl-C to stop.',
			'',
		].join('\n'),
	);
	return n8n;
}

if (require.main === module) {
	startEditor()
		.then((n8n) => {
			// The runner's exit hook stops n8n on Ctrl-C; also stop when n8n itself exits.
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
