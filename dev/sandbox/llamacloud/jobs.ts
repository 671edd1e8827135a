/** Extract v1 jobs: create (by file id, by upload, in batch), list, get, result; the stateless run. */
import { randomUUID } from 'node:crypto';
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import { boundaryOf } from '../multipart';
import type { Router } from '../router';
import { agentFor, agentOut } from './agents';
import { detail, notFound, required, v422 } from './errors';
import { proj, type LlEnv } from './env';
import { addFile, fileFor } from './files';
import { fire, webhookConfs } from './jobWebhooks';
import { parseSchema } from './schemas';
import type { LlAgent, LlFile, LlJob, LlRun, WebhookConf } from './state';

export const jobOut = (j: LlJob) => ({ id: j.id, extraction_agent: agentOut(j.agent), status: j.status, error: j.error, file_id: j.file_id, file: null });

/** A job and its run: PENDING, then SUCCESS or ERROR after the configured parse and extract times. */
export const createJob = (env: LlEnv, ctx: Ctx, agent: LlAgent, file: LlFile, schemaOverride: unknown, configOverride: unknown, hooks: WebhookConf[]): LlJob => {
	const { st, core } = env;
	const schema = schemaOverride ? parseSchema(schemaOverride, ['body', 'data_schema_override']) : agent.data_schema;
	const config = { ...agent.config, ...((configOverride as object) ?? {}) };
	const now = Date.now();
	const job: LlJob = { id: randomUUID(), agent, project_id: proj(ctx).id, status: 'PENDING', error: null, file_id: file.id, schema, config, runId: randomUUID(), webhooks: hooks };
	const run: LlRun = { id: job.runId, project_id: job.project_id, extraction_agent_id: agent.id, data_schema: schema, config, file_id: file.id, status: 'CREATED', error: null, job_id: job.id, data: null, extraction_metadata: null, from_ui: ctx.query.get('from_ui') === 'true', created_at: now, updated_at: now, seq: ++st.seq };
	st.jobs.set(job.id, job);
	st.runs.set(run.id, run);
	core.stats.created('llamacloud', 'jobs');
	const { parseMs, extractMs } = core.opts.timing;
	core.sched.after(core.delay(parseMs), () => {
		if (job.status !== 'PENDING') return;
		run.status = 'PENDING';
		run.updated_at = Date.now();
		fire(env, hooks, 'extract.pending', { job_id: job.id, status: job.status });
	});
	core.sched.after(core.delay(parseMs + extractMs), () => {
		if (job.status !== 'PENDING' || !st.runs.has(run.id)) return;
		const fail = st.failureOf(file.facts);
		run.updated_at = Date.now();
		if (fail) {
			job.status = 'ERROR';
			job.error = fail;
			run.status = 'ERROR';
			run.error = fail;
			fire(env, hooks, 'extract.error', { job_id: job.id, run_id: run.id, status: job.status, error: fail });
			return;
		}
		const { data, fieldMeta } = st.compute(file.facts, schema, config.extraction_target);
		run.data = data;
		run.extraction_metadata = {
			field_metadata: config.cite_sources || config.use_reasoning || config.confidence_scores ? fieldMeta : {},
			usage: { num_pages_extracted: file.facts.pageCount, num_document_tokens: file.facts.pages.flat().join(' ').length, num_output_tokens: JSON.stringify(data).length },
			// document facts (not part of the real API) so tests can tell which bytes were read
			document: { filename: file.blob.filename, sha256: file.blob.sha256, page_count: file.facts.pageCount, size: file.blob.size },
		};
		run.status = 'SUCCESS';
		job.status = 'SUCCESS';
		fire(env, hooks, 'extract.success', { job_id: job.id, run_id: run.id, status: job.status });
	});
	return job;
};

export const jobFor = (env: LlEnv, ctx: Ctx): LlJob => {
	const { st } = env;
	const j = st.jobs.get(ctx.params.job_id);
	if (!j || j.project_id !== proj(ctx).id) throw notFound(`Job ${ctx.params.job_id}`);
	return j;
};

/** /api/v1/extraction/jobs and the deprecated stateless /api/v1/extraction/run. */
export function registerJobs(r: Router<RouteDef>, env: LlEnv): void {
	const { st, core } = env;
	const JOBS = '/api/v1/extraction/jobs';
	r.add('POST', JOBS, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['extraction_agent_id', 'file_id']);
			const agent = agentFor(env, ctx, b.extraction_agent_id);
			const file = fileFor(env, ctx, b.file_id, ['body', 'file_id']);
			const job = createJob(env, ctx, agent, file, b.data_schema_override, b.config_override, webhookConfs(env, b.webhook_configurations, undefined, ctx));
			return { status: 200, body: jobOut(job) };
		},
	});
	r.add('POST', `${JOBS}/file`, {
		handler: async (ctx) => {
			if (!boundaryOf(ctx.req.headers['content-type'])) throw v422([{ loc: ['body', 'file'], msg: 'Field required' }]);
			const mp = await ctx.multipart();
			const f = mp.files.find((x) => x.field === 'file');
			const agentId = mp.fields.extraction_agent_id?.[0];
			const errs: { loc: string[]; msg: string }[] = [];
			if (!agentId) errs.push({ loc: ['body', 'extraction_agent_id'], msg: 'Field required' });
			if (!f) errs.push({ loc: ['body', 'file'], msg: 'Field required' });
			if (errs.length) throw v422(errs);
			const agent = agentFor(env, ctx, agentId!);
			const file = addFile(env, ctx, f!.blob, false, 'extract', null);
			const cfg = mp.fields.config_override?.[0];
			const job = createJob(env, ctx, agent, file, mp.fields.data_schema_override?.[0], cfg ? parseSchema(cfg, ['body', 'config_override']) : undefined, []);
			return { status: 200, body: jobOut(job) };
		},
	});
	r.add('POST', `${JOBS}/batch`, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['extraction_agent_id', 'file_ids']);
			if (!Array.isArray(b.file_ids) || b.file_ids.length < 1) throw v422([{ loc: ['body', 'file_ids'], msg: 'List should have at least 1 item after validation', type: 'too_short', input: b.file_ids }]);
			const agent = agentFor(env, ctx, b.extraction_agent_id);
			const files = b.file_ids.map((id: string, i: number) => fileFor(env, ctx, id, ['body', 'file_ids', i]));
			const hooks = webhookConfs(env, b.webhook_configurations, undefined, ctx);
			return { status: 200, body: files.map((f: LlFile) => jobOut(createJob(env, ctx, agent, f, b.data_schema_override, b.config_override, hooks))) };
		},
	});
	r.add('GET', JOBS, {
		handler: (ctx) => {
			const id = ctx.query.get('extraction_agent_id');
			if (!id) throw v422([{ loc: ['query', 'extraction_agent_id'], msg: 'Field required' }]);
			return { status: 200, body: [...st.jobs.values()].filter((j) => j.agent.id === id && j.project_id === proj(ctx).id).map(jobOut) };
		},
	});
	r.add('GET', `${JOBS}/:job_id`, { handler: (ctx) => ({ status: 200, body: jobOut(jobFor(env, ctx)) }) });
	r.add('GET', `${JOBS}/:job_id/result`, {
		handler: (ctx) => {
			const j = jobFor(env, ctx);
			// behaviour before completion is undocumented: 400 with a detail string
			if (j.status === 'PENDING') throw detail(400, `Job ${j.id} is still PENDING; poll until it is terminal`);
			const run = st.runs.get(j.runId);
			if (!run) throw notFound(`Run for job ${j.id}`);
			return { status: 200, body: { run_id: run.id, extraction_agent_id: run.extraction_agent_id, data: run.data, extraction_metadata: run.extraction_metadata ?? {} } };
		},
	});

	// stateless (deprecated): runs on the project's default agent
	r.add('POST', '/api/v1/extraction/run', {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['data_schema', 'config']);
			const sources = ['file_id', 'text', 'file'].filter((k) => b[k] !== undefined && b[k] !== null);
			if (sources.length !== 1) throw v422([{ loc: ['body'], msg: 'Provide exactly one of file_id, text or file', type: 'value_error' }]);
			let file: LlFile;
			if (b.file_id) file = fileFor(env, ctx, b.file_id, ['body', 'file_id']);
			else if (b.text !== undefined) file = addFile(env, ctx, core.blobs.fromBuffer(Buffer.from(String(b.text)), { contentType: 'text/plain', filename: 'text.txt' }), false, 'extract', null);
			else file = addFile(env, ctx, core.blobs.fromBuffer(Buffer.from(String(b.file.data ?? ''), 'base64'), { contentType: b.file.mime_type ?? 'application/octet-stream', filename: 'upload' }), false, 'extract', null);
			let def = [...st.agents.values()].find((x) => x.project_id === proj(ctx).id && x.custom_configuration === 'default');
			def ??= st.addAgent(proj(ctx).id, { name: 'default', data_schema: {}, custom: true });
			const job = createJob(env, ctx, def, file, b.data_schema, b.config, webhookConfs(env, b.webhook_configurations, undefined, ctx));
			return { status: 200, body: jobOut(job) };
		},
	});
}
