/** Saved configurations (`/api/v1/beta/configurations`): upsert by name and product type, list, get, update, delete. */
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { cursorList } from './cursorPages';
import { notFound, required, v422 } from './errors';
import { iso, proj, type LlEnv } from './env';
import { checkExtractSettings, checkParseConfiguration } from './extractSettings';
import { parseSchema } from './schemas';

const PRODUCT_TYPES = ['classify_v2', 'extract_v2', 'parse_v2', 'split_v1', 'spreadsheet_v1', 'unknown'];

const productOf = (c: { parameters: any }) => String(c.parameters?.product_type ?? 'unknown');

// `version` is a datetime string; a saved configuration takes a new one on every change
export const confOut = (c: { id: string; project_id: string; name: string; parameters: any; created_at: number; updated_at: number }) => ({ id: c.id, name: c.name, parameters: c.parameters, product_type: productOf(c), version: iso(c.updated_at), created_at: iso(c.created_at), updated_at: iso(c.updated_at) });

const checkParams = (p: any, loc: string[]) => {
	if (!p || typeof p !== 'object' || Array.isArray(p)) throw v422([{ loc, msg: 'Field required' }]);
	// the union is discriminated by product_type, so it is required
	if (p.product_type === undefined) throw v422([{ loc: [...loc, 'product_type'], msg: 'Field required' }]);
	if (!PRODUCT_TYPES.includes(p.product_type)) throw v422([{ loc: [...loc, 'product_type'], msg: `Input should be ${PRODUCT_TYPES.map((t) => `'${t}'`).join(', ')}`, type: 'union_tag_invalid', input: p.product_type }]);
	if (p.product_type !== 'extract_v2') return p;
	if (!p.data_schema) throw v422([{ loc: [...loc, 'extract_v2', 'data_schema'], msg: 'Field required' }]);
	checkExtractSettings(p, [...loc, 'extract_v2']);
	return { ...p, data_schema: parseSchema(p.data_schema, [...loc, 'extract_v2', 'data_schema']) };
};

export const configurationFor = (env: LlEnv, ctx: Ctx, id: string) => {
	const { st } = env;
	const c = st.configurations.get(id);
	if (!c || c.project_id !== proj(ctx).id) throw notFound(`Configuration ${id}`);
	return c;
};

/** /api/v1/beta/configurations. */
export function registerConfigurations(r: Router<RouteDef>, env: LlEnv): void {
	const { st, core } = env;
	const CONF = '/api/v1/beta/configurations';
	r.add('POST', CONF, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['name', 'parameters']);
			if (typeof b.name !== 'string' || b.name.length < 1 || b.name.length > 255) throw v422([{ loc: ['body', 'name'], msg: 'String should have between 1 and 255 characters', type: 'string_too_long', input: b.name }]);
			const parameters = checkParams(b.parameters, ['body', 'parameters']);
			checkParseConfiguration(env, ctx, parameters);
			// an upsert: same name + product type in the project updates that configuration
			const same = [...st.configurations.values()].find((c) => c.project_id === proj(ctx).id && c.name === b.name && productOf(c) === parameters.product_type);
			if (same) {
				same.parameters = parameters;
				same.updated_at = Math.max(Date.now(), same.updated_at + 1);
				return { status: 200, body: confOut(same) };
			}
			const c = st.addConfiguration(proj(ctx).id, { name: b.name, parameters });
			core.stats.created('llamacloud', 'configurations');
			return { status: 200, body: confOut(c) };
		},
	});
	r.add('GET', CONF, {
		handler: (ctx) => {
			const q = ctx.query;
			let items = [...st.configurations.values()].filter((c) => c.project_id === proj(ctx).id);
			const types = [...q.getAll('product_type'), ...q.getAll('product_type[]')];
			for (const t of types) if (!PRODUCT_TYPES.includes(t)) throw v422([{ loc: ['query', 'product_type', 0], msg: `Input should be ${PRODUCT_TYPES.map((x) => `'${x}'`).join(', ')}`, type: 'enum', input: t }]);
			if (types.length) items = items.filter((c) => types.includes(productOf(c)));
			const name = q.get('name');
			if (name) items = items.filter((c) => c.name === name);
			const latest = q.get('latest_only');
			if (latest !== null && !['true', 'false'].includes(latest)) throw v422([{ loc: ['query', 'latest_only'], msg: 'Input should be a valid boolean', type: 'bool_parsing', input: latest }]);
			if (latest === 'true') {
				const newest = new Map<string, (typeof items)[number]>();
				for (const c of items) {
					const k = `${productOf(c)}\u0000${c.name}`;
					const seen = newest.get(k);
					if (!seen || c.updated_at > seen.updated_at) newest.set(k, c);
				}
				items = [...newest.values()];
			}
			const { page, next_page_token, total_size } = cursorList(items, ctx, 50, 1000);
			return { status: 200, body: { items: page.map(confOut), next_page_token, total_size } };
		},
	});
	r.add('GET', `${CONF}/:config_id`, { handler: (ctx) => ({ status: 200, body: confOut(configurationFor(env, ctx, ctx.params.config_id)) }) });
	r.add('PUT', `${CONF}/:config_id`, {
		handler: async (ctx) => {
			const c = configurationFor(env, ctx, ctx.params.config_id);
			const b = await ctx.json();
			if (b.name !== undefined && b.name !== null) c.name = String(b.name);
			if (b.parameters !== undefined && b.parameters !== null) {
				const parameters = checkParams(b.parameters, ['body', 'parameters']);
				checkParseConfiguration(env, ctx, parameters);
				c.parameters = parameters;
			}
			c.updated_at = Math.max(Date.now(), c.updated_at + 1);
			return { status: 200, body: confOut(c) };
		},
	});
	r.add('DELETE', `${CONF}/:config_id`, {
		handler: (ctx) => {
			st.configurations.delete(configurationFor(env, ctx, ctx.params.config_id).id);
			return { status: 204 };
		},
	});
}
