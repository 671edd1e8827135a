/** Extract v1 runs: list (skip/limit), latest from the UI, by job, get, delete. */
import type { RouteDef } from '../core';
import { Ctx, intParam } from '../http';
import type { Router } from '../router';
import { notFound, v422 } from './errors';
import { iso, proj, type LlEnv } from './env';
import { jobFor } from './jobs';
import type { LlRun } from './state';

export const runOut = (x: LlRun) => ({
	id: x.id,
	created_at: iso(x.created_at),
	updated_at: iso(x.updated_at),
	project_id: x.project_id,
	extraction_agent_id: x.extraction_agent_id,
	data_schema: x.data_schema,
	config: x.config,
	file_id: x.file_id,
	file: null,
	status: x.status,
	error: x.error,
	job_id: x.job_id,
	data: x.data,
	extraction_metadata: x.extraction_metadata,
	from_ui: x.from_ui,
});

/** /api/v1/extraction/runs. */
export function registerRuns(r: Router<RouteDef>, env: LlEnv): void {
	const { st } = env;
	const RUNS = '/api/v1/extraction/runs';
	r.add('GET', RUNS, {
		handler: (ctx) => {
			const q = ctx.query;
			const agentId = q.get('extraction_agent_id');
			if (!agentId) throw v422([{ loc: ['query', 'extraction_agent_id'], msg: 'Field required' }]);
			let items = [...st.runs.values()].filter((x) => x.extraction_agent_id === agentId && x.project_id === proj(ctx).id);
			if (q.get('status')) items = items.filter((x) => x.status === q.get('status'));
			if (q.get('run_id')) items = items.filter((x) => x.id === q.get('run_id'));
			items.sort((a, b) => b.created_at - a.created_at || b.seq - a.seq); // newest first (unverified upstream)
			const skip = intParam(q.get('skip'), 0, 0, 1e9);
			const limit = intParam(q.get('limit'), 25, 1, 1000);
			return { status: 200, body: { items: items.slice(skip, skip + limit).map(runOut), total: items.length, skip, limit } };
		},
	});
	r.add('GET', `${RUNS}/latest-from-ui`, {
		handler: (ctx) => {
			const agentId = ctx.query.get('extraction_agent_id');
			if (!agentId) throw v422([{ loc: ['query', 'extraction_agent_id'], msg: 'Field required' }]);
			const latest = [...st.runs.values()].filter((x) => x.extraction_agent_id === agentId && x.from_ui).sort((a, b) => b.seq - a.seq)[0];
			return { status: 200, body: latest ? runOut(latest) : null };
		},
	});
	r.add('GET', `${RUNS}/by-job/:job_id`, {
		handler: (ctx) => {
			const j = jobFor(env, ctx);
			const run = st.runs.get(j.runId);
			if (!run) throw notFound(`Run for job ${j.id}`);
			return { status: 200, body: runOut(run) };
		},
	});
	const runFor = (ctx: Ctx) => {
		const x = st.runs.get(ctx.params.run_id);
		if (!x || x.project_id !== proj(ctx).id) throw notFound(`Run ${ctx.params.run_id}`);
		return x;
	};
	r.add('GET', `${RUNS}/:run_id`, { handler: (ctx) => ({ status: 200, body: runOut(runFor(ctx)) }) });
	r.add('DELETE', `${RUNS}/:run_id`, {
		handler: (ctx) => {
			st.runs.delete(runFor(ctx).id);
			return { status: 200, body: {} };
		},
	});
}
