/** Sandbox admin for LlamaCloud: API keys (projects), agents and configurations seeded directly. */
import { randomBytes } from 'node:crypto';
import type { RouteDef } from '../core';
import { HttpError } from '../http';
import type { Router } from '../router';
import { agentOut } from './agents';
import { confOut } from './configurations';
import type { LlEnv } from './env';
import { fire, redeliver } from './jobWebhooks';
import { LL_DEMO } from './state';

/** How a v2 job ends when the sandbox is told to end it so, and the event LlamaCloud sends for it. */
const ENDINGS: Record<string, { status: string; event: string }> = {
	partial_success: { status: 'COMPLETED', event: 'extract.partial_success' },
	cancelled: { status: 'CANCELLED', event: 'extract.cancelled' },
	success: { status: 'COMPLETED', event: 'extract.success' },
	error: { status: 'FAILED', event: 'extract.error' },
};

/**
 * POST /_sandbox/llamacloud/{api-keys,agents,configurations}; /extract/:job_id/end {outcome} ends a
 * v2 job as partial_success, cancelled, success or error and sends that event to its webhooks;
 * /webhooks/redeliver {event_id?} sends a delivery again, byte for byte (the newest by default).
 */
export function registerLlamaCloudAdmin(admin: Router<RouteDef>, env: LlEnv): void {
	const { st } = env;
	admin.add('POST', '/_sandbox/llamacloud/api-keys', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const k = b.api_key ?? `llx-${randomBytes(16).toString('hex')}`;
			const p = st.addProject(k, b.project_name ?? 'Sandbox project');
			return { status: 201, body: { api_key: k, project: p } };
		},
	});
	admin.add('POST', '/_sandbox/llamacloud/agents', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const p = st.projects.get(b.api_key ?? LL_DEMO.apiKey);
			if (!p) throw new HttpError(404, { error: 'unknown api_key' });
			const a = st.addAgent(p.id, { id: b.id, name: b.name ?? `agent-${st.seq + 1}`, data_schema: b.data_schema ?? {}, config: b.config });
			return { status: 201, body: agentOut(a) };
		},
	});
	admin.add('POST', '/_sandbox/llamacloud/extract/:job_id/end', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const ending = ENDINGS[String(b.outcome)];
			if (!ending) throw new HttpError(400, { error: `outcome must be one of ${Object.keys(ENDINGS).join(', ')}` });
			const j = st.v2.get(ctx.params.job_id);
			if (!j) throw new HttpError(404, { error: `unknown job ${ctx.params.job_id}` });
			j.status = ending.status as typeof j.status;
			j.updated_at = Date.now();
			if (b.outcome === 'partial_success') j.extract_result = j.extract_result ?? b.extract_result ?? {};
			if (b.outcome === 'error') j.error_message = b.error_message ?? 'Extraction failed (sandbox)';
			fire(env, j.webhooks, ending.event, { job_id: j.id, status: j.status });
			return { status: 200, body: { job_id: j.id, status: j.status, event: ending.event } };
		},
	});
	admin.add('POST', '/_sandbox/llamacloud/webhooks/redeliver', {
		handler: async (ctx) => {
			const b = await ctx.json().catch(() => ({}));
			const one = redeliver(env, typeof b.event_id === 'string' ? b.event_id : undefined);
			if (!one) throw new HttpError(404, { error: 'no such delivery' });
			return { status: 200, body: { event_id: one.event_id, event_type: one.event_type, job_id: one.job_id } };
		},
	});
	admin.add('POST', '/_sandbox/llamacloud/configurations', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const p = st.projects.get(b.api_key ?? LL_DEMO.apiKey);
			if (!p) throw new HttpError(404, { error: 'unknown api_key' });
			const c = st.addConfiguration(p.id, { id: b.id, name: b.name ?? 'Sandbox configuration', parameters: { product_type: 'extract_v2', ...(b.parameters ?? {}) } });
			return { status: 201, body: confOut(c) };
		},
	});
}
