/** `npm run sandbox -- [--port 4010] [--seed 1] [--fast] [--faults '<json>'] [--no-rate-limits] [--variant docs]`
 * Env: SANDBOX_PORT, SANDBOX_HOST, SANDBOX_SEED, SANDBOX_FAST=1, SANDBOX_FAULTS, SANDBOX_FAIL_RATE, SANDBOX_VARIANT. */
import { DEMO_IDS, DEMO_TOKENS, SandboxOptions, startSandbox, type VariantName } from './index';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	if (i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--')) return process.argv[i + 1];
	const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
	return eq ? eq.slice(name.length + 3) : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
	const fast = flag('fast') || process.env.SANDBOX_FAST === '1';
	const faultsRaw = arg('faults') ?? process.env.SANDBOX_FAULTS;
	const failRate = arg('fail-rate') ?? process.env.SANDBOX_FAIL_RATE;
	const variant = arg('variant') ?? process.env.SANDBOX_VARIANT ?? 'default';
	if (variant !== 'default' && variant !== 'docs') throw new Error(`--variant must be "default" or "docs", not "${variant}"`);
	const opts: SandboxOptions = {
		port: Number(arg('port') ?? process.env.SANDBOX_PORT ?? 4010),
		host: arg('host') ?? process.env.SANDBOX_HOST ?? '127.0.0.1',
		seed: Number(arg('seed') ?? process.env.SANDBOX_SEED ?? 1),
		timing: fast ? { parseMs: 50, extractMs: 80, jitterMs: 20 } : {},
		rateLimits: { enabled: !flag('no-rate-limits'), ...(fast ? { windowMs: 5000 } : {}) },
		webhookRetryDelaysMs: fast ? [100, 300, 1000] : undefined,
		faults: faultsRaw ? JSON.parse(faultsRaw) : undefined,
		variant: variant as VariantName,
	};
	if (failRate !== undefined) opts.timing = { ...opts.timing, failRate: Number(failRate) };
	const sb = await startSandbox(opts);
	const lines = [
		`Document-extraction sandbox listening on ${sb.url}${fast ? ' (fast clock)' : ''}${variant === 'docs' ? ' (Raydocs: docs variant)' : ''}`,
		'',
		`  Raydocs        base URL ${sb.raydocsUrl}`,
		`                 token    ${DEMO_TOKENS.raydocs}   (all abilities, workspace admin)`,
		`                 token    ${DEMO_TOKENS.raydocsReadOnly}   (read abilities only)`,
		`                 token    ${DEMO_TOKENS.raydocsMember}   (all abilities, not admin)`,
		`                 workspace ${DEMO_IDS.raydocsWorkspaceId}, template ${DEMO_IDS.raydocsTemplateId}, workflow ${DEMO_IDS.raydocsWorkflowId}`,
		`  LlamaCloud     base URL ${sb.llamaUrl}`,
		`                 API key  ${DEMO_TOKENS.llama}`,
		`                 agent ${DEMO_IDS.llamaAgentId}, configuration ${DEMO_IDS.llamaConfigurationId}`,
		`  PerfectParser  base URL ${sb.perfectParserUrl}`,
		`                 API key  ${DEMO_TOKENS.perfectParser}   parser ${DEMO_IDS.perfectParserParserId}`,
		'',
		`  Admin: ${sb.url}/_sandbox (stats, reset, faults, seeding, sinks) — see dev/sandbox/README.md`,
	];
	console.log(lines.join('\n'));
	const stop = async (sig: string) => {
		console.log(`\n${sig}: shutting down`);
		await sb.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
