/** LlamaCloud service (LlamaExtract): Bearer API keys, FastAPI-style errors, files (beta + legacy),
 * Extract v1 agents/jobs/runs, Extract v2 jobs and saved configurations, per-job webhooks. */
import type { Core, RouteDef, Service } from '../core';
import { HttpError } from '../http';
import { RateLimiter } from '../rateLimit';
import { Router } from '../router';
import { registerLlamaCloudAdmin } from './admin';
import { registerAgents } from './agents';
import { registerConfigurations } from './configurations';
import type { LlEnv } from './env';
import { registerExtractV2 } from './extractV2';
import { registerFiles } from './files';
import { registerJobs } from './jobs';
import { registerProjects } from './projects';
import { registerRuns } from './runs';
import { LlState } from './state';
import { registerWebhookConfigs } from './webhookConfigs';

export { LL_DEMO } from './state';

export function createLlamaCloud(core: Core, admin: Router<RouteDef>): { service: Service; state: LlState } {
	const st = new LlState(core);
	const env: LlEnv = { st, core };
	const r = new Router<RouteDef>();
	registerProjects(r, env);
	registerFiles(r, env);
	registerAgents(r, env);
	registerJobs(r, env);
	registerRuns(r, env);
	registerExtractV2(r, env);
	registerConfigurations(r, env);
	registerWebhookConfigs(r, env);
	registerLlamaCloudAdmin(admin, env);
	const limiter = new RateLimiter();

	const service: Service = {
		name: 'llamacloud',
		prefix: '/llamacloud',
		router: r,
		authenticate(ctx) {
			const m = /^Bearer\s+(.+)$/i.exec(String(ctx.req.headers.authorization ?? ''));
			const p = m ? st.projects.get(m[1].trim()) : undefined;
			if (!p) throw new HttpError(401, { detail: m ? 'Invalid API key' : 'Not authenticated' }, { 'WWW-Authenticate': 'Bearer' });
			ctx.auth = p;
		},
		errorBody: (_status, message) => ({ detail: message }),
		rateLimit(ctx) {
			const rl = core.opts.rateLimits;
			const k = String(ctx.req.headers.authorization ?? 'anonymous');
			const res = limiter.hit(k, rl.llamaPerWindow, rl.windowMs);
			if (res.allowed) return { headers: {} };
			// the official SDKs honour retry-after and retry-after-ms
			return {
				headers: {},
				reject: { status: 429, body: { detail: 'Too Many Requests' }, headers: { 'Retry-After': res.retryAfterSec, 'retry-after-ms': Math.max(0, res.resetAt - Date.now()) } },
			};
		},
		reset() {
			st.reset();
			limiter.clear();
		},
	};
	return { service, state: st };
}
