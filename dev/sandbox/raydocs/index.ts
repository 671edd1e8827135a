/** Raydocs service: Bearer tokens with abilities, per-IP rate limit, Laravel error bodies. */
import type { Core, RouteDef, Service } from '../core';
import { Ctx, HttpError } from '../http';
import { RateLimiter } from '../rateLimit';
import { Router } from '../router';
import { registerRaydocsAdmin } from './admin';
import { htmlErrorPage } from './variant';
import type { RdEnv } from './access';
import { registerDocuments } from './documents';
import { registerSessions } from './sessions';
import { RaydocsState } from './state';
import { registerWorkflows } from './workflows';
import { registerWorkspaces } from './workspaces';

export function createRaydocs(core: Core, admin: Router<RouteDef>): { service: Service; state: RaydocsState } {
	const st = new RaydocsState(core);
	const env: RdEnv = { st, core };
	const router = new Router<RouteDef>();
	registerWorkspaces(router, env);
	registerSessions(router, env);
	registerDocuments(router, env);
	registerWorkflows(router, env);
	registerRaydocsAdmin(admin, env);
	const limiter = new RateLimiter();

	const service: Service = {
		name: 'raydocs',
		prefix: '/raydocs',
		router,
		authenticate(ctx: Ctx, route: RouteDef) {
			const h = String(ctx.req.headers.authorization ?? '');
			const m = /^Bearer\s+(.+)$/i.exec(h);
			const tok = m ? st.tokens.get(m[1].trim()) : undefined;
			if (!tok) throw new HttpError(401, { message: 'Unauthenticated.' });
			const missing = (route.abilities ?? []).find((a) => !tok.abilities.has(a));
			// Sanctum's wording; `required_ability` is our addition (Raydocs documents no field
			// naming the ability) so clients can tell the user what to enable.
			if (missing) throw new HttpError(403, { message: 'Invalid ability provided.', required_ability: missing });
			ctx.auth = { token: tok, userId: tok.userId };
		},
		// htmlErrors: a server error is the HTML page a web server or framework shows, not JSON.
		errorBody: (status, message) =>
			status >= 500 && core.opts.raydocs.htmlErrors ? htmlErrorPage(status, status === 500 ? 'Server Error' : message) : { message: status === 500 ? 'Server Error' : message },
		rateLimit(ctx) {
			// documented: 100 requests per minute per IP address
			const rl = core.opts.rateLimits;
			const r = limiter.hit(`ip:${ctx.req.socket.remoteAddress}`, rl.raydocsPerWindow, rl.windowMs);
			// header names follow Laravel's throttle middleware (not documented by Raydocs)
			const headers: Record<string, string | number> = { 'X-RateLimit-Limit': r.limit, 'X-RateLimit-Remaining': r.remaining };
			if (r.allowed) return { headers };
			return {
				headers,
				reject: {
					status: 429,
					body: { message: 'Too Many Attempts.' },
					headers: { 'Retry-After': r.retryAfterSec, 'X-RateLimit-Reset': Math.ceil(r.resetAt / 1000) },
				},
			};
		},
		reset() {
			st.reset();
			limiter.clear();
		},
	};
	return { service, state: st };
}
