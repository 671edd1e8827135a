/** Raydocs workflow runs: page mode (newest first) and cursor mode (completed runs strictly after
 * `created_after`, ordered `completed_at ASC, id ASC`, current second withheld, signed cursor). */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { notFound, paginate, RdEnv, validation, workspaceFor } from './access';
import { isoMicro, RdRun } from './state';

const SECRET = randomBytes(32);

interface CursorPayload {
	w: string;
	c: number; // completed_at ms of the last returned run
	i: string; // id of the last returned run
}

export function encodeCursor(p: CursorPayload): string {
	const body = Buffer.from(JSON.stringify(p)).toString('base64url');
	const sig = createHmac('sha256', SECRET).update(body).digest('base64url');
	return `${body}.${sig}`;
}

export function decodeCursor(s: string): CursorPayload | undefined {
	const [body, sig] = s.split('.');
	if (!body || !sig) return undefined;
	const want = createHmac('sha256', SECRET).update(body).digest('base64url');
	if (want.length !== sig.length || !timingSafeEqual(Buffer.from(want), Buffer.from(sig))) return undefined;
	try {
		return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
}

export function runOut(r: RdRun) {
	return {
		id: r.id,
		workflow_id: r.workflow_id,
		workspace_id: r.workspace_id,
		status: r.status,
		debug: r.debug,
		created_at: isoMicro(r.created_at),
		updated_at: isoMicro(r.updated_at),
		completed_at: r.completed_at === null ? null : isoMicro(r.completed_at),
	};
}

export function registerWorkflows(r: Router<RouteDef>, env: RdEnv): void {
	const { st, core } = env;

	const workflowFor = (ctx: Ctx) => {
		// token owner must be an administrator of the workspace
		const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { admin: true });
		const wf = st.workflows.get(ctx.params.workflowId);
		if (!wf || wf.workspace_id !== ws.id) throw notFound('Workflow');
		return wf;
	};
	const runFor = (ctx: Ctx) => {
		const wf = workflowFor(ctx);
		const run = st.runs.get(ctx.params.runId);
		if (!run || run.workflow_id !== wf.id) throw notFound('WorkflowRun');
		return run;
	};

	r.add('GET', '/workspaces/:workspaceId/workflows/:workflowId/runs', {
		abilities: ['workspaces-read', 'workflows-read'],
		handler: (ctx) => {
			const wf = workflowFor(ctx);
			const q = ctx.query;
			const runs = [...st.runs.values()].filter((x) => x.workflow_id === wf.id);
			if (q.get('pagination') !== 'cursor') {
				let list = runs.sort((a, b) => b.created_at - a.created_at || b.id.localeCompare(a.id));
				if (q.get('status')) list = list.filter((x) => x.status === q.get('status'));
				const p = paginate(list, ctx, 15, 100);
				return { status: 200, body: { ...p, data: p.data.map(runOut) } };
			}
			const errors: Record<string, string[]> = {};
			if (q.get('status') !== 'completed') errors.status = ['The status must be completed when pagination is cursor.'];
			const ca = q.get('created_after');
			const caMs = ca ? Date.parse(ca) : NaN;
			if (!ca || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(ca) || Number.isNaN(caMs)) errors.created_after = ['The created after field must be a valid RFC 3339 date.'];
			const perRaw = q.get('per_page');
			const per = perRaw === null ? 100 : Number(perRaw);
			if (!Number.isInteger(per) || per < 1 || per > 100) errors.per_page = ['The per page field must be between 1 and 100.'];
			let cur: CursorPayload | undefined;
			const cs = q.get('cursor');
			if (cs) {
				cur = decodeCursor(cs);
				if (!cur || cur.w !== wf.id) errors.cursor = ['The cursor is invalid.'];
			}
			if (Object.keys(errors).length) throw validation(errors);
			// withhold the still-open current second so nothing can complete "behind" a checkpoint
			const serverNow = st.runClock();
			const horizon = Math.floor(serverNow / 1000) * 1000;
			const eligible = runs
				.filter((x) => x.status === 'completed' && !x.debug && x.completed_at !== null && x.created_at > caMs && x.completed_at < horizon)
				.filter((x) => !cur || x.completed_at! > cur.c || (x.completed_at === cur.c && x.id > cur.i))
				.sort((a, b) => a.completed_at! - b.completed_at! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
			const page = eligible.slice(0, per);
			const last = page[page.length - 1];
			// next_cursor is a durable checkpoint even when has_more is false
			const next = last ? encodeCursor({ w: wf.id, c: last.completed_at!, i: last.id }) : (cs ?? encodeCursor({ w: wf.id, c: -1, i: '' }));
			// server_time is the activation boundary a client stores on its first request
			return { status: 200, body: { data: page.map(runOut), meta: { per_page: per, has_more: eligible.length > per, next_cursor: next, server_time: isoMicro(serverNow) } } };
		},
	});

	r.add('GET', '/workspaces/:workspaceId/workflows/:workflowId/runs/:runId/output', {
		abilities: ['workflow-runs-output-read'],
		handler: (ctx) => {
			const run = runFor(ctx);
			return { status: 200, body: run.output ?? null };
		},
	});

	r.add('GET', '/workspaces/:workspaceId/workflows/:workflowId/runs/:runId/file', {
		// The JSON key of the signed URL is not documented: `url` (and `expires_at`) as on the
		// document URL endpoints. The link lives ten minutes; an expired one answers 401.
		abilities: ['workflow-runs-output-read'],
		handler: (ctx) => {
			const run = runFor(ctx);
			const fileId = ctx.query.get('file_id');
			if (!fileId) throw validation({ file_id: ['The file id field is required.'] });
			// Output-only access: an unfinished run, or a file its final output does not name → 404.
			if (run.status !== 'completed' || !run.files.has(fileId) || !outputNames(run.output, fileId)) throw notFound('WorkflowRunFile');
			const expired = st.variant.expiredLinks && !run.linked.has(fileId);
			run.linked.add(fileId);
			return { status: 200, body: core.storage.downloadUrl(ctx.baseUrl, run.files.get(fileId)!, expired ? -60_000 : 10 * 60_000, { expiredStatus: 401 }) };
		},
	});
}

/** Whether a workflow output holds a fileRef with this id, anywhere in it. */
export function outputNames(output: unknown, fileId: string, depth = 0): boolean {
	if (depth > 20 || output === null || typeof output !== 'object') return false;
	if (Array.isArray(output)) return output.some((v) => outputNames(v, fileId, depth + 1));
	const o = output as Record<string, unknown>;
	if ((o.type === 'fileRef' || o.kind === 'fileRef') && o.id === fileId) return true;
	return Object.values(o).some((v) => outputNames(v, fileId, depth + 1));
}
