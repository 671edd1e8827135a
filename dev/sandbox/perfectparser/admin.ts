/** Sandbox admin for PerfectParser: accounts, credits and parsers seeded directly. */
import { randomBytes } from 'node:crypto';
import type { RouteDef } from '../core';
import { HttpError } from '../http';
import type { Router } from '../router';
import type { PpEnv } from './env';
import { seqOf } from './parsers';
import { ppId, type PpWebhook } from './state';

const PP_DEMO_KEY = 'pp_live_sandbox_demo_key';

/** POST /_sandbox/perfectparser/{accounts,credits,parsers,dashboard-webhooks}. */
export function registerPerfectParserAdmin(admin: Router<RouteDef>, env: PpEnv): void {
	const { st } = env;
	admin.add('POST', '/_sandbox/perfectparser/accounts', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const k = b.api_key ?? `pp_live_${randomBytes(12).toString('hex')}`;
			st.addAccount(k, Number(b.credits ?? 20), b.name ?? 'Sandbox User');
			return { status: 201, body: { api_key: k, credits: st.available(k) } };
		},
	});
	admin.add('POST', '/_sandbox/perfectparser/credits', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const k = b.api_key ?? PP_DEMO_KEY;
			if (!st.accounts.has(k)) throw new HttpError(404, { error: 'unknown api_key' });
			st.setCredits(k, Number(b.credits ?? 0));
			return { status: 200, body: { api_key: k, credits: st.available(k) } };
		},
	});
	// A webhook as the dashboard adds it (Integrations → Webhooks): batch.* events, optional parser scope.
	admin.add('POST', '/_sandbox/perfectparser/dashboard-webhooks', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const k = b.api_key ?? PP_DEMO_KEY;
			if (!st.accounts.has(k)) throw new HttpError(404, { error: 'unknown api_key' });
			const all = ['batch.completed', 'batch.failed', 'batch.partial'];
			const events: string[] = Array.isArray(b.events) ? b.events : all;
			if (typeof b.url !== 'string' || events.length === 0 || events.some((e) => !all.includes(e))) throw new HttpError(400, { error: `url and events (a subset of ${all.join(', ')}) are required` });
			const w: PpWebhook = {
				webhook_id: ppId('wh'),
				account: k,
				url: b.url,
				events,
				is_active: true,
				secret: b.secret ?? null,
				signing_secret: b.signing_secret ?? `wh_sec_${randomBytes(16).toString('hex')}`,
				deleted: false,
				created_at: Date.now(),
				seq: ++st.seq,
				deliveries: [],
				dashboard: true,
				parser_id: b.parser_id ?? null,
			};
			st.webhooks.set(w.webhook_id, w);
			return { status: 201, body: { webhook: { webhook_id: w.webhook_id, url: w.url, events: w.events, parser_id: w.parser_id, signing_secret: w.signing_secret } } };
		},
	});
	admin.add('POST', '/_sandbox/perfectparser/parsers', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const k = b.api_key ?? PP_DEMO_KEY;
			if (!st.accounts.has(k)) throw new HttpError(404, { error: 'unknown api_key' });
			const p = st.addParser(k, { parser_id: b.parser_id, name: b.name ?? `Parser ${st.seq + 1}`, description: b.description, result_mode: b.result_mode, fields: b.fields, schema: b.schema });
			seqOf(env, p);
			return { status: 201, body: { parser: st.parserOut(p) } };
		},
	});
}
