/** Per-job webhooks: the configurations a job names (inline or saved), and their signed delivery. */
import { createHmac, randomUUID } from 'node:crypto';
import type { Ctx } from '../http';
import { notFound, v422 } from './errors';
import { proj, type LlEnv } from './env';
import type { WebhookConf } from './state';

export const webhookConfs = (env: LlEnv, v: unknown, ids: unknown, ctx: Ctx): WebhookConf[] => {
	const { st } = env;
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

/** Delivers an event to each configuration subscribed to it. Payload shape is undocumented; we send {event_id, event_type, created_at, data}. */
export const fire = (env: LlEnv, confs: WebhookConf[], event: string, data: Record<string, unknown>) => {
	const { core } = env;
	for (const c of confs) {
		if (c.webhook_events && c.webhook_events.length && !c.webhook_events.includes(event)) continue;
		const payload = { event_id: randomUUID(), event_type: event, created_at: new Date().toISOString(), data: c.webhook_output_format === 'string' ? JSON.stringify(data) : data };
		const body = JSON.stringify(payload);
		const signature: Record<string, string> = c.webhook_signing_secret ? { 'LC-Signature': `sha256=${createHmac('sha256', c.webhook_signing_secret).update(body).digest('hex')}` } : {};
		const headers = { 'Content-Type': 'application/json', 'User-Agent': 'LlamaCloud-Webhooks (sandbox)', ...(c.webhook_headers ?? {}), ...signature };
		env.st.sentWebhooks.push({ event_id: payload.event_id, event_type: event, job_id: data.job_id, url: c.webhook_url, headers, body });
		env.st.sentWebhooks.splice(0, Math.max(0, env.st.sentWebhooks.length - 200));
		void core.webhooks.deliver({ url: c.webhook_url, headers, body });
	}
};

/**
 * Sends a delivery again exactly as it was (same bytes, same LC-Signature), as a sender retrying
 * after a lost answer or someone replaying a captured request would: the newest, or the one with
 * this event id. Undefined when there is none.
 */
export const redeliver = (env: LlEnv, eventId?: string) => {
	const sent = env.st.sentWebhooks;
	const one = eventId ? sent.find((d) => d.event_id === eventId) : sent[sent.length - 1];
	if (!one) return undefined;
	void env.core.webhooks.deliver({ url: one.url, headers: one.headers, body: one.body });
	return one;
};
