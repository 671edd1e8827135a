/** What every PerfectParser route file is given: the state, the sandbox core and the per-process maps. */
import type { StoredBlob } from '../blobs';
import type { Core } from '../core';
import type { Ctx, Reply } from '../http';
import type { PpState } from './state';

export interface PpEnv {
	st: PpState;
	core: Core;
	/** Each parser's creation sequence (list order), given on first sight. */
	parserSeq: Map<string, number>;
	/** Sample files uploaded to detect-fields, by sample id. */
	samples: Map<string, { account: string; blob: StoredBlob }>;
	/** Submits under way by account and Idempotency-Key: a concurrent replay waits for the first. */
	/** Submissions under way per account and Idempotency-Key: what they ask and their answer to come. */
	inflight: Map<string, { fingerprint: string; reply: Promise<Reply> }>;
}

/** The API key of the request's account (set by authenticate). */
export const accountKey = (ctx: Ctx) => ctx.auth as string;
