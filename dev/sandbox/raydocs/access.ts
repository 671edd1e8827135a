/** Raydocs access: the caller's token, the workspace, template and session it may reach, Laravel-shaped errors and Laravel's page shape. */
import type { Core } from '../core';
import { Ctx, HttpError } from '../http';
import type { RaydocsState, RdSession, RdTemplate, RdToken, RdWorkspace, Role } from './state';

export interface RdAuth {
	token: RdToken;
	userId: number;
}

export interface RdEnv {
	st: RaydocsState;
	core: Core;
}

export const rdError = (status: number, message: string, extra: Record<string, unknown> = {}) => new HttpError(status, { message, ...extra });
export const notFound = (what = 'resource') => rdError(404, `No query results for model [${what}].`);
export const forbidden = () => rdError(403, 'This action is unauthorized.');

/** Laravel validation error: first message as `message`, all messages under `errors`. */
export function validation(errors: Record<string, string[]>): HttpError {
	const all = Object.values(errors).flat();
	const more = all.length > 1 ? ` (and ${all.length - 1} more error${all.length > 2 ? 's' : ''})` : '';
	return rdError(422, `${all[0]}${more}`, { errors });
}

export function auth(ctx: Ctx): RdAuth {
	return ctx.auth as RdAuth;
}

export function workspaceFor(env: RdEnv, ctx: Ctx, idRaw: string | number, opts: { write?: boolean; admin?: boolean } = {}): { ws: RdWorkspace; role: Role } {
	const id = Number(idRaw);
	const ws = Number.isInteger(id) ? env.st.workspaces.get(id) : undefined;
	const role = ws?.members.get(auth(ctx).userId);
	// not a member → 404 ("not found or not accessible to you")
	if (!ws || !role) throw notFound('Workspace');
	if (opts.admin && role !== 'admin') throw forbidden();
	if (opts.write && role === 'readonly') throw forbidden();
	return { ws, role };
}

export function templateFor(env: RdEnv, ctx: Ctx, id: string, write = false): RdTemplate {
	const t = env.st.templates.get(id);
	if (!t) throw notFound('ExtractionTemplate');
	workspaceFor(env, ctx, t.workspace_id, { write });
	return t;
}

export function sessionFor(env: RdEnv, ctx: Ctx, id: string, write = false): { s: RdSession; t: RdTemplate } {
	const s = env.st.sessions.get(id);
	if (!s) throw notFound('ExtractionSession');
	const t = templateFor(env, ctx, s.extraction_template_id, write);
	return { s, t };
}

export function paginate<T>(items: T[], ctx: Ctx, perPageDefault = 15, maxPerPage = 100) {
	const perRaw = Number(ctx.query.get('per_page') ?? perPageDefault);
	const per = Number.isFinite(perRaw) && perRaw >= 1 ? Math.min(maxPerPage, Math.trunc(perRaw)) : perPageDefault;
	const pageRaw = Number(ctx.query.get('page') ?? 1);
	const page = Number.isFinite(pageRaw) && pageRaw >= 1 ? Math.trunc(pageRaw) : 1;
	const total = items.length;
	const last = Math.max(1, Math.ceil(total / per));
	const data = items.slice((page - 1) * per, page * per);
	const base = `${ctx.baseUrl}/raydocs${ctx.path}`;
	const link = (p: number) => `${base}?page=${p}${ctx.query.get('per_page') ? `&per_page=${per}` : ''}`;
	return {
		data,
		// links are not documented; Laravel adds them, clients must not depend on them
		links: { first: link(1), last: link(last), prev: page > 1 ? link(page - 1) : null, next: page < last ? link(page + 1) : null },
		meta: {
			current_page: page,
			from: data.length ? (page - 1) * per + 1 : null,
			last_page: last,
			per_page: per,
			to: data.length ? (page - 1) * per + data.length : null,
			total,
		},
	};
}

export const isUuid = (s: unknown) => typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
export const ROLES = ['admin', 'user', 'readonly'];
