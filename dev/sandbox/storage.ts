/** Stand-in for S3 presigned URLs (Raydocs' Vapor flow) and for signed download URLs.
 * Upload URL: PUT /_storage/tmp/<uuid>?expires=<unix s>&signature=<hmac>, signature = HMAC-SHA256
 * over "PUT\n<key>\n<content-type>\n<expires>". No Authorization is needed (and it is ignored if
 * present; stats record that it was sent). */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BlobStore, StoredBlob } from './blobs';
import type { Reply } from './http';
import type { Stats } from './stats';

export class SignedStorage {
	private secret = randomBytes(32);
	private objects = new Map<string, StoredBlob>();
	/** Status of an expired GET link per key, when it is not S3's 403 (workflow-run files: 401). */
	private expiredStatus = new Map<string, number>();

	constructor(
		private blobs: BlobStore,
		private stats: Stats,
	) {}

	private sign(method: string, key: string, contentType: string, expires: number): string {
		return createHmac('sha256', this.secret).update(`${method}\n${key}\n${contentType}\n${expires}`).digest('hex');
	}

	/** `filename` (undocumented, optional) becomes a key suffix like the docs' `tmp/<uuid>-invoice.pdf`. */
	createUpload(baseUrl: string, contentType: string, ttlMs: number, filename?: string) {
		const uuid = randomUUID();
		const safe = filename ? `-${filename.replace(/[^A-Za-z0-9._-]+/g, '_')}` : '';
		const key = `tmp/${uuid}${safe}`;
		const expires = Math.floor((Date.now() + ttlMs) / 1000);
		const signature = this.sign('PUT', key, contentType.toLowerCase(), expires);
		return {
			uuid,
			key,
			url: `${baseUrl}/_storage/${key}?expires=${expires}&signature=${signature}`,
			headers: { 'Content-Type': contentType },
		};
	}

	/** Signed GET URL for any stored blob (document downloads, workflow files). */
	downloadUrl(baseUrl: string, blob: StoredBlob, ttlMs: number, opts: { expiredStatus?: number } = {}): { url: string; expires_at: string } {
		const key = `files/${blob.id}/${encodeURIComponent(blob.filename)}`;
		this.objects.set(key, blob);
		if (opts.expiredStatus) this.expiredStatus.set(key, opts.expiredStatus);
		const expires = Math.floor((Date.now() + ttlMs) / 1000);
		const signature = this.sign('GET', key, '', expires);
		return {
			url: `${baseUrl}/_storage/${key}?expires=${expires}&signature=${signature}`,
			expires_at: new Date(expires * 1000).toISOString(),
		};
	}

	get(key: string): StoredBlob | undefined {
		return this.objects.get(key);
	}

	put(key: string, blob: StoredBlob): void {
		this.objects.set(key, blob);
	}

	clear(): void {
		this.objects.clear();
		this.expiredStatus.clear();
	}

	private check(method: string, key: string, contentType: string, q: URLSearchParams): Reply | undefined {
		const expires = Number(q.get('expires'));
		const sig = q.get('signature') ?? '';
		const want = this.sign(method, key, contentType, expires);
		const ok = sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want));
		if (!ok) return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
		if (!Number.isFinite(expires) || Date.now() / 1000 > expires) return s3Error(this.expiredStatus.get(key) ?? 403, 'AccessDenied', 'Request has expired');
		return undefined;
	}

	async handle(req: IncomingMessage, method: string, key: string, q: URLSearchParams): Promise<Reply> {
		if (method === 'PUT') {
			this.stats.raw.storage.puts++;
			if (req.headers.authorization !== undefined) this.stats.raw.storage.putsWithAuthorization++;
			const ctype = String(req.headers['content-type'] ?? '').trim().toLowerCase();
			const bad = this.check('PUT', key, ctype, q);
			if (bad) {
				// Same signature but other Content-Type fails the check too, as with S3.
				this.stats.raw.storage.rejectedPuts++;
				req.resume();
				return bad;
			}
			const filename = key.split('/').pop()!.replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-?/, '');
			const blob = await this.blobs.fromStream(req, { contentType: ctype, filename });
			this.objects.set(key, blob);
			return { status: 200, body: '', headers: { ETag: `"${blob.sha256.slice(0, 32)}"` } };
		}
		if (method === 'GET' || method === 'HEAD') {
			this.stats.raw.storage.gets++;
			const bad = this.check('GET', key, '', q);
			if (bad) return bad;
			const blob = this.objects.get(key);
			if (!blob) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
			return {
				status: 200,
				body: method === 'HEAD' ? '' : this.blobs.bytes(blob),
				headers: {
					'Content-Type': blob.contentType || 'application/octet-stream',
					'Content-Disposition': `attachment; filename="${blob.filename.replace(/"/g, '')}"`,
				},
			};
		}
		return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
	}
}

export function s3Error(status: number, code: string, message: string): Reply {
	return {
		status,
		body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
		headers: { 'Content-Type': 'application/xml' },
	};
}
