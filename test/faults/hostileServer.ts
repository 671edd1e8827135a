/**
 * A small hostile HTTP server for the fault suite: listens on 127.0.0.1 only, records every request
 * (method, path, headers, body), answers from the test's handler, and is bounded — past
 * `maxRequests` it answers 503 and closes the connection, after `lifetimeMs` it stops itself, and a
 * request body beyond `maxBodyBytes` is cut off.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export interface RecordedRequest {
	method: string;
	/** Path and query as sent. */
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface HostileReply {
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

export type HostileHandler = (request: RecordedRequest) => HostileReply | Promise<HostileReply>;

export interface HostileServer {
	/** `http://127.0.0.1:<port>` */
	url: string;
	requests: RecordedRequest[];
	/** Replaces the handler (the server keeps its port and its record). */
	handle(handler: HostileHandler): void;
	close(): Promise<void>;
}

export interface HostileOptions {
	maxRequests?: number;
	lifetimeMs?: number;
	maxBodyBytes?: number;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = chunk as Buffer;
		if (size < limit) chunks.push(buffer.subarray(0, limit - size));
		size += buffer.length;
	}
	return Buffer.concat(chunks);
}

export async function startHostileServer(handler: HostileHandler, options: HostileOptions = {}): Promise<HostileServer> {
	const maxRequests = options.maxRequests ?? 500;
	const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
	let current = handler;
	const requests: RecordedRequest[] = [];
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			const body = await readBody(req, maxBodyBytes);
			const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
			requests.push(recorded);
			if (requests.length > maxRequests) {
				res.writeHead(503, { Connection: 'close', 'Content-Type': 'text/plain' });
				res.end('hostile server: request bound reached');
				return;
			}
			let reply: HostileReply;
			try {
				reply = await current(recorded);
			} catch (error) {
				reply = { status: 500, body: `handler failed: ${(error as Error).message}` };
			}
			res.writeHead(reply.status, reply.headers ?? {});
			res.end(reply.body ?? '');
		})();
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	let closed = false;
	const close = async (): Promise<void> => {
		if (closed) return;
		closed = true;
		clearTimeout(timer);
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	const timer = setTimeout(() => void close(), options.lifetimeMs ?? 120_000);
	timer.unref();
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		handle(next) {
			current = next;
		},
		close,
	};
}

/** The request's headers as one line of text, the way a careless server echoes them back. */
export function echoHeaders(request: RecordedRequest): string {
	return Object.entries(request.headers)
		.map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
		.join('; ');
}
