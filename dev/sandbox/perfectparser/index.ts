/** PerfectParser service: X-API-Key auth, {error:{code,message}} bodies, cursor lists, multipart
 * submit with Idempotency-Key replay, credits, exports and webhook subscriptions. */
import type { Core, RouteDef, Service } from '../core';
import { RateLimiter } from '../rateLimit';
import { Router } from '../router';
import { registerAccount } from './account';
import { registerPerfectParserAdmin } from './admin';
import type { PpEnv } from './env';
import { CODES, ppError } from './errors';
import { registerExtractions } from './extractions';
import { registerParsers } from './parsers';
import { registerResultExports } from './resultExports';
import { PpState } from './state';
import { registerWebhooks } from './webhooks';

export { PP_DEMO } from './state';
export { ppError } from './errors';

export function createPerfectParser(core: Core, admin: Router<RouteDef>): { service: Service; state: PpState } {
	const st = new PpState(core);
	const env: PpEnv = { st, core, parserSeq: new Map(), samples: new Map(), inflight: new Map() };
	const r = new Router<RouteDef>();
	registerAccount(r, env);
	registerParsers(r, env);
	registerExtractions(r, env);
	registerResultExports(r, env);
	registerWebhooks(r, env);
	registerPerfectParserAdmin(admin, env);
	const limiter = new RateLimiter();

	const service: Service = {
		name: 'perfectparser',
		prefix: '/perfectparser',
		router: r,
		authenticate(ctx) {
			const k = ctx.req.headers['x-api-key'];
			if (typeof k !== 'string' || !st.accounts.has(k)) throw ppError(401, 'UNAUTHORIZED', 'Missing or invalid API key (send it in the X-API-Key header)');
			ctx.auth = k;
		},
		errorBody: (status, message, code) => ({ error: { code: code && status === 400 ? code : (CODES[status] ?? 'ERROR'), message } }),
		rateLimit(ctx, route) {
			const rl = core.opts.rateLimits;
			const k = String(ctx.req.headers['x-api-key'] ?? 'anonymous');
			const g = limiter.hit(`g:${k}`, rl.ppPerWindow, rl.windowMs);
			let shown = g;
			if (g.allowed && route?.submit) {
				const s = limiter.hit(`s:${k}`, rl.ppSubmitPerWindow, rl.windowMs);
				if (!s.allowed) limiter.refund(`g:${k}`);
				shown = s;
			}
			const headers = { 'X-RateLimit-Limit': shown.limit, 'X-RateLimit-Remaining': shown.remaining, 'X-RateLimit-Reset': Math.ceil(shown.resetAt / 1000) };
			if (shown.allowed) return { headers };
			// Retry-After is not documented for PerfectParser; we send it anyway (harmless, helpful)
			return { headers, reject: { status: 429, body: { error: { code: 'RATE_LIMITED', message: 'Rate limit exceeded' } }, headers: { 'Retry-After': shown.retryAfterSec } } };
		},
		reset() {
			st.reset();
			limiter.clear();
			env.parserSeq.clear();
			env.samples.clear();
			env.inflight.clear();
		},
	};
	return { service, state: st };
}
