/** Service-neutral admin endpoints under /_sandbox (no auth, no faults, not rate limited). */
import type { RouteDef } from './core';
import type { FaultConfig } from './faults';
import { HttpError, readAll } from './http';
import type { Router } from './router';
import type { Sinks } from './webhooks';

export interface AdminHooks {
	reset(): void;
	stats(): unknown;
	setFaults(f: FaultConfig): void;
	faults(): unknown;
	advance(): number;
	pending(): number;
	info(): unknown;
	sinks: Sinks;
}

export function registerAdmin(a: Router<RouteDef>, h: AdminHooks): void {
	a.add('GET', '/_sandbox', { handler: () => ({ status: 200, body: h.info() }) });
	a.add('POST', '/_sandbox/reset', {
		handler: () => {
			h.reset();
			return { status: 200, body: { reset: true } };
		},
	});
	a.add('GET', '/_sandbox/stats', { handler: () => ({ status: 200, body: h.stats() }) });
	a.add('GET', '/_sandbox/faults', { handler: () => ({ status: 200, body: h.faults() }) });
	a.add('POST', '/_sandbox/faults', {
		handler: async (ctx) => {
			const b = (await ctx.json()) as FaultConfig;
			try {
				h.setFaults(b);
			} catch (e) {
				throw new HttpError(400, { error: (e as Error).message });
			}
			return { status: 200, body: h.faults() };
		},
	});
	a.add('DELETE', '/_sandbox/faults', {
		handler: () => {
			h.setFaults({ rules: [] });
			return { status: 200, body: h.faults() };
		},
	});
	/** Runs every pending async step now (parsing, extraction, webhook retries, timed completions). */
	a.add('POST', '/_sandbox/advance', { handler: () => ({ status: 200, body: { ran: h.advance(), pending: h.pending() } }) });

	const sinkPost = async (ctx: Parameters<RouteDef['handler']>[0]) => {
		const raw = await readAll(ctx.req, 50 * 1024 * 1024);
		const body = raw.toString('utf8');
		let json: unknown = null;
		try {
			json = JSON.parse(body);
		} catch {
			/* not JSON */
		}
		const status = h.sinks.record(
			ctx.params.name,
			{ method: ctx.method, path: ctx.path, query: Object.fromEntries(ctx.query), headers: ctx.req.headers, body, json, received_at: new Date().toISOString() },
			ctx.query,
		);
		return { status, body: { received: true } };
	};
	for (const m of ['POST', 'PUT', 'PATCH']) a.add(m, '/_sandbox/sink/:name', { handler: sinkPost });
	a.add('GET', '/_sandbox/sink/:name', {
		handler: (ctx) => {
			const list = h.sinks.get(ctx.params.name);
			return { status: 200, body: { name: ctx.params.name, count: list.length, requests: list } };
		},
	});
	a.add('DELETE', '/_sandbox/sink/:name', {
		handler: (ctx) => {
			h.sinks.delete(ctx.params.name);
			return { status: 204 };
		},
	});
}
