/** Raydocs workspaces, members, invites and extraction templates. */
import { randomBytes } from 'node:crypto';
import type { RouteDef } from '../core';
import { isoSec } from '../http';
import type { Router } from '../router';
import { auth, forbidden, notFound, paginate, RdEnv, rdError, ROLES, templateFor, validation, workspaceFor } from './access';
import type { Role } from './state';

export function registerWorkspaces(r: Router<RouteDef>, env: RdEnv): void {
	const { st } = env;

	r.add('GET', '/workspaces', {
		abilities: ['workspaces-read'],
		handler: (ctx) => {
			const uid = auth(ctx).userId;
			const list = [...st.workspaces.values()].filter((w) => w.members.has(uid)).map((w) => st.workspaceOut(w));
			// Documented both ways: prose shows a bare array, OpenAPI and the sample clients `{data}` — we follow OpenAPI.
			return { status: 200, body: { data: list } };
		},
	});

	r.add('POST', '/workspaces/create', {
		abilities: ['workspaces-write'],
		handler: async (ctx) => {
			const b = await ctx.json();
			if (typeof b.name !== 'string' || !b.name.trim()) throw validation({ name: ['The name field is required.'] });
			if (b.name.length > 255) throw validation({ name: ['The name field must not be greater than 255 characters.'] });
			const ws = st.addWorkspace(b.name, typeof b.icon === 'string' ? b.icon : null, auth(ctx).userId);
			env.core.stats.created('raydocs', 'workspaces');
			return { status: 201, body: st.workspaceOut(ws) };
		},
	});

	r.add('PUT', '/workspaces/:workspaceId', {
		abilities: ['workspaces-write'],
		handler: async (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { admin: true });
			const b = await ctx.json();
			if (b.name !== undefined && (typeof b.name !== 'string' || !b.name.trim())) throw validation({ name: ['The name field must be a string.'] });
			if (b.name !== undefined) ws.name = b.name;
			if (b.icon !== undefined) ws.icon = b.icon;
			ws.updated_at = Date.now();
			return { status: 200, body: st.workspaceOut(ws) };
		},
	});

	r.add('DELETE', '/workspaces/:workspaceId', {
		abilities: ['workspaces-write'],
		handler: (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { admin: true });
			for (const t of [...st.templates.values()].filter((t) => t.workspace_id === ws.id)) deleteTemplateCascade(env, t.id);
			for (const d of [...st.documents.values()].filter((d) => d.workspace_id === ws.id)) st.documents.delete(d.id);
			st.workspaces.delete(ws.id);
			return { status: 204 };
		},
	});

	// ---- users
	r.add('GET', '/workspaces/:workspaceId/users', {
		abilities: ['workspace-users-read'],
		handler: (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId);
			const list = [...ws.members.entries()].map(([id, role]) => {
				const u = st.users.get(id)!;
				return { id, name: u.name, email: u.email, role, photo_url: `https://www.gravatar.com/avatar/${id}?d=mp` };
			});
			return { status: 200, body: list };
		},
	});

	r.add('POST', '/workspaces/:workspaceId/users/add', {
		abilities: ['workspace-users-write'],
		handler: async (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { admin: true });
			const b = await ctx.json();
			const errors: Record<string, string[]> = {};
			if (typeof b.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(b.email)) errors.email = ['The email field must be a valid email address.'];
			if (!ROLES.includes(b.role)) errors.role = ['The selected role is invalid.'];
			if (Object.keys(errors).length) throw validation(errors);
			const existing = [...st.users.values()].find((u) => u.email.toLowerCase() === b.email.toLowerCase());
			if (existing) {
				if (ws.members.has(existing.id)) throw validation({ email: ['This user is already a member of the workspace.'] });
				ws.members.set(existing.id, b.role);
				return { status: 200, body: { message: 'User added successfully' } };
			}
			const now = Date.now();
			const inv = { id: ++st.seq.invite, email: b.email, role: b.role as Role, status: 'pending' as const, created_at: now, valid_until: now + 7 * 86400_000, code: randomBytes(8).toString('hex') };
			ws.invites.push(inv);
			return { status: 200, body: { message: 'Invitation sent', invite_id: inv.id } };
		},
	});

	r.add('DELETE', '/workspaces/:workspaceId/users/:userId/remove', {
		abilities: ['workspace-users-write'],
		handler: (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { admin: true });
			const uid = Number(ctx.params.userId);
			if (uid === auth(ctx).userId) throw rdError(403, 'You cannot remove yourself from the workspace. Use leave instead.');
			if (!ws.members.has(uid)) throw notFound('User');
			ws.members.delete(uid);
			return { status: 204 };
		},
	});

	r.add('PUT', '/workspaces/:workspaceId/users/:userId/update-role', {
		abilities: ['workspace-users-write'],
		handler: async (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { admin: true });
			const b = await ctx.json();
			if (!ROLES.includes(b.role)) throw validation({ role: ['The selected role is invalid.'] });
			const uid = Number(ctx.params.userId);
			if (!ws.members.has(uid)) throw notFound('User');
			ws.members.set(uid, b.role);
			return { status: 200, body: { message: 'Role updated successfully' } };
		},
	});

	r.add('POST', '/workspaces/:workspaceId/leave', {
		abilities: ['workspace-users-write'],
		handler: (ctx) => {
			const { ws, role } = workspaceFor(env, ctx, ctx.params.workspaceId);
			const admins = [...ws.members.values()].filter((x) => x === 'admin').length;
			if (role === 'admin' && admins <= 1) throw rdError(403, 'You are the only administrator. Appoint another administrator before leaving.');
			ws.members.delete(auth(ctx).userId);
			return { status: 200, body: { message: 'You have left the workspace' } };
		},
	});

	r.add('GET', '/workspaces/:workspaceId/invites', {
		abilities: ['workspace-users-read'],
		handler: (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId);
			// Documented both ways: prose has created_at, OpenAPI valid_until — both are returned.
			const list = ws.invites.filter((i) => i.status === 'pending').map((i) => ({ id: i.id, email: i.email, role: i.role, status: i.status, created_at: isoSec(i.created_at), valid_until: isoSec(i.valid_until) }));
			return { status: 200, body: list };
		},
	});

	const findInvite = (ctx: Parameters<RouteDef['handler']>[0], admin: boolean) => {
		const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { admin });
		const inv = ws.invites.find((i) => i.id === Number(ctx.params.inviteId) && i.status === 'pending');
		if (!inv) throw notFound('WorkspaceInvite');
		return { ws, inv };
	};

	r.add('POST', '/workspaces/:workspaceId/invites/:inviteId/resend', {
		abilities: ['workspace-users-write'],
		handler: (ctx) => {
			const { inv } = findInvite(ctx, true);
			inv.valid_until = Date.now() + 7 * 86400_000;
			return { status: 200, body: { message: 'Invitation resent successfully' } };
		},
	});

	r.add('GET', '/workspaces/:workspaceId/invites/:inviteId/link', {
		abilities: ['workspace-users-read'],
		handler: (ctx) => {
			const { inv } = findInvite(ctx, false);
			return { status: 200, body: { link: `https://raydocs.com/invite/${inv.code}` } };
		},
	});

	// Documented both ways: the example uses …/cancel, OpenAPI has no suffix — both accepted.
	for (const p of ['/workspaces/:workspaceId/invites/:inviteId', '/workspaces/:workspaceId/invites/:inviteId/cancel']) {
		r.add('DELETE', p, {
			abilities: ['workspace-users-write'],
			handler: (ctx) => {
				const { ws, inv } = findInvite(ctx, true);
				ws.invites = ws.invites.filter((i) => i !== inv);
				return { status: 204 };
			},
		});
	}

	// ---- templates
	r.add('GET', '/workspaces/:workspaceId/extractions/templates', {
		abilities: ['templates-read'],
		handler: (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId);
			const list = [...st.templates.values()].filter((t) => t.workspace_id === ws.id).sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
			// only `page` is documented; per_page is accepted as a tolerance
			const p = paginate(list, ctx, 15, 100);
			return { status: 200, body: { ...p, data: p.data.map((t) => st.templateOut(t)) } };
		},
	});

	r.add('POST', '/extractions/templates', {
		abilities: ['templates-write'],
		handler: async (ctx) => {
			const b = await ctx.json();
			const errors: Record<string, string[]> = {};
			if (typeof b.name !== 'string' || !b.name.trim()) errors.name = ['The name field is required.'];
			if (b.workspace_id === undefined || b.workspace_id === null) errors.workspace_id = ['The workspace id field is required.'];
			// Documented both ways: the introduction sends `schema`, the template pages `schema_json` — accept both.
			const schema = b.schema_json ?? b.schema;
			if (schema !== undefined && (typeof schema !== 'object' || Array.isArray(schema) || schema === null)) errors.schema_json = ['The schema json field must be an object.'];
			if (Object.keys(errors).length) throw validation(errors);
			const { ws } = workspaceFor(env, ctx, b.workspace_id, { write: true });
			const t = st.addTemplate({ workspace_id: ws.id, name: b.name, description: b.description ?? null, schema_json: schema, settings: b.settings });
			env.core.stats.created('raydocs', 'templates');
			return { status: 201, body: st.templateOut(t) };
		},
	});

	r.add('GET', '/extractions/templates/:templateId', {
		abilities: ['templates-read'],
		handler: (ctx) => ({ status: 200, body: st.templateOut(templateFor(env, ctx, ctx.params.templateId)) }),
	});

	r.add('PUT', '/extractions/templates/:templateId', {
		abilities: ['templates-write'],
		handler: async (ctx) => {
			const t = templateFor(env, ctx, ctx.params.templateId, true);
			const b = await ctx.json();
			if (b.name !== undefined) {
				if (typeof b.name !== 'string' || !b.name.trim()) throw validation({ name: ['The name field must be a string.'] });
				t.name = b.name;
			}
			if (b.description !== undefined) t.description = b.description;
			const schema = b.schema_json ?? b.schema;
			if (schema !== undefined) t.schema_json = schema;
			if (b.settings !== undefined) t.settings = b.settings;
			t.updated_at = Date.now();
			return { status: 200, body: st.templateOut(t) };
		},
	});

	r.add('DELETE', '/extractions/templates/:templateId', {
		abilities: ['templates-write'],
		handler: (ctx) => {
			const t = templateFor(env, ctx, ctx.params.templateId, true);
			deleteTemplateCascade(env, t.id);
			return { status: 204 };
		},
	});

	r.add('POST', '/extractions/templates/:templateId/duplicate', {
		abilities: ['templates-write'],
		handler: async (ctx) => {
			const t = templateFor(env, ctx, ctx.params.templateId, true);
			const b = await ctx.json();
			const copy = st.addTemplate({
				workspace_id: t.workspace_id,
				name: typeof b.name === 'string' && b.name.trim() ? b.name : `${t.name} (Copy)`,
				description: t.description,
				schema_json: JSON.parse(JSON.stringify(t.schema_json)),
				settings: JSON.parse(JSON.stringify(t.settings)),
			});
			env.core.stats.created('raydocs', 'templates');
			return { status: 201, body: st.templateOut(copy) };
		},
	});
	void forbidden;
}

export function deleteTemplateCascade(env: RdEnv, templateId: string): void {
	const { st } = env;
	for (const s of [...st.sessions.values()].filter((s) => s.extraction_template_id === templateId)) {
		for (const rid of s.resultIds) st.results.delete(rid);
		st.sessions.delete(s.id);
	}
	st.templates.delete(templateId);
}
