/** LlamaCloud service (LlamaExtract): Bearer API keys, FastAPI-style errors, files (beta + legacy),
 * Extract v1 agents/jobs/runs, Extract v2 jobs and saved configurations, per-job webhooks. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Core, RouteDef, Service } from '../core';
import { Ctx, HttpError, intParam, Reply } from '../http';
import { boundaryOf } from '../multipart';
import { RateLimiter } from '../rateLimit';
import { Router } from '../router';
import { DEFAULT_CONFIG, fileType, LL_DEMO, LlAgent, LlFile, LlJob, LlProject, LlRun, LlState, LlV2Job, WebhookConf } from './state';

export { LL_DEMO } from './state';

const detail = (status: number, msg: string) => new HttpError(status, { detail: msg });
const notFound = (what: string) => detail(404, `${what} not found`);
/** FastAPI/pydantic 422 body. */
export function v422(items: { loc: (string | number)[]; msg: string; type?: string; input?: unknown }[]): HttpError {
	return new HttpError(422, { detail: items.map((i) => ({ type: i.type ?? 'missing', loc: i.loc, msg: i.msg, input: i.input ?? null })) });
}
const required = (body: Record<string, unknown>, fields: string[], where = 'body') => {
	const miss = fields.filter((f) => body[f] === undefined || body[f] === null);
	if (miss.length) throw v422(miss.map((f) => ({ loc: [where, f], msg: 'Field required', input: where === 'body' ? body : null })));
};

const iso = (ms: number) => new Date(ms).toISOString();
const V1_TERMINAL = ['SUCCESS', 'ERROR', 'PARTIAL_SUCCESS', 'CANCELLED'];
const V2_TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];
const V2_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'THROTTLED'];

function encodeToken(seq: number): string {
	return Buffer.from(`seq:${seq}`).toString('base64url');
}
function decodeToken(t: string | null): number | undefined {
	if (!t) return undefined;
	const m = /^seq:(\d+)$/.exec(Buffer.from(t, 'base64url').toString('utf8'));
	if (!m) throw v422([{ loc: ['query', 'page_token'], msg: 'Invalid page token', type: 'value_error', input: t }]);
	return Number(m[1]);
}
/** Cursor list: newest first; `page_token` = last returned sequence. */
function cursorList<T extends { seq: number }>(items: T[], ctx: Ctx, def: number, max: number) {
	const size = intParam(ctx.query.get('page_size'), def, 1, max);
	const after = decodeToken(ctx.query.get('page_token'));
	const sorted = items.sort((a, b) => b.seq - a.seq).filter((x) => after === undefined || x.seq < after);
	const page = sorted.slice(0, size);
	const more = sorted.length > size;
	return { page, next_page_token: more ? encodeToken(page[page.length - 1].seq) : null, total_size: sorted.length + (after === undefined ? 0 : items.length - sorted.length) };
}

function parseSchema(v: unknown, loc: (string | number)[]): any {
	let s = v;
	if (typeof s === 'string') {
		try {
			s = JSON.parse(s);
		} catch {
			throw v422([{ loc, msg: 'Invalid JSON string', type: 'json_invalid', input: v }]);
		}
	}
	if (!s || typeof s !== 'object' || Array.isArray(s)) throw v422([{ loc, msg: 'Input should be a valid dictionary', type: 'dict_type', input: v }]);
	return s;
}

/** Schema rules from the limits table: root type object, depth ≤ 7, ≤ 5000 properties. */
function validateSchema(s: any): void {
	if (s.type !== undefined && s.type !== 'object') throw detail(400, 'Invalid schema: the root must be of type "object"');
	let count = 0;
	const walk = (n: any, depth: number) => {
		if (depth > 7) throw detail(400, 'Invalid schema: maximum nesting depth of 7 exceeded');
		if (n && typeof n === 'object') {
			if (n.properties && typeof n.properties === 'object') {
				count += Object.keys(n.properties).length;
				for (const c of Object.values(n.properties)) walk(c, depth + 1);
			}
			if (n.items) walk(n.items, depth + 1);
		}
	};
	walk(s, 1);
	if (count > 5000) throw detail(400, 'Invalid schema: more than 5000 properties');
}

export function createLlamaCloud(core: Core, admin: Router<RouteDef>): { service: Service; state: LlState } {
	const st = new LlState(core);
	const r = new Router<RouteDef>();
	const limiter = new RateLimiter();
	const proj = (ctx: Ctx) => ctx.auth as LlProject;

	const fileOut = (f: LlFile) =>
		f.legacy
			? { id: f.id, name: f.blob.filename, project_id: f.project_id, file_size: f.blob.size, file_type: fileType(f.blob.filename), purpose: f.purpose, external_file_id: f.external_file_id, created_at: iso(f.created_at), updated_at: iso(f.created_at), last_modified_at: null, resource_info: { sha256: f.blob.sha256, page_count: f.facts.pageCount }, permission_info: null, data_source_id: null, expires_at: null }
			: { id: f.id, name: f.blob.filename, project_id: f.project_id, file_type: fileType(f.blob.filename), purpose: f.purpose, external_file_id: f.external_file_id, last_modified_at: null, expires_at: null, download_url: null, file_size: f.blob.size, created_at: iso(f.created_at) };
	const fileFor = (ctx: Ctx, id: string, loc: (string | number)[] = ['path', 'file_id']): LlFile => {
		if (typeof id !== 'string') throw v422([{ loc, msg: 'Input should be a valid string', type: 'string_type', input: id }]);
		const f = st.files.get(id);
		if (!f || f.project_id !== proj(ctx).id) throw notFound(`File ${id}`);
		return f;
	};
	const addFile = (ctx: Ctx, blob: LlFile['blob'], legacy: boolean, purpose: string | null, external: string | null): LlFile => {
		const f: LlFile = { id: legacy ? randomUUID() : `dfl-${randomUUID()}`, project_id: proj(ctx).id, blob, facts: core.blobs.facts_(blob), purpose, external_file_id: external, legacy, created_at: Date.now(), seq: ++st.seq };
		st.files.set(f.id, f);
		core.stats.created('llamacloud', 'files');
		core.stats.document('llamacloud', blob.sha256);
		return f;
	};
	const agentOut = (a: LlAgent) => ({ id: a.id, name: a.name, project_id: a.project_id, data_schema: a.data_schema, config: a.config, custom_configuration: a.custom_configuration, created_at: iso(a.created_at), updated_at: iso(a.updated_at) });
	const agentFor = (ctx: Ctx, id: string): LlAgent => {
		const a = st.agents.get(id);
		if (!a || a.project_id !== proj(ctx).id) throw notFound(`Extraction agent ${id}`);
		return a;
	};
	const jobOut = (j: LlJob) => ({ id: j.id, extraction_agent: agentOut(j.agent), status: j.status, error: j.error, file_id: j.file_id, file: null });
	const runOut = (x: LlRun) => ({
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
	const v2Out = (j: LlV2Job, expand: string[] = []) => ({
		id: j.id,
		file_input: j.file_input,
		project_id: j.project_id,
		configuration_id: j.configuration_id,
		configuration: j.configuration,
		status: j.status,
		error_message: j.error_message,
		extract_result: j.extract_result,
		// always included (the docs list it under expand[]; returning it anyway is harmless)
		extract_metadata: j.extract_metadata,
		metadata: j.metadata,
		created_at: iso(j.created_at),
		updated_at: iso(j.updated_at),
		// credits billed: only on request (`expand=usage`), and only once the job has ended
		...(expand.includes('usage') ? { usage: j.status === 'COMPLETED' ? usageOf(j) : null } : {}),
	});
	const usageOf = (j: LlV2Job) => {
		const pages = Number(j.metadata?.usage?.num_pages_extracted ?? 1);
		const perPage = ({ cost_effective: 5, agentic: 15, agentic_plus: 50, turbo: 35 } as Record<string, number>)[String(j.configuration?.tier ?? 'cost_effective')] ?? 5;
		return { credits: pages * perPage, extract_credits: pages * perPage, parse_credits: 0 };
	};
	const expandOf = (ctx: Ctx) => [...ctx.query.getAll('expand'), ...ctx.query.getAll('expand[]')].flatMap((e) => e.split(','));

	const webhookConfs = (v: unknown, ids: unknown, ctx: Ctx): WebhookConf[] => {
		const out: WebhookConf[] = [];
		if (Array.isArray(v)) {
			v.forEach((w, i) => {
				if (!w || typeof w.webhook_url !== 'string') throw v422([{ loc: ['body', 'webhook_configurations', i, 'webhook_url'], msg: 'Field required' }]);
				out.push(w);
			});
		}
		if (Array.isArray(ids)) {
			for (const id of ids) {
				const c = st.webhookConfigs.get(String(id));
				if (!c || c.project_id !== proj(ctx).id) throw notFound(`Webhook configuration ${id}`);
				out.push({ webhook_url: c.webhook_url, webhook_headers: c.webhook_headers, webhook_events: c.webhook_events, webhook_output_format: c.webhook_output_format, webhook_signing_secret: c.webhook_signing_secret });
			}
		}
		return out;
	};
	// Payload shape is undocumented; we send {event_id, event_type, created_at, data}.
	const fire = (confs: WebhookConf[], event: string, data: Record<string, unknown>) => {
		for (const c of confs) {
			if (c.webhook_events && c.webhook_events.length && !c.webhook_events.includes(event)) continue;
			const payload = { event_id: randomUUID(), event_type: event, created_at: new Date().toISOString(), data: c.webhook_output_format === 'string' ? JSON.stringify(data) : data };
			const body = JSON.stringify(payload);
			const signature: Record<string, string> = c.webhook_signing_secret ? { 'LC-Signature': `sha256=${createHmac('sha256', c.webhook_signing_secret).update(body).digest('hex')}` } : {};
			void core.webhooks.deliver({ url: c.webhook_url, headers: { 'Content-Type': 'application/json', 'User-Agent': 'LlamaCloud-Webhooks (sandbox)', ...(c.webhook_headers ?? {}), ...signature }, body });
		}
	};

	// ------------------------------------------------------------ projects, files
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

	const upload = (legacy: boolean) => async (ctx: Ctx): Promise<Reply> => {
		if (!boundaryOf(ctx.req.headers['content-type'])) throw v422([{ loc: ['body', legacy ? 'upload_file' : 'file'], msg: 'Field required' }]);
		const mp = await ctx.multipart();
		// legacy field is `upload_file`; `file` accepted there too (tolerance)
		const f = mp.files.find((x) => x.field === (legacy ? 'upload_file' : 'file')) ?? (legacy ? mp.files.find((x) => x.field === 'file') : undefined);
		const purpose = mp.fields.purpose?.[0] ?? null;
		const errs: { loc: string[]; msg: string }[] = [];
		if (!f) errs.push({ loc: ['body', legacy ? 'upload_file' : 'file'], msg: 'Field required' });
		if (!legacy && !purpose) errs.push({ loc: ['body', 'purpose'], msg: 'Field required' });
		if (errs.length) throw v422(errs);
		if (purpose && !['user_data', 'parse', 'extract', 'classify', 'split', 'sheet', 'agent_app'].includes(purpose)) throw v422([{ loc: ['body', 'purpose'], msg: 'Input should be a valid purpose', type: 'enum', input: purpose }]);
		if (f!.blob.size > 512 * 1024 * 1024) throw detail(413, 'File too large');
		const file = addFile(ctx, f!.blob, legacy, purpose, mp.fields.external_file_id?.[0] ?? null);
		return { status: legacy ? 200 : 201, body: fileOut(file) };
	};
	r.add('POST', '/api/v1/beta/files', { handler: upload(false) });
	r.add('POST', '/api/v1/files', { handler: upload(true) });
	r.add('GET', '/api/v1/files/:file_id', { handler: (ctx) => ({ status: 200, body: fileOut(fileFor(ctx, ctx.params.file_id)) }) });
	const listFiles = (ctx: Ctx, filter: { file_ids?: string[]; file_name?: string; external_file_id?: string }) => {
		let items = [...st.files.values()].filter((f) => f.project_id === proj(ctx).id);
		if (filter.file_ids?.length) items = items.filter((f) => filter.file_ids!.includes(f.id));
		if (filter.file_name) items = items.filter((f) => f.blob.filename === filter.file_name);
		if (filter.external_file_id) items = items.filter((f) => f.external_file_id === filter.external_file_id);
		const { page, next_page_token, total_size } = cursorList(items, ctx, 50, 1000);
		return { status: 200, body: { items: page.map(fileOut), next_page_token, total_size } };
	};
	r.add('GET', '/api/v1/beta/files', {
		handler: (ctx) => listFiles(ctx, { file_ids: [...ctx.query.getAll('file_ids'), ...ctx.query.getAll('file_ids[]')], file_name: ctx.query.get('file_name') ?? undefined, external_file_id: ctx.query.get('external_file_id') ?? undefined }),
	});
	r.add('POST', '/api/v1/beta/files/query', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const f = b.filter ?? b;
			if (b.page_size) ctx.query.set('page_size', String(b.page_size));
			if (b.page_token) ctx.query.set('page_token', String(b.page_token));
			return listFiles(ctx, { file_ids: f.file_ids, file_name: f.file_name, external_file_id: f.external_file_id });
		},
	});
	r.add('GET', '/api/v1/beta/files/:file_id', { handler: (ctx) => ({ status: 200, body: fileOut(fileFor(ctx, ctx.params.file_id)) }) });
	r.add('GET', '/api/v1/beta/files/:file_id/content', {
		handler: (ctx) => {
			const f = fileFor(ctx, ctx.params.file_id);
			const ttl = intParam(ctx.query.get('expires_at_seconds'), 3600, 1, 7 * 86400) * 1000;
			const u = core.storage.downloadUrl(ctx.baseUrl, f.blob, ttl);
			return { status: 200, body: { url: u.url, expires_at: u.expires_at, form_fields: null } };
		},
	});
	r.add('DELETE', '/api/v1/beta/files/:file_id', {
		handler: (ctx) => {
			st.files.delete(fileFor(ctx, ctx.params.file_id).id);
			return { status: 204 };
		},
	});

	// ------------------------------------------------------------ v1 agents
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
	r.add('GET', `${AG}/:extraction_agent_id`, { handler: (ctx) => ({ status: 200, body: agentOut(agentFor(ctx, ctx.params.extraction_agent_id)) }) });
	r.add('PUT', `${AG}/:extraction_agent_id`, {
		handler: async (ctx) => {
			const a = agentFor(ctx, ctx.params.extraction_agent_id);
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
			st.agents.delete(agentFor(ctx, ctx.params.extraction_agent_id).id);
			return { status: 200, body: {} };
		},
	});
	const validation = async (ctx: Ctx): Promise<Reply> => {
		const b = await ctx.json();
		required(b, ['data_schema']);
		const s = parseSchema(b.data_schema, ['body', 'data_schema']);
		validateSchema(s);
		return { status: 200, body: { data_schema: { type: 'object', ...s } } };
	};
	r.add('POST', `${AG}/schema/validation`, { handler: validation });
	const generate = async (ctx: Ctx) => {
		const b = await ctx.json();
		if (b.data_schema) return parseSchema(b.data_schema, ['body', 'data_schema']);
		// derive from a file's `Label: value` lines, else from words of the prompt
		const labels: string[] = [];
		if (b.file_id) {
			const f = fileFor(ctx, b.file_id, ['body', 'file_id']);
			for (const l of f.facts.pages.flat()) if (l.includes(':')) labels.push(l.slice(0, l.indexOf(':')));
		} else if (typeof b.prompt === 'string') labels.push(...b.prompt.split(/[,;\n]| and /).map((s: string) => s.trim()).filter(Boolean));
		const properties: Record<string, unknown> = {};
		for (const l of labels) {
			const k = l.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
			if (k && k !== 'sandbox_fail') properties[k] = { type: /total|amount|price|count/.test(k) ? 'number' : 'string', description: l };
		}
		return { type: 'object', properties };
	};
	r.add('POST', `${AG}/schema/generate`, { handler: async (ctx) => ({ status: 200, body: { data_schema: await generate(ctx) } }) });

	// ------------------------------------------------------------ v1 jobs & runs
	const createJob = (ctx: Ctx, agent: LlAgent, file: LlFile, schemaOverride: unknown, configOverride: unknown, hooks: WebhookConf[]): LlJob => {
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
			fire(hooks, 'extract.pending', { job_id: job.id, status: job.status });
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
				fire(hooks, 'extract.error', { job_id: job.id, run_id: run.id, status: job.status, error: fail });
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
			fire(hooks, 'extract.success', { job_id: job.id, run_id: run.id, status: job.status });
		});
		return job;
	};

	const JOBS = '/api/v1/extraction/jobs';
	r.add('POST', JOBS, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['extraction_agent_id', 'file_id']);
			const agent = agentFor(ctx, b.extraction_agent_id);
			const file = fileFor(ctx, b.file_id, ['body', 'file_id']);
			const job = createJob(ctx, agent, file, b.data_schema_override, b.config_override, webhookConfs(b.webhook_configurations, undefined, ctx));
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
			const agent = agentFor(ctx, agentId!);
			const file = addFile(ctx, f!.blob, false, 'extract', null);
			const cfg = mp.fields.config_override?.[0];
			const job = createJob(ctx, agent, file, mp.fields.data_schema_override?.[0], cfg ? parseSchema(cfg, ['body', 'config_override']) : undefined, []);
			return { status: 200, body: jobOut(job) };
		},
	});
	r.add('POST', `${JOBS}/batch`, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['extraction_agent_id', 'file_ids']);
			if (!Array.isArray(b.file_ids) || b.file_ids.length < 1) throw v422([{ loc: ['body', 'file_ids'], msg: 'List should have at least 1 item after validation', type: 'too_short', input: b.file_ids }]);
			const agent = agentFor(ctx, b.extraction_agent_id);
			const files = b.file_ids.map((id: string, i: number) => fileFor(ctx, id, ['body', 'file_ids', i]));
			const hooks = webhookConfs(b.webhook_configurations, undefined, ctx);
			return { status: 200, body: files.map((f: LlFile) => jobOut(createJob(ctx, agent, f, b.data_schema_override, b.config_override, hooks))) };
		},
	});
	r.add('GET', JOBS, {
		handler: (ctx) => {
			const id = ctx.query.get('extraction_agent_id');
			if (!id) throw v422([{ loc: ['query', 'extraction_agent_id'], msg: 'Field required' }]);
			return { status: 200, body: [...st.jobs.values()].filter((j) => j.agent.id === id && j.project_id === proj(ctx).id).map(jobOut) };
		},
	});
	const jobFor = (ctx: Ctx): LlJob => {
		const j = st.jobs.get(ctx.params.job_id);
		if (!j || j.project_id !== proj(ctx).id) throw notFound(`Job ${ctx.params.job_id}`);
		return j;
	};
	r.add('GET', `${JOBS}/:job_id`, { handler: (ctx) => ({ status: 200, body: jobOut(jobFor(ctx)) }) });
	r.add('GET', `${JOBS}/:job_id/result`, {
		handler: (ctx) => {
			const j = jobFor(ctx);
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
			if (b.file_id) file = fileFor(ctx, b.file_id, ['body', 'file_id']);
			else if (b.text !== undefined) file = addFile(ctx, core.blobs.fromBuffer(Buffer.from(String(b.text)), { contentType: 'text/plain', filename: 'text.txt' }), false, 'extract', null);
			else file = addFile(ctx, core.blobs.fromBuffer(Buffer.from(String(b.file.data ?? ''), 'base64'), { contentType: b.file.mime_type ?? 'application/octet-stream', filename: 'upload' }), false, 'extract', null);
			let def = [...st.agents.values()].find((x) => x.project_id === proj(ctx).id && x.custom_configuration === 'default');
			def ??= st.addAgent(proj(ctx).id, { name: 'default', data_schema: {}, custom: true });
			const job = createJob(ctx, def, file, b.data_schema, b.config, webhookConfs(b.webhook_configurations, undefined, ctx));
			return { status: 200, body: jobOut(job) };
		},
	});

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
			const j = jobFor(ctx);
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

	// ------------------------------------------------------------ v2 extract
	const V2 = '/api/v2/extract';
	const configurationFor = (ctx: Ctx, id: string) => {
		const c = st.configurations.get(id);
		if (!c || c.project_id !== proj(ctx).id) throw notFound(`Configuration ${id}`);
		return c;
	};
	r.add('POST', V2, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['file_input']);
			if (typeof b.file_input !== 'string' || b.file_input.length > 200) throw v422([{ loc: ['body', 'file_input'], msg: 'String should have at most 200 characters', type: 'string_too_long', input: b.file_input }]);
			if ((b.configuration_id ? 1 : 0) + (b.configuration ? 1 : 0) !== 1) throw v422([{ loc: ['body'], msg: 'Provide exactly one of configuration_id or configuration', type: 'value_error' }]);
			let configuration: any;
			if (b.configuration_id) configuration = { ...configurationFor(ctx, b.configuration_id).parameters };
			else {
				if (!b.configuration.data_schema) throw v422([{ loc: ['body', 'configuration', 'data_schema'], msg: 'Field required' }]);
				configuration = { ...b.configuration, data_schema: parseSchema(b.configuration.data_schema, ['body', 'configuration', 'data_schema']) };
			}
			delete configuration.product_type;
			configuration = { tier: 'cost_effective', version: 'latest', extraction_target: 'per_doc', cite_sources: false, confidence_scores: false, ...configuration };
			if (b.file_input.startsWith('pjb-')) throw notFound(`Parse job ${b.file_input}`); // no parse jobs in the sandbox
			const file = fileFor(ctx, b.file_input, ['body', 'file_input']);
			const now = Date.now();
			const j: LlV2Job = {
				id: `ext-${randomUUID()}`,
				project_id: proj(ctx).id,
				file_input: b.file_input,
				configuration_id: b.configuration_id ?? null,
				configuration,
				status: 'PENDING',
				error_message: null,
				extract_result: null,
				extract_metadata: null,
				metadata: null,
				webhooks: webhookConfs(b.webhook_configurations, b.webhook_configuration_ids, ctx),
				created_at: now,
				updated_at: now,
				seq: ++st.seq,
			};
			st.v2.set(j.id, j);
			core.stats.created('llamacloud', 'v2Jobs');
			const { parseMs, extractMs } = core.opts.timing;
			core.sched.after(core.delay(parseMs), () => {
				if (j.status !== 'PENDING') return;
				j.status = 'RUNNING';
				j.updated_at = Date.now();
				fire(j.webhooks, 'extract.pending', { job_id: j.id, status: j.status });
			});
			core.sched.after(core.delay(parseMs + extractMs), () => {
				if (V2_TERMINAL.includes(j.status) || !st.v2.has(j.id)) return;
				j.updated_at = Date.now();
				const fail = st.failureOf(file.facts);
				if (fail) {
					j.status = 'FAILED';
					j.error_message = fail;
					fire(j.webhooks, 'extract.error', { job_id: j.id, status: j.status, error_message: fail });
					return;
				}
				const { data, fieldMeta } = st.compute(file.facts, configuration.data_schema, configuration.extraction_target);
				j.extract_result = data;
				j.extract_metadata = {
					field_metadata: { document_metadata: configuration.cite_sources || configuration.confidence_scores ? fieldMeta : {}, page_metadata: null, row_metadata: null },
					parse_job_id: `pjb-${randomUUID()}`,
					parse_tier: configuration.parse_tier ?? configuration.tier,
					// not part of the real API: document facts for tests
					document: { filename: file.blob.filename, sha256: file.blob.sha256, page_count: file.facts.pageCount, size: file.blob.size },
				};
				j.metadata = { usage: { num_pages_extracted: file.facts.pageCount, num_document_tokens: file.facts.pages.flat().join(' ').length, num_output_tokens: JSON.stringify(data).length } };
				j.status = 'COMPLETED';
				fire(j.webhooks, 'extract.success', { job_id: j.id, status: j.status });
			});
			return { status: 200, body: v2Out(j) };
		},
	});
	r.add('GET', V2, {
		handler: (ctx) => {
			const q = ctx.query;
			let items = [...st.v2.values()].filter((j) => j.project_id === proj(ctx).id);
			const status = q.get('status');
			if (status) {
				if (!V2_STATUSES.includes(status)) throw v422([{ loc: ['query', 'status'], msg: `Input should be ${V2_STATUSES.map((s) => `'${s}'`).join(', ')}`, type: 'enum', input: status }]);
				items = items.filter((j) => j.status === status);
			}
			if (q.get('configuration_id')) items = items.filter((j) => j.configuration_id === q.get('configuration_id'));
			const fi = q.get('file_input') ?? q.get('document_input_value');
			if (fi) items = items.filter((j) => j.file_input === fi);
			const dit = q.get('document_input_type');
			if (dit) items = items.filter((j) => (dit === 'parse_job_id' ? j.file_input.startsWith('pjb-') : !j.file_input.startsWith('pjb-')));
			const ids = [...q.getAll('job_ids'), ...q.getAll('job_ids[]')];
			if (ids.length) items = items.filter((j) => ids.includes(j.id));
			for (const [k, cmp] of [
				['created_at_on_or_after', (a: number, t: number) => a >= t],
				['created_at_on_or_before', (a: number, t: number) => a <= t],
			] as const) {
				const v = q.get(k);
				if (!v) continue;
				const t = Date.parse(v);
				if (Number.isNaN(t)) throw v422([{ loc: ['query', k], msg: 'Input should be a valid datetime', type: 'datetime_parsing', input: v }]);
				items = items.filter((j) => cmp(j.created_at, t));
			}
			const { page, next_page_token, total_size } = cursorList(items, ctx, 50, 1000);
			const expand = expandOf(ctx);
			return { status: 200, body: { items: page.map((j) => v2Out(j, expand)), next_page_token, total_size } };
		},
	});
	r.add('POST', `${V2}/schema/validation`, { handler: validation });
	r.add('POST', `${V2}/schema/generate`, {
		handler: async (ctx) => {
			const b = await ctx.json();
			const schema = await generate(ctx);
			return { status: 200, body: { name: b.name ?? 'Generated configuration', parameters: { product_type: 'extract_v2', data_schema: schema, tier: 'cost_effective', extraction_target: 'per_doc' } } };
		},
	});
	const v2For = (ctx: Ctx) => {
		const j = st.v2.get(ctx.params.job_id);
		if (!j || j.project_id !== proj(ctx).id) throw notFound(`Extract job ${ctx.params.job_id}`);
		return j;
	};
	r.add('GET', `${V2}/:job_id`, { handler: (ctx) => ({ status: 200, body: v2Out(v2For(ctx), expandOf(ctx)) }) });
	r.add('POST', `${V2}/:job_id/cancel`, {
		handler: (ctx) => {
			const j = v2For(ctx);
			if (V2_TERMINAL.includes(j.status)) throw detail(400, `Job ${j.id} is already ${j.status} and cannot be cancelled`);
			j.status = 'CANCELLED';
			j.updated_at = Date.now();
			fire(j.webhooks, 'extract.cancelled', { job_id: j.id, status: j.status });
			return { status: 200, body: v2Out(j) };
		},
	});
	r.add('DELETE', `${V2}/:job_id`, {
		handler: (ctx) => {
			const j = v2For(ctx);
			if (!V2_TERMINAL.includes(j.status) && ctx.query.get('force') !== 'true') throw detail(400, `Job ${j.id} is ${j.status}; cancel it first or pass force=true`);
			st.v2.delete(j.id);
			return { status: 200, body: {} };
		},
	});

	// ------------------------------------------------------------ saved configurations
	const CONF = '/api/v1/beta/configurations';
	const PRODUCT_TYPES = ['classify_v2', 'extract_v2', 'parse_v2', 'split_v1', 'spreadsheet_v1', 'unknown'];
	const productOf = (c: { parameters: any }) => String(c.parameters?.product_type ?? 'unknown');
	// `version` is a datetime string; a saved configuration takes a new one on every change
	const confOut = (c: { id: string; project_id: string; name: string; parameters: any; created_at: number; updated_at: number }) => ({ id: c.id, name: c.name, parameters: c.parameters, product_type: productOf(c), version: iso(c.updated_at), created_at: iso(c.created_at), updated_at: iso(c.updated_at) });
	const checkParams = (p: any, loc: string[]) => {
		if (!p || typeof p !== 'object' || Array.isArray(p)) throw v422([{ loc, msg: 'Field required' }]);
		// the union is discriminated by product_type, so it is required
		if (p.product_type === undefined) throw v422([{ loc: [...loc, 'product_type'], msg: 'Field required' }]);
		if (!PRODUCT_TYPES.includes(p.product_type)) throw v422([{ loc: [...loc, 'product_type'], msg: `Input should be ${PRODUCT_TYPES.map((t) => `'${t}'`).join(', ')}`, type: 'union_tag_invalid', input: p.product_type }]);
		if (p.product_type !== 'extract_v2') return p;
		if (!p.data_schema) throw v422([{ loc: [...loc, 'extract_v2', 'data_schema'], msg: 'Field required' }]);
		return { ...p, data_schema: parseSchema(p.data_schema, [...loc, 'extract_v2', 'data_schema']) };
	};
	r.add('POST', CONF, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['name', 'parameters']);
			if (typeof b.name !== 'string' || b.name.length < 1 || b.name.length > 255) throw v422([{ loc: ['body', 'name'], msg: 'String should have between 1 and 255 characters', type: 'string_too_long', input: b.name }]);
			const parameters = checkParams(b.parameters, ['body', 'parameters']);
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
	r.add('GET', `${CONF}/:config_id`, { handler: (ctx) => ({ status: 200, body: confOut(configurationFor(ctx, ctx.params.config_id)) }) });
	r.add('PUT', `${CONF}/:config_id`, {
		handler: async (ctx) => {
			const c = configurationFor(ctx, ctx.params.config_id);
			const b = await ctx.json();
			if (b.name !== undefined && b.name !== null) c.name = String(b.name);
			if (b.parameters !== undefined && b.parameters !== null) c.parameters = checkParams(b.parameters, ['body', 'parameters']);
			c.updated_at = Math.max(Date.now(), c.updated_at + 1);
			return { status: 200, body: confOut(c) };
		},
	});
	r.add('DELETE', `${CONF}/:config_id`, {
		handler: (ctx) => {
			st.configurations.delete(configurationFor(ctx, ctx.params.config_id).id);
			return { status: 204 };
		},
	});

	// ------------------------------------------------------------ reusable webhook configs (beta)
	const WH = '/api/v1/beta/webhook-configs';
	// the signing secret is write-only: only `has_secret` says whether one is set
	const whOut = (w: ReturnType<typeof st.webhookConfigs.get> & object) => ({
		id: w.id,
		tenant_id: w.project_id,
		tenant_type: 'project',
		has_secret: Boolean(w.webhook_signing_secret),
		webhook_url: w.webhook_url,
		webhook_events: w.webhook_events,
		webhook_headers: w.webhook_headers,
		webhook_output_format: w.webhook_output_format,
		created_at: iso(w.created_at),
		updated_at: iso(w.updated_at),
	});
	const checkEvents = (events: unknown) => {
		if (events === undefined || events === null) return;
		if (!Array.isArray(events) || events.length === 0) throw v422([{ loc: ['body', 'webhook_events'], msg: 'An empty list subscribes to nothing; omit it for all events', type: 'value_error', input: events }]);
	};
	const checkUrl = (url: unknown) => {
		let ok = false;
		try {
			ok = typeof url === 'string' && /^https?:$/.test(new URL(url).protocol);
		} catch {
			ok = false;
		}
		if (!ok) throw v422([{ loc: ['body', 'webhook_url'], msg: 'Input should be a valid URL', type: 'url_parsing', input: url }]);
	};
	const whFor = (ctx: Ctx) => {
		const w = st.webhookConfigs.get(ctx.params.config_id);
		if (!w || w.project_id !== proj(ctx).id) throw notFound(`Webhook configuration ${ctx.params.config_id}`);
		return w;
	};
	r.add('POST', WH, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['webhook_url']);
			checkUrl(b.webhook_url);
			checkEvents(b.webhook_events);
			const now = Date.now();
			const w = { id: `whc-${randomUUID()}`, project_id: proj(ctx).id, webhook_url: b.webhook_url, webhook_events: b.webhook_events ?? null, webhook_headers: b.webhook_headers ?? {}, webhook_output_format: b.webhook_output_format ?? null, webhook_signing_secret: b.webhook_signing_secret || null, created_at: now, updated_at: now, seq: ++st.seq };
			st.webhookConfigs.set(w.id, w);
			return { status: 200, body: whOut(w) };
		},
	});
	r.add('GET', WH, { handler: (ctx) => ({ status: 200, body: [...st.webhookConfigs.values()].filter((w) => w.project_id === proj(ctx).id).sort((a, b) => b.seq - a.seq).map(whOut) }) });
	r.add('GET', `${WH}/:config_id`, { handler: (ctx) => ({ status: 200, body: whOut(whFor(ctx)) }) });
	r.add('PUT', `${WH}/:config_id`, {
		handler: async (ctx) => {
			const w = whFor(ctx);
			const b = await ctx.json();
			if (b.webhook_url !== undefined && b.webhook_url !== null) checkUrl(b.webhook_url);
			checkEvents(b.webhook_events);
			for (const k of ['webhook_url', 'webhook_events', 'webhook_headers', 'webhook_output_format', 'webhook_signing_secret'] as const) if (b[k] !== undefined) (w as any)[k] = b[k];
			w.updated_at = Date.now();
			return { status: 200, body: whOut(w) };
		},
	});
	r.add('DELETE', `${WH}/:config_id`, {
		handler: (ctx) => {
			st.webhookConfigs.delete(whFor(ctx).id);
			return { status: 204 };
		},
	});

	// ------------------------------------------------------------ admin
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

	const service: Service = {
		name: 'llamacloud',
		prefix: '/llamacloud',
		router: r,
		authenticate(ctx) {
			const m = /^Bearer\s+(.+)$/i.exec(String(ctx.req.headers.authorization ?? ''));
			const p = m ? st.projects.get(m[1].trim()) : undefined;
			if (!p) throw new HttpError(401, { detail: m ? 'Invalid API key' : 'Not authenticated' }, { 'WWW-Authenticate': 'Bearer' });
			ctx.auth = p;
		},
		errorBody: (_status, message) => ({ detail: message }),
		rateLimit(ctx) {
			const rl = core.opts.rateLimits;
			const k = String(ctx.req.headers.authorization ?? 'anonymous');
			const res = limiter.hit(k, rl.llamaPerWindow, rl.windowMs);
			if (res.allowed) return { headers: {} };
			// the official SDKs honour retry-after and retry-after-ms
			return {
				headers: {},
				reject: { status: 429, body: { detail: 'Too Many Requests' }, headers: { 'Retry-After': res.retryAfterSec, 'retry-after-ms': Math.max(0, res.resetAt - Date.now()) } },
			};
		},
		reset() {
			st.reset();
			limiter.clear();
		},
	};
	void V1_TERMINAL;
	return { service, state: st };
}
