/** Sandbox admin for LlamaCloud: API keys (projects), agents and configurations seeded directly. */
import { randomBytes } from 'node:crypto';
import type { RouteDef } from '../core';
import { HttpError } from '../http';
import type { Router } from '../router';
import { agentOut } from './agents';
import { confOut } from './configurations';
import type { LlEnv } from './env';
import { LL_DEMO } from './state';

/** POST /_sandbox/llamacloud/{api-keys,agents,configurations}. */
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
