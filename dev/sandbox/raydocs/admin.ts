/** /_sandbox/raydocs/... seeding endpoints for what the public API cannot create. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { RouteDef } from '../core';
import { HttpError } from '../http';
import type { Router } from '../router';
import type { RdEnv } from './access';
import { runOut } from './workflows';
import { ALL_ABILITIES, RdRun, Role } from './state';

const bad = (msg: string) => new HttpError(400, { error: msg });
const ms = (v: unknown, def: number): number => {
	if (v === undefined || v === null) return def;
	const n = typeof v === 'number' ? v : Date.parse(String(v));
	if (!Number.isFinite(n)) throw bad(`invalid timestamp ${String(v)}`);
	return n;
};

export function registerRaydocsAdmin(a: Router<RouteDef>, env: RdEnv): void {
	const { st, core } = env;

	a.add('POST', '/_sandbox/raydocs/users', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const u = st.addUser(b.name ?? 'Sandbox User', b.email ?? `user${Date.now()}@sandbox.local`);
			return { status: 201, body: u };
		},
	});

	a.add('POST', '/_sandbox/raydocs/workspaces', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const owner = Number(b.owner_user_id ?? 1);
			if (!st.users.has(owner)) throw bad('owner_user_id is not a known user');
			const ws = st.addWorkspace(b.name ?? 'Sandbox Workspace', b.icon ?? null, owner);
			for (const m of b.members ?? []) ws.members.set(Number(m.user_id), (m.role ?? 'user') as Role);
			return { status: 201, body: { ...st.workspaceOut(ws), members: Object.fromEntries(ws.members) } };
		},
	});

	a.add('POST', '/_sandbox/raydocs/workspaces/:workspaceId/members', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const ws = st.workspaces.get(Number(ctx.params.workspaceId));
			if (!ws) throw new HttpError(404, { error: 'no such workspace' });
			if (!st.users.has(Number(b.user_id))) throw bad('user_id is not a known user');
			ws.members.set(Number(b.user_id), (b.role ?? 'user') as Role);
			return { status: 200, body: { workspace_id: ws.id, members: Object.fromEntries(ws.members) } };
		},
	});

	a.add('POST', '/_sandbox/raydocs/tokens', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const userId = Number(b.user_id ?? 1);
			if (!st.users.has(userId)) throw bad('user_id is not a known user');
			const abilities: string[] = b.abilities === undefined || b.abilities === 'all' ? ALL_ABILITIES : b.abilities;
			if (!Array.isArray(abilities)) throw bad('abilities must be an array or "all"');
			const t = st.addToken(b.token ?? `rd_live_${randomBytes(12).toString('hex')}`, userId, abilities, b.name ?? 'seeded');
			return { status: 201, body: { token: t.token, user_id: userId, abilities: [...t.abilities] } };
		},
	});

	a.add('DELETE', '/_sandbox/raydocs/tokens/:token', {
		handler: (ctx) => {
			st.tokens.delete(ctx.params.token); // revoke
			return { status: 204 };
		},
	});

	a.add('POST', '/_sandbox/raydocs/templates', {
		handler: async (ctx) => {
			const b = await ctx.json();
			if (!st.workspaces.has(Number(b.workspace_id ?? 1))) throw bad('unknown workspace_id');
			const t = st.addTemplate({ id: b.id, workspace_id: Number(b.workspace_id ?? 1), name: b.name ?? 'Sandbox Template', description: b.description ?? null, schema_json: b.schema_json ?? b.schema });
			return { status: 201, body: st.templateOut(t) };
		},
	});

	a.add('POST', '/_sandbox/raydocs/workflows', {
		handler: async (ctx) => {
			const b = await ctx.json();
			if (!st.workspaces.has(Number(b.workspace_id ?? 1))) throw bad('unknown workspace_id');
			const w = st.addWorkflow({ id: b.id, workspace_id: Number(b.workspace_id ?? 1), name: b.name ?? 'Sandbox Workflow' });
			return { status: 201, body: { ...w, created_at: new Date(w.created_at).toISOString() } };
		},
	});

	/** Body: {count?, status?: 'running'|'completed'|'failed', created_at?, completed_at?,
	 *  complete_in_ms?, debug?, output?, file?: {filename, content, content_type?, encoding?, id?, in_output?}}
	 *  Times are on the workflow-runs clock (host clock + `serverTimeOffsetMs`). */
	a.add('POST', '/_sandbox/raydocs/workflows/:workflowId/runs', {
		handler: async (ctx) => {
			const wf = st.workflows.get(ctx.params.workflowId);
			if (!wf) throw new HttpError(404, { error: 'no such workflow' });
			const b = await ctx.json();
			const n = Math.max(1, Math.min(10000, Number(b.count ?? 1)));
			const out: RdRun[] = [];
			for (let i = 0; i < n; i++) {
				const now = st.runClock();
				const created = ms(b.created_at, now);
				const status = b.status ?? (b.completed_at !== undefined ? 'completed' : 'running');
				const run: RdRun = {
					id: randomUUID(),
					workflow_id: wf.id,
					workspace_id: wf.workspace_id,
					status,
					debug: b.debug === true,
					created_at: created,
					updated_at: now,
					completed_at: status === 'completed' || status === 'failed' ? ms(b.completed_at, now) : null,
					output: b.output,
					files: new Map(),
					linked: new Set(),
				};
				run.output ??= { run_id: run.id, documents: [] };
				if (b.file) {
					const content = Buffer.from(String(b.file.content ?? ''), b.file.encoding === 'base64' ? 'base64' : 'utf8');
					const blob = core.blobs.fromBuffer(content, { contentType: b.file.content_type ?? 'application/octet-stream', filename: b.file.filename ?? 'output.bin' });
					const fileId = typeof b.file.id === 'string' && b.file.id ? b.file.id : randomUUID();
					run.files.set(fileId, blob);
					// The final output names the file by a fileRef; the file endpoint serves only those.
					if (run.output && typeof run.output === 'object' && !Array.isArray(run.output) && b.file.in_output !== false) {
						const out = run.output as { files?: unknown[] };
						out.files = [...(Array.isArray(out.files) ? out.files : []), { type: 'fileRef', id: fileId, filename: blob.filename, mime: blob.contentType, size: blob.size }];
					}
				}
				st.runs.set(run.id, run);
				core.stats.created('raydocs', 'workflowRuns');
				if (b.complete_in_ms !== undefined && run.completed_at === null) {
					core.sched.after(Number(b.complete_in_ms), () => completeRun(run, {}));
				}
				out.push(run);
			}
			return { status: 201, body: { data: out.map(runOut) } };
		},
	});

	const completeRun = (run: RdRun, b: { completed_at?: unknown; status?: string; output?: unknown }) => {
		run.status = b.status ?? 'completed';
		run.completed_at = ms(b.completed_at, st.runClock());
		run.updated_at = st.runClock();
		if (b.output !== undefined) run.output = b.output;
	};

	/** Body: {completed_at?: ISO or epoch ms (default now), status?: 'completed'|'failed', output?} */
	a.add('POST', '/_sandbox/raydocs/workflow-runs/:runId/complete', {
		handler: async (ctx) => {
			const run = st.runs.get(ctx.params.runId);
			if (!run) throw new HttpError(404, { error: 'no such run' });
			completeRun(run, await ctx.json());
			return { status: 200, body: runOut(run) };
		},
	});
}
