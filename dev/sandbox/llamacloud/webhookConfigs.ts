/** Reusable webhook configurations (beta): create, list, get, update, delete; the secret is write-only. */
import { randomUUID } from 'node:crypto';
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { cursorList } from './cursorPages';
import { notFound, required, v422 } from './errors';
import { iso, proj, type LlEnv } from './env';

/** /api/v1/beta/webhook-configs, and the cursor-paged list /api/v2/webhook-configs. */
export function registerWebhookConfigs(r: Router<RouteDef>, env: LlEnv): void {
	const { st } = env;
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
	// The plain list above is deprecated in favour of this one: cursor pages, newest first, and
	// `total_size` only when asked for (`include_total`, a second query on every page).
	r.add('GET', '/api/v2/webhook-configs', {
		handler: (ctx) => {
			const includeTotal = ctx.query.get('include_total');
			if (includeTotal !== null && !['true', 'false'].includes(includeTotal)) throw v422([{ loc: ['query', 'include_total'], msg: 'Input should be a valid boolean', type: 'bool_parsing', input: includeTotal }]);
			const items = [...st.webhookConfigs.values()].filter((w) => w.project_id === proj(ctx).id);
			const { page, next_page_token, total_size } = cursorList(items, ctx, 50, 1000);
			return { status: 200, body: { items: page.map(whOut), next_page_token, ...(includeTotal === 'true' ? { total_size } : {}) } };
		},
	});
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
}
