/** Extract v1 extraction agents: create, list, default, by name, get, replace, delete; schema tools. */
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { detail, notFound, required, v422 } from './errors';
import { iso, proj, type LlEnv } from './env';
import { generate, parseSchema, validateSchema, validation } from './schemas';
import { DEFAULT_CONFIG, type LlAgent } from './state';

export const agentOut = (a: LlAgent) => ({ id: a.id, name: a.name, project_id: a.project_id, data_schema: a.data_schema, config: a.config, custom_configuration: a.custom_configuration, created_at: iso(a.created_at), updated_at: iso(a.updated_at) });

export const agentFor = (env: LlEnv, ctx: Ctx, id: string): LlAgent => {
	const { st } = env;
	const a = st.agents.get(id);
	if (!a || a.project_id !== proj(ctx).id) throw notFound(`Extraction agent ${id}`);
	return a;
};

/** /api/v1/extraction/extraction-agents and its schema validation and generation. */
export function registerAgents(r: Router<RouteDef>, env: LlEnv): void {
	const { st, core } = env;
	const AG = '/api/v1/extraction/extraction-agents';
	r.add('POST', AG, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['name', 'data_schema', 'config']);
			if (typeof b.name !== 'string' || b.name.length < 1 || b.name.length > 3000) throw v422([{ loc: ['body', 'name'], msg: 'String should have between 1 and 3000 characters', type: 'string_too_long', input: b.name }]);
			const schema = parseSchema(b.data_schema, ['body', 'data_schema']);
			validateSchema(schema);
			if ([...st.agents.values()].some((a) => a.project_id === proj(ctx).id && a.name === b.name)) throw detail(409, `An extraction agent named ${b.name} already exists`);
			const a = st.addAgent(proj(ctx).id, { name: b.name, data_schema: schema, config: b.config });
			core.stats.created('llamacloud', 'agents');
			return { status: 200, body: agentOut(a) };
		},
	});
	r.add('GET', AG, {
		handler: (ctx) => {
			const incl = ctx.query.get('include_default') === 'true';
			const list = [...st.agents.values()].filter((a) => a.project_id === proj(ctx).id && (incl || a.custom_configuration !== 'default'));
			return { status: 200, body: list.sort((a, b) => b.created_at - a.created_at).map(agentOut) };
		},
	});
	r.add('GET', `${AG}/default`, {
		handler: (ctx) => {
			let a = [...st.agents.values()].find((x) => x.project_id === proj(ctx).id && x.custom_configuration === 'default');
			a ??= st.addAgent(proj(ctx).id, { name: 'default', data_schema: {}, custom: true });
			return { status: 200, body: agentOut(a) };
		},
	});
	r.add('GET', `${AG}/by-name/:name`, {
		handler: (ctx) => {
			const a = [...st.agents.values()].find((x) => x.project_id === proj(ctx).id && x.name === ctx.params.name);
			if (!a) throw notFound(`Extraction agent with name ${ctx.params.name}`);
			return { status: 200, body: agentOut(a) };
		},
	});
	r.add('GET', `${AG}/:extraction_agent_id`, { handler: (ctx) => ({ status: 200, body: agentOut(agentFor(env, ctx, ctx.params.extraction_agent_id)) }) });
	r.add('PUT', `${AG}/:extraction_agent_id`, {
		handler: async (ctx) => {
			const a = agentFor(env, ctx, ctx.params.extraction_agent_id);
			const b = await ctx.json();
			required(b, ['data_schema', 'config']); // full replace; name is not updatable
			const schema = parseSchema(b.data_schema, ['body', 'data_schema']);
			validateSchema(schema);
			a.data_schema = schema;
			a.config = { ...DEFAULT_CONFIG, ...b.config };
			a.updated_at = Date.now();
			return { status: 200, body: agentOut(a) };
		},
	});
	r.add('DELETE', `${AG}/:extraction_agent_id`, {
		handler: (ctx) => {
			st.agents.delete(agentFor(env, ctx, ctx.params.extraction_agent_id).id);
			return { status: 200, body: {} };
		},
	});
	r.add('POST', `${AG}/schema/validation`, { handler: validation });
	r.add('POST', `${AG}/schema/generate`, { handler: async (ctx) => ({ status: 200, body: { data_schema: await generate(env, ctx) } }) });
}
