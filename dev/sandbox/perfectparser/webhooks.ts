/** Webhook subscriptions: list, create (signing secret shown once), get, update, soft delete, test delivery. */
import { randomBytes } from 'node:crypto';
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { cursorPage } from './cursorPages';
import { accountKey, type PpEnv } from './env';
import { invalid, ppError } from './errors';
import { ppId, type PpWebhook } from './state';

const EVENTS = ['extraction.document_completed', 'extraction.job_completed'];

const webhookFor = (env: PpEnv, ctx: Ctx): PpWebhook => {
	const { st } = env;
	const w = st.webhooks.get(ctx.params.id);
	if (!w || w.deleted || w.dashboard || w.account !== accountKey(ctx)) throw ppError(404, 'RESOURCE_NOT_FOUND', `Webhook ${ctx.params.id} not found`);
	return w;
};

const checkUrl = (u: unknown) => {
	try {
		const url = new URL(String(u));
		// production requires HTTPS; the sandbox accepts http (deliveries go to loopback only)
		if (!/^https?:$/.test(url.protocol)) throw new Error();
	} catch {
		throw invalid('url must be a valid http(s) URL');
	}
};

const checkEvents = (e: unknown) => {
	if (!Array.isArray(e) || e.length === 0 || e.some((x) => !EVENTS.includes(x))) throw invalid(`events must be a non-empty subset of ${EVENTS.join(', ')}`);
};

/** /v1/webhooks and /v1/webhooks/:id/test. */
export function registerWebhooks(r: Router<RouteDef>, env: PpEnv): void {
	const { st, core } = env;
	r.add('GET', '/v1/webhooks', {
		handler: (ctx) => {
			const { page, pagination } = cursorPage([...st.webhooks.values()].filter((w) => w.account === accountKey(ctx) && !w.deleted && !w.dashboard), ctx, 20);
			return { status: 200, body: { webhooks: page.map((w) => st.webhookOut(w)), pagination } };
		},
	});
	r.add('POST', '/v1/webhooks', {
		handler: async (ctx) => {
			const b = await ctx.json();
			checkUrl(b.url);
			checkEvents(b.events);
			if (b.secret !== undefined && (typeof b.secret !== 'string' || b.secret.length < 8)) throw invalid('secret must be at least 8 characters');
			const w: PpWebhook = {
				webhook_id: ppId('wh'),
				account: accountKey(ctx),
				url: b.url,
				events: [...new Set<string>(b.events)],
				is_active: true,
				secret: b.secret ?? null,
				signing_secret: `wh_sec_${randomBytes(16).toString('hex')}`,
				deleted: false,
				created_at: Date.now(),
				seq: ++st.seq,
				deliveries: [],
			};
			st.webhooks.set(w.webhook_id, w);
			core.stats.created('perfectparser', 'webhooks');
			return { status: 201, body: { webhook: st.webhookOut(w, true) } };
		},
	});
	r.add('GET', '/v1/webhooks/:id', { handler: (ctx) => ({ status: 200, body: { webhook: st.webhookOut(webhookFor(env, ctx), false, true) } }) });
	r.add('PATCH', '/v1/webhooks/:id', {
		handler: async (ctx) => {
			const w = webhookFor(env, ctx);
			const b = await ctx.json();
			if (b.url !== undefined) checkUrl(b.url);
			if (b.events !== undefined) checkEvents(b.events);
			if (b.is_active !== undefined && typeof b.is_active !== 'boolean') throw invalid('is_active must be a boolean');
			if (b.url !== undefined) w.url = b.url;
			if (b.events !== undefined) w.events = [...new Set<string>(b.events)];
			if (b.is_active !== undefined) w.is_active = b.is_active;
			return { status: 200, body: { webhook: st.webhookOut(w) } };
		},
	});
	r.add('DELETE', '/v1/webhooks/:id', {
		handler: (ctx) => {
			webhookFor(env, ctx).deleted = true; // soft delete
			return { status: 204 };
		},
	});
	r.add('POST', '/v1/webhooks/:id/test', {
		handler: async (ctx) => {
			ctx.req.resume();
			const w = webhookFor(env, ctx);
			const a = await st.deliver(w, 'extraction.job_completed', { extraction_id: 'ext_test', parser_id: null, status: 'completed', test: true, created_at: new Date().toISOString(), data: {} }, false);
			// response body undocumented: we report the attempt
			return { status: 200, body: { delivery: { event: 'extraction.job_completed', test: true, success: a.success, status_code: a.status_code, error: a.error, attempted_at: a.attempted_at } } };
		},
	});
}
