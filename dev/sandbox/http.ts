/** Request context, replies and errors shared by every service module. Handlers return a Reply
 * instead of writing to the socket so the server can apply "after handling" faults uniformly. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlobStore, StoredBlob } from './blobs';
import { parseMultipart, MultipartResult } from './multipart';

export type ServiceName = 'raydocs' | 'llamacloud' | 'perfectparser' | 'openai' | 'storage' | 'admin';

export interface Reply {
	status: number;
	/** JSON-serialised unless it is a Buffer or string. */
	body?: unknown;
	headers?: Record<string, string | number>;
}

export class HttpError extends Error {
	constructor(
		public status: number,
		public body: unknown,
		public headers: Record<string, string | number> = {},
	) {
		super(typeof body === 'string' ? body : JSON.stringify(body));
	}
}

export interface Ctx {
	req: IncomingMessage;
	res: ServerResponse;
	service: ServiceName;
	method: string;
	/** Path after the service prefix, e.g. `/extractions/sessions/abc`. */
	path: string;
	query: URLSearchParams;
	params: Record<string, string>;
	/** Full URL base of the sandbox, e.g. http://127.0.0.1:4010 */
	baseUrl: string;
	/** Route pattern incl. prefix, as counted in stats. */
	route: string;
	/** Set by the auth step of a service. */
	auth?: unknown;
	json(): Promise<any>;
	raw(): Promise<Buffer>;
	multipart(): Promise<MultipartResult>;
	/** Streams the raw body into the blob store (no double buffering). */
	bodyToBlob(contentType: string, filename: string): Promise<StoredBlob>;
}

export const MAX_JSON_BYTES = 20 * 1024 * 1024;

export function makeCtxBody(
	req: IncomingMessage,
	blobs: BlobStore,
	invalidJson: () => HttpError,
): Pick<Ctx, 'json' | 'raw' | 'multipart' | 'bodyToBlob'> {
	let rawP: Promise<Buffer> | undefined;
	const raw = () => (rawP ??= readAll(req, MAX_JSON_BYTES));
	return {
		raw,
		async json() {
			const b = await raw();
			if (b.length === 0) return {};
			try {
				return JSON.parse(b.toString('utf8'));
			} catch {
				throw invalidJson();
			}
		},
		multipart: () => parseMultipart(req, blobs),
		bodyToBlob: (contentType, filename) => blobs.fromStream(req, { contentType, filename }),
	};
}

export function readAll(req: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > limit) {
				reject(new HttpError(413, { message: 'Payload too large' }));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export const nowIso = (ms = Date.now()) => new Date(ms).toISOString();
/** Raydocs examples use second precision with Z. */
export const isoSec = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function intParam(v: string | null, def: number, min: number, max: number): number {
	if (v === null || v === '') return def;
	const n = Number(v);
	if (!Number.isFinite(n)) return def;
	return Math.min(max, Math.max(min, Math.trunc(n)));
}

/** Returns the value as bool when given as true/false/1/0 strings or booleans. */
export function boolish(v: unknown, def = false): boolean {
	if (typeof v === 'boolean') return v;
	if (typeof v === 'string') return ['true', '1', 'yes', 'on'].includes(v.toLowerCase());
	if (typeof v === 'number') return v !== 0;
	return def;
}
