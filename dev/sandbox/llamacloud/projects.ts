/** Projects (v1 and v2): the API key's own project, the only one it sees. */
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { cursorList } from './cursorPages';
import { notFound } from './errors';
import { proj, type LlEnv } from './env';

/** GET /api/v1/projects[/:id], GET /api/v2/projects[/:id]. */
export function registerProjects(r: Router<RouteDef>, env: LlEnv): void {
	const projectOut = (ctx: Ctx) => ({ ...proj(ctx), is_default: true, updated_at: proj(ctx).created_at });
	const projectFor = (ctx: Ctx) => {
		if (ctx.params.project_id !== proj(ctx).id) throw notFound(`Project ${ctx.params.project_id}`);
		return projectOut(ctx);
	};
	r.add('GET', '/api/v1/projects', { handler: (ctx) => ({ status: 200, body: [projectOut(ctx)] }) });
	r.add('GET', '/api/v1/projects/:project_id', { handler: (ctx) => ({ status: 200, body: projectFor(ctx) }) });
	r.add('GET', '/api/v2/projects', {
		handler: (ctx) => {
			const name = ctx.query.get('name');
			const items = [{ ...projectOut(ctx), seq: 0 }].filter((p) => !name || p.name === name);
			const { page, next_page_token, total_size } = cursorList(items, ctx, 50, 1000);
			return { status: 200, body: { items: page.map(({ seq: _seq, ...p }) => p), next_page_token, total_size } };
		},
	});
	r.add('GET', '/api/v2/projects/:project_id', { handler: (ctx) => ({ status: 200, body: projectFor(ctx) }) });
}
