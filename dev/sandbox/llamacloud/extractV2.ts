/** Extract v2 jobs (`/api/v2/extract`): create from a file and a configuration, list, get, cancel, delete. */
import { randomUUID } from 'node:crypto';
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { configurationFor } from './configurations';
import { cursorList } from './cursorPages';
import { detail, notFound, required, v422 } from './errors';
import { iso, proj, type LlEnv } from './env';
import { fileFor } from './files';
import { fire, webhookConfs } from './jobWebhooks';
import { checkExtractSettings, checkParseConfiguration } from './extractSettings';
import { generate, parseSchema, validation } from './schemas';
import type { LlV2Job } from './state';

const V2_TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];
const V2_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'THROTTLED'];

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

/** /api/v2/extract and its schema validation and generation. */
export function registerExtractV2(r: Router<RouteDef>, env: LlEnv): void {
	const { st, core } = env;
	const V2 = '/api/v2/extract';
	r.add('POST', V2, {
		handler: async (ctx) => {
			const b = await ctx.json();
			required(b, ['file_input']);
			if (typeof b.file_input !== 'string' || b.file_input.length > 200) throw v422([{ loc: ['body', 'file_input'], msg: 'String should have at most 200 characters', type: 'string_too_long', input: b.file_input }]);
			if ((b.configuration_id ? 1 : 0) + (b.configuration ? 1 : 0) !== 1) throw v422([{ loc: ['body'], msg: 'Provide exactly one of configuration_id or configuration', type: 'value_error' }]);
			let configuration: any;
			if (b.configuration_id) configuration = { ...configurationFor(env, ctx, b.configuration_id).parameters };
			else {
				if (!b.configuration.data_schema) throw v422([{ loc: ['body', 'configuration', 'data_schema'], msg: 'Field required' }]);
				configuration = { ...b.configuration, data_schema: parseSchema(b.configuration.data_schema, ['body', 'configuration', 'data_schema']) };
				checkExtractSettings(configuration, ['body', 'configuration']);
				checkParseConfiguration(env, ctx, configuration);
			}
			delete configuration.product_type;
			configuration = { tier: 'cost_effective', version: 'latest', extraction_target: 'per_doc', cite_sources: false, confidence_scores: false, ...configuration };
			if (b.file_input.startsWith('pjb-')) throw notFound(`Parse job ${b.file_input}`); // no parse jobs in the sandbox
			const file = fileFor(env, ctx, b.file_input, ['body', 'file_input']);
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
				webhooks: webhookConfs(env, b.webhook_configurations, b.webhook_configuration_ids, ctx),
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
				fire(env, j.webhooks, 'extract.pending', { job_id: j.id, status: j.status });
			});
			core.sched.after(core.delay(parseMs + extractMs), () => {
				if (V2_TERMINAL.includes(j.status) || !st.v2.has(j.id)) return;
				j.updated_at = Date.now();
				const fail = st.failureOf(file.facts);
				if (fail) {
					j.status = 'FAILED';
					j.error_message = fail;
					fire(env, j.webhooks, 'extract.error', { job_id: j.id, status: j.status, error_message: fail });
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
				fire(env, j.webhooks, 'extract.success', { job_id: j.id, status: j.status });
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
			const schema = await generate(env, ctx);
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
			fire(env, j.webhooks, 'extract.cancelled', { job_id: j.id, status: j.status });
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
}
