/** Shared plumbing handed to every service module. */
import type { BlobStore } from './blobs';
import type { Ctx, Reply, ServiceName } from './http';
import type { Prng } from './prng';
import type { Router } from './router';
import type { Scheduler } from './scheduler';
import type { Stats } from './stats';
import type { SignedStorage } from './storage';
import type { RaydocsVariant } from './raydocs/variant';
import type { WebhookSender } from './webhooks';

export interface ResolvedOptions {
	host: string;
	seed: number;
	timing: { parseMs: number; extractMs: number; jitterMs: number; failRate: number };
	rateLimits: {
		enabled: boolean;
		windowMs: number;
		raydocsPerWindow: number;
		llamaPerWindow: number;
		ppPerWindow: number;
		ppSubmitPerWindow: number;
	};
	webhookRetryDelaysMs: number[];
	signedUrlTtlMs: number;
	/** Which documented form of each Raydocs behaviour is served. */
	raydocs: RaydocsVariant;
}

export interface Core {
	opts: ResolvedOptions;
	blobs: BlobStore;
	sched: Scheduler;
	/** PRNG for timing jitter and random failures (faults have their own). */
	rng: Prng;
	stats: Stats;
	storage: SignedStorage;
	webhooks: WebhookSender;
	baseUrl(): string;
	/** base ms + per-document jitter */
	delay(baseMs: number): number;
	/** true for the configured share of documents */
	shouldFail(): boolean;
}

export interface RouteDef {
	handler: (ctx: Ctx) => Promise<Reply> | Reply;
	/** Raydocs: abilities the token must have (all of them). */
	abilities?: string[];
	/** PerfectParser: the tighter submit bucket applies. */
	submit?: boolean;
	noAuth?: boolean;
}

export interface Service {
	name: Exclude<ServiceName, 'storage' | 'admin'>;
	prefix: string;
	router: Router<RouteDef>;
	/** Throws an HttpError when the credential is missing/invalid. */
	authenticate(ctx: Ctx, route: RouteDef): void;
	/** Returns the service-shaped error body. */
	errorBody(status: number, message: string, code?: string): unknown;
	/** Rate limiting: returns extra headers and possibly a 429 reply. */
	rateLimit(ctx: Ctx, route: RouteDef | undefined): { headers: Record<string, string | number>; reject?: Reply };
	reset(): void;
}
