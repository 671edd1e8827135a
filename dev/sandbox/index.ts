/** Sandbox emulator of the Raydocs, LlamaExtract (LlamaCloud) and PerfectParser APIs on one port.
 * See dev/sandbox/README.md. */
import { registerAdmin } from './admin';
import { BlobStore } from './blobs';
import type { Core, ResolvedOptions, RouteDef, Service } from './core';
import { FaultConfig, FaultEngine } from './faults';
import { createLlamaCloud } from './llamacloud';
import { createOpenAi } from './openai';
import { createPerfectParser } from './perfectparser';
import { Prng } from './prng';
import { createRaydocs } from './raydocs';
import { DEMO as RD_DEMO } from './raydocs/state';
import { resolveVariant, type RaydocsVariant, type VariantName } from './raydocs/variant';
import { LL_DEMO } from './llamacloud/state';
import { PP_DEMO } from './perfectparser/state';
import { Router } from './router';
import { Scheduler } from './scheduler';
import { SandboxServer } from './server';
import { SandboxStats, Stats } from './stats';
import { SignedStorage } from './storage';
import { Sinks, WebhookSender } from './webhooks';

export type { FaultConfig, FaultRule, FaultKind } from './faults';
export type { SandboxStats } from './stats';
export type { RaydocsVariant, VariantName } from './raydocs/variant';
export { makeInvoicePdf, makeInvoicePng, makeInvoiceText, expectedInvoiceFields, invoicePages } from './samples/invoice';
export type { InvoiceSpec } from './samples/invoice';
export { analyze, extractValues } from './extract';

export interface SandboxOptions {
	/** 0 = free port (default 0 when imported; the CLI defaults to 4010). */
	port?: number;
	host?: string;
	/** PRNG seed for faults, jitter and failures (default 1). */
	seed?: number;
	timing?: { parseMs?: number; extractMs?: number; jitterMs?: number; failRate?: number };
	rateLimits?: {
		enabled?: boolean;
		windowMs?: number;
		raydocsPerWindow?: number;
		llamaPerWindow?: number;
		ppPerWindow?: number;
		ppSubmitPerWindow?: number;
	};
	faults?: FaultConfig;
	webhookRetryDelaysMs?: number[];
	/** Lifetime of Raydocs signed upload URLs (default 5 minutes). Extra option. */
	signedUrlTtlMs?: number;
	/**
	 * `docs` serves, wherever the Raydocs documentation shows two forms, the one the default does
	 * not (slim session embeds, `parsed`, 422 before a run, expired links, a far server clock…).
	 */
	variant?: VariantName;
	/** Single Raydocs switches, over the variant's. */
	raydocs?: Partial<RaydocsVariant>;
}

export interface Sandbox {
	url: string;
	raydocsUrl: string;
	llamaUrl: string;
	perfectParserUrl: string;
	tokens: { raydocs: string; raydocsReadOnly: string; llama: string; perfectParser: string };
	close(): Promise<void>;
	reset(): void;
	stats(): SandboxStats;
	setFaults(f: FaultConfig): void;
}

export const DEMO_TOKENS = {
	raydocs: RD_DEMO.tokenAll,
	raydocsReadOnly: RD_DEMO.tokenReadOnly,
	raydocsMember: RD_DEMO.tokenMember,
	llama: LL_DEMO.apiKey,
	perfectParser: PP_DEMO.apiKey,
};
export const DEMO_IDS = {
	raydocsWorkspaceId: RD_DEMO.workspaceId,
	raydocsTemplateId: RD_DEMO.templateId,
	raydocsWorkflowId: RD_DEMO.workflowId,
	llamaAgentId: LL_DEMO.agentId,
	llamaConfigurationId: LL_DEMO.configurationId,
	llamaProjectId: LL_DEMO.projectId,
	perfectParserParserId: PP_DEMO.parserId,
};

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
	return {
		host: o.host ?? '127.0.0.1',
		seed: o.seed ?? 1,
		timing: {
			parseMs: o.timing?.parseMs ?? 200,
			extractMs: o.timing?.extractMs ?? 300,
			jitterMs: o.timing?.jitterMs ?? 50,
			failRate: o.timing?.failRate ?? 0,
		},
		rateLimits: {
			enabled: o.rateLimits?.enabled ?? true,
			windowMs: o.rateLimits?.windowMs ?? 60_000,
			raydocsPerWindow: o.rateLimits?.raydocsPerWindow ?? 100,
			llamaPerWindow: o.rateLimits?.llamaPerWindow ?? 20,
			ppPerWindow: o.rateLimits?.ppPerWindow ?? 150,
			ppSubmitPerWindow: o.rateLimits?.ppSubmitPerWindow ?? 20,
		},
		webhookRetryDelaysMs: o.webhookRetryDelaysMs ?? [1000, 5000, 25000],
		signedUrlTtlMs: o.signedUrlTtlMs ?? 5 * 60_000,
		raydocs: resolveVariant(o.variant, o.raydocs),
	};
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const o = resolveOptions(opts);
	if (!LOOPBACK.test(o.host)) throw new Error(`The sandbox only listens on loopback addresses, not ${o.host}`);
	const stats = new Stats();
	const sched = new Scheduler();
	const blobs = new BlobStore();
	let base = '';
	const rng = new Prng(o.seed ^ 0x5eed);
	const core: Core = {
		opts: o,
		blobs,
		sched,
		rng,
		stats,
		storage: new SignedStorage(blobs, stats),
		webhooks: new WebhookSender(sched, stats, () => o.webhookRetryDelaysMs),
		baseUrl: () => base,
		delay: (ms) => Math.max(0, Math.round(ms + (o.timing.jitterMs > 0 ? core.rng.next() * o.timing.jitterMs : 0))),
		shouldFail: () => o.timing.failRate > 0 && core.rng.next() < o.timing.failRate,
	};
	const admin = new Router<RouteDef>();
	const rd = createRaydocs(core, admin);
	const ll = createLlamaCloud(core, admin);
	const pp = createPerfectParser(core, admin);
	const services: Service[] = [rd.service, ll.service, pp.service, createOpenAi(core, admin).service];
	const faults = new FaultEngine(o.seed);
	faults.set(opts.faults);
	const sinks = new Sinks();

	const reset = () => {
		sched.clear();
		core.storage.clear();
		blobs.clear();
		for (const s of services) s.reset();
		sinks.clear();
		stats.reset();
		core.rng = new Prng(o.seed ^ 0x5eed);
		faults.set(opts.faults);
	};
	const server = new SandboxServer(core, services, admin, faults);
	registerAdmin(admin, {
		reset,
		stats: () => stats.snapshot(),
		setFaults: (f) => faults.set(f),
		faults: () => faults.describe(),
		advance: () => sched.advance(),
		pending: () => sched.pending,
		sinks,
		info: () => ({
			url: base,
			raydocsUrl: `${base}/raydocs`,
			llamaUrl: `${base}/llamacloud`,
			perfectParserUrl: `${base}/perfectparser`,
			tokens: DEMO_TOKENS,
			ids: DEMO_IDS,
			options: o,
		}),
	});
	const addr = await server.listen(opts.port ?? 0, o.host);
	const hostForUrl = addr.family === 'IPv6' || o.host === '::1' ? `[${addr.address}]` : addr.address;
	base = `http://${hostForUrl}:${addr.port}`;

	return {
		url: base,
		raydocsUrl: `${base}/raydocs`,
		llamaUrl: `${base}/llamacloud`,
		perfectParserUrl: `${base}/perfectparser`,
		tokens: { raydocs: DEMO_TOKENS.raydocs, raydocsReadOnly: DEMO_TOKENS.raydocsReadOnly, llama: DEMO_TOKENS.llama, perfectParser: DEMO_TOKENS.perfectParser },
		async close() {
			sched.clear();
			await server.close();
			blobs.clear();
		},
		reset,
		stats: () => stats.snapshot(),
		setFaults: (f) => faults.set(f),
	};
}
