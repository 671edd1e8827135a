/** The HTTP front: service prefixes, admin endpoints, faults, rate limits, auth, stats, and the
 * writing of replies (so "reset after handling" and "slow body" work for every route). */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core, RouteDef, Service } from './core';
import { FaultEngine } from './faults';
import { Ctx, HttpError, makeCtxBody, Reply, ServiceName } from './http';
import { MultipartError } from './multipart';
import { Router } from './router';
import { s3Error } from './storage';

export interface AdminDeps {
	router: Router<RouteDef>;
}

export class SandboxServer {
	server: Server;
	private sockets = new Set<import('node:net').Socket>();

	constructor(
		private core: Core,
		private services: Service[],
		private admin: Router<RouteDef>,
		public faults: FaultEngine,
	) {
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((e) => {
				console.error('[sandbox] unhandled', e);
				if (!res.headersSent) {
					res.statusCode = 500;
					res.end('{"message":"Server Error"}');
				}
			});
		});
		this.server.keepAliveTimeout = 5000;
		this.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
	}

	listen(port: number, host: string): Promise<AddressInfo> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => resolve(this.server.address() as AddressInfo));
		});
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			for (const s of this.sockets) s.destroy();
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const method = (req.method ?? 'GET').toUpperCase();
		const fullPath = url.pathname;

		if (fullPath.startsWith('/_sandbox/') || fullPath === '/_sandbox') {
			const m = this.admin.match(method, fullPath);
			const ctx = this.ctx(req, res, 'admin', method, fullPath, url.searchParams, {}, fullPath);
			let reply: Reply;
			if (!m) reply = { status: 404, body: { error: `No admin route ${method} ${fullPath}` } };
			else if (m === 'method') reply = { status: 405, body: { error: 'Method not allowed' } };
			else {
				ctx.params = m.params;
				ctx.route = m.route.pattern;
				reply = await this.run(ctx, m.route, (status, message) => ({ error: message, status }));
			}
			return this.write(res, reply);
		}

		if (fullPath.startsWith('/_storage/')) {
			const key = fullPath.slice('/_storage/'.length);
			const route = '/_storage/' + (key.startsWith('tmp/') ? 'tmp/:uuid' : 'files/:id/:filename');
			const d = this.faults.decide('storage', method, route, fullPath);
			if (await this.applyBefore(d, req, res, 'storage', method, route, (s, msg) => s3Error(s, 'ServiceUnavailable', msg).body as string)) return;
			let reply: Reply;
			try {
				reply = await this.core.storage.handle(req, method, decodeURIComponent(key), url.searchParams);
			} catch (e) {
				reply = s3Error(500, 'InternalError', String((e as Error).message));
			}
			this.core.stats.request('storage', method, route, reply.status);
			return this.finish(d, res, reply);
		}

		const svc = this.services.find((s) => fullPath === s.prefix || fullPath.startsWith(s.prefix + '/'));
		if (!svc) {
			return this.write(res, { status: 404, body: { message: `Unknown path ${fullPath}. Services live under /raydocs, /llamacloud, /perfectparser.` } });
		}
		const path = fullPath.slice(svc.prefix.length) || '/';
		const m = svc.router.match(method, path);
		const route = m && m !== 'method' ? svc.prefix + m.route.pattern : '(unmatched)';
		const ctx = this.ctx(req, res, svc.name, method, path, url.searchParams, m && m !== 'method' ? m.params : {}, route);

		const d = this.faults.decide(svc.name, method, route, fullPath);
		if (await this.applyBefore(d, req, res, svc.name, method, route, (s, msg) => svc.errorBody(s, msg))) return;

		const def = m && m !== 'method' ? m.route : undefined;
		const rl = this.core.opts.rateLimits.enabled ? svc.rateLimit(ctx, def) : { headers: {} };
		let reply: Reply;
		if (rl.reject) {
			this.core.stats.rateLimited(svc.name);
			req.resume();
			reply = rl.reject;
		} else if (!m) {
			req.resume();
			reply = { status: 404, body: svc.errorBody(404, svc.name === 'raydocs' ? `The route ${path.slice(1)} could not be found.` : 'Not Found') };
		} else if (m === 'method') {
			req.resume();
			reply = { status: 405, body: svc.errorBody(405, `The ${method} method is not supported for route ${path.slice(1)}.`) };
		} else {
			reply = await this.run(ctx, m.route, (s, msg, code) => svc.errorBody(s, msg, code), () => svc.authenticate(ctx, m.route));
		}
		reply.headers = { ...rl.headers, ...(reply.headers ?? {}) };
		this.core.stats.request(svc.name, method, route, reply.status);
		return this.finish(d, res, reply);
	}

	private ctx(
		req: IncomingMessage,
		res: ServerResponse,
		service: ServiceName,
		method: string,
		path: string,
		query: URLSearchParams,
		params: Record<string, string>,
		route: string,
	): Ctx {
		return {
			req,
			res,
			service,
			method,
			path,
			query,
			params,
			route,
			baseUrl: this.core.baseUrl(),
			...makeCtxBody(req, this.core.blobs, () => new HttpError(400, { __invalidJson: true })),
		};
	}

	private async run(
		ctx: Ctx,
		def: RouteDef,
		errorBody: (status: number, message: string, code?: string) => unknown,
		auth?: () => void,
	): Promise<Reply> {
		try {
			if (auth && !def.noAuth) auth();
			return await def.handler(ctx);
		} catch (e) {
			if (e instanceof HttpError) {
				ctx.req.resume();
				if (e.body && typeof e.body === 'object' && '__invalidJson' in e.body) {
					return { status: 400, body: errorBody(400, 'Malformed JSON body', 'INVALID_PAYLOAD') };
				}
				return { status: e.status, body: e.body, headers: e.headers };
			}
			if (e instanceof MultipartError) {
				ctx.req.resume();
				return { status: 400, body: errorBody(400, e.message, 'INVALID_PAYLOAD') };
			}
			console.error('[sandbox] handler error', ctx.method, ctx.route, e);
			return { status: 500, body: errorBody(500, 'Server Error') };
		}
	}

	/** Returns true when the request was fully answered (or dropped) by a fault. */
	private async applyBefore(
		d: ReturnType<FaultEngine['decide']>,
		req: IncomingMessage,
		res: ServerResponse,
		service: string,
		method: string,
		route: string,
		errorBody: (status: number, message: string) => unknown,
	): Promise<boolean> {
		for (const k of d.fired) this.core.stats.fault(k);
		if (d.latencyMs > 0) await sleep(d.latencyMs);
		if (!d.before) return false;
		if (d.before.kind === 'reset') {
			this.core.stats.request(service, method, route, 0);
			req.socket.destroy();
			return true;
		}
		req.resume();
		if (d.before.kind === 'rate_limit') {
			const sec = d.before.retryAfterSec;
			this.core.stats.request(service, method, route, 429);
			this.write(res, {
				status: 429,
				body: errorBody(429, 'Too Many Attempts.'),
				headers: { 'Retry-After': sec, 'X-RateLimit-Remaining': 0, 'X-RateLimit-Reset': Math.ceil(Date.now() / 1000) + sec },
			});
			return true;
		}
		const st = d.before.status;
		this.core.stats.request(service, method, route, st);
		this.write(res, {
			status: st,
			body: errorBody(st, st === 502 ? 'Bad Gateway' : st === 503 ? 'Service Unavailable' : 'Server Error'),
			headers: d.before.retryAfterSec ? { 'Retry-After': d.before.retryAfterSec } : {},
		});
		return true;
	}

	private async finish(d: ReturnType<FaultEngine['decide']>, res: ServerResponse, reply: Reply): Promise<void> {
		if (d.after?.kind === 'reset') {
			// the work is done, the response is lost
			res.socket?.destroy();
			return;
		}
		if (d.after?.kind === 'slow') return this.writeSlow(res, reply, d.after.ms);
		return this.write(res, reply);
	}

	private encode(reply: Reply): { buf: Buffer; headers: Record<string, string | number> } {
		const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
		let buf: Buffer;
		if (reply.body === undefined || reply.status === 204) buf = Buffer.alloc(0);
		else if (Buffer.isBuffer(reply.body)) buf = reply.body;
		else if (typeof reply.body === 'string') {
			buf = Buffer.from(reply.body);
			if (!hasHeader(headers, 'content-type') && /^<!DOCTYPE html/i.test(reply.body)) headers['Content-Type'] = 'text/html; charset=utf-8';
		}
		else {
			buf = Buffer.from(JSON.stringify(reply.body));
			if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
		}
		return { buf, headers };
	}

	private write(res: ServerResponse, reply: Reply): void {
		if (res.writableEnded || res.destroyed) return;
		const { buf, headers } = this.encode(reply);
		res.writeHead(reply.status, { ...headers, 'Content-Length': buf.length });
		res.end(buf);
	}

	private async writeSlow(res: ServerResponse, reply: Reply, ms: number): Promise<void> {
		const { buf, headers } = this.encode(reply);
		res.writeHead(reply.status, { ...headers, 'Content-Length': buf.length });
		const parts = Math.max(1, Math.min(10, buf.length));
		const size = Math.ceil(buf.length / parts);
		for (let i = 0; i < parts; i++) {
			if (res.destroyed) return;
			res.write(buf.subarray(i * size, (i + 1) * size));
			await sleep(ms / parts);
		}
		res.end();
	}
}

function hasHeader(h: Record<string, unknown>, name: string): boolean {
	return Object.keys(h).some((k) => k.toLowerCase() === name);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
