/** Raydocs signed upload URL, legacy session-document endpoints and workspace documents. */
import { get } from 'node:http';
import type { StoredBlob } from '../blobs';
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import type { Router } from '../router';
import { isLoopbackUrl } from '../webhooks';
import { auth, notFound, paginate, RdEnv, validation, workspaceFor } from './access';
import { blobForKey, filenameForKey } from './sessions';
import type { RdDocument } from './state';

const TEN_MINUTES = 10 * 60_000;

export function registerDocuments(r: Router<RouteDef>, env: RdEnv): void {
	const { st, core } = env;

	r.add('POST', '/vapor/signed-storage-url', {
		abilities: [], // any valid token
		handler: async (ctx) => {
			const b = await ctx.json();
			// content_type: required with PDF/PNG/JPEG only (API reference) or optional with an
			// octet-stream default (cookbook). Optional here; strictContentTypes refuses other types.
			const ct = typeof b.content_type === 'string' && b.content_type ? b.content_type : 'application/octet-stream';
			if (st.variant.strictContentTypes && b.content_type !== undefined && !['application/pdf', 'image/png', 'image/jpeg'].includes(String(b.content_type).toLowerCase())) {
				throw validation({ content_type: ['The selected content type is invalid.'] });
			}
			const up = core.storage.createUpload(ctx.baseUrl, ct, core.opts.signedUrlTtlMs, typeof b.filename === 'string' ? b.filename : undefined);
			core.stats.created('raydocs', 'signedUrls');
			return { status: 200, body: up };
		},
	});

	// ---- legacy documents (same id space as workspace documents)
	const legacyDoc = (ctx: Ctx, write = false): RdDocument => {
		const d = st.documents.get(ctx.params.documentId);
		if (!d) throw notFound('Document');
		workspaceFor(env, ctx, d.workspace_id, { write });
		return d;
	};
	r.add('GET', '/extractions/documents/:documentId', { abilities: ['sessions-read'], handler: (ctx) => ({ status: 200, body: st.docOut(legacyDoc(ctx)) }) });
	r.add('GET', '/extractions/documents/:documentId/url', {
		abilities: ['sessions-read'],
		handler: (ctx) => ({ status: 200, body: core.storage.downloadUrl(ctx.baseUrl, legacyDoc(ctx).blob, TEN_MINUTES) }),
	});
	r.add('DELETE', '/extractions/documents/:documentId', {
		abilities: ['sessions-write'],
		handler: (ctx) => {
			const d = legacyDoc(ctx, true);
			st.documents.delete(d.id);
			for (const id of d.chunkIds) st.chunks.delete(id);
			for (const s of st.sessions.values()) s.documentIds = s.documentIds.filter((x) => x !== d.id);
			return { status: 204 };
		},
	});
	r.add('GET', '/extractions/documents/:documentId/chunks', {
		abilities: ['sessions-read'],
		handler: (ctx) => {
			const d = legacyDoc(ctx);
			if (d.status !== 'processed') return { status: 422, body: { message: 'The document has not been processed yet.', errors: { document: ['The document has not been processed yet.'] } } };
			// Three shapes are documented; we return the current `.md` bare array with blocks,
			// plus the legacy `content`/`page_numbers` keys on each chunk.
			const list = d.chunkIds.map((id) => {
				const c = st.chunks.get(id)!;
				return {
					id: c.id,
					document_id: c.document_id,
					chunk_index: c.chunk_index,
					content: c.lines.join('\n'),
					page_numbers: [c.page],
					token_count: c.lines.join(' ').split(/\s+/).length,
					blocks: c.lines.map((l, i) => ({ block_id: `doc:page:${c.page}:block:${i}`, type: 'paragraph', content: l, page_ref: `Page ${c.page}`, meta: {} })),
				};
			});
			return { status: 200, body: list };
		},
	});

	// ---- workspace documents
	r.add('GET', '/workspaces/:workspaceId/documents', {
		abilities: ['documents-read'],
		handler: (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId);
			const q = ctx.query;
			let list = [...st.documents.values()].filter((d) => d.workspace_id === ws.id);
			const text = q.get('query')?.toLowerCase();
			if (text) list = list.filter((d) => d.filename.toLowerCase().includes(text) || (d.source_url ?? '').toLowerCase().includes(text) || d.blob.sha256.includes(text));
			if (q.get('mime')) list = list.filter((d) => d.mime === q.get('mime'));
			// ignoreStatusFilter: a server that answers every status whatever the filter says
			if (q.get('status') && !st.variant.ignoreStatusFilter) list = list.filter((d) => st.docStatus(d) === q.get('status'));
			if (q.get('source_type')) list = list.filter((d) => d.source_type === q.get('source_type'));
			const sort = q.get('sort') ?? 'created_at';
			if (!['created_at', 'filename', 'size', 'status'].includes(sort)) throw validation({ sort: ['The selected sort is invalid.'] });
			const order = (q.get('order') ?? 'desc').toLowerCase();
			if (!['asc', 'desc'].includes(order)) throw validation({ order: ['The selected order is invalid.'] });
			const key = (d: RdDocument): string | number => (sort === 'filename' ? d.filename : sort === 'size' ? d.blob.size : sort === 'status' ? d.status : d.created_at);
			list.sort((a, b) => {
				const ka = key(a);
				const kb = key(b);
				const c = ka < kb ? -1 : ka > kb ? 1 : a.id.localeCompare(b.id);
				return order === 'asc' ? c : -c;
			});
			const p = paginate(list, ctx, 15, 100);
			return { status: 200, body: { ...p, data: p.data.map((d) => st.docOut(d)) } };
		},
	});

	const createResponse = (doc: RdDocument, reused: boolean) => ({
		status: reused ? 200 : 201,
		body: {
			document: st.docOut(doc),
			dedup: { reused, matched_by: reused ? 'sha256' : null },
			document_ref: st.docRef(doc),
		},
	});

	r.add('POST', '/workspaces/:workspaceId/documents', {
		abilities: ['documents-write'],
		handler: async (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { write: true });
			const b = await ctx.json();
			if (typeof b.key !== 'string') throw validation({ key: ['The key field is required.'] });
			const blob = blobForKey(env, b.key, 'key');
			if (typeof b.mime === 'string' && b.mime) blob.contentType = b.mime;
			const { doc, reused } = st.addDocument(ws.id, blob, typeof b.filename === 'string' && b.filename ? b.filename : filenameForKey(env, b.key, blob), { type: 'upload' });
			return createResponse(doc, reused);
		},
	});

	// Literal colon in the path. The sandbox has no network: loopback URLs are fetched, any other URL
	// becomes a small synthetic text document (deterministic from the URL).
	r.add('POST', '/workspaces/:workspaceId/documents:importUrl', {
		abilities: ['documents-write'],
		handler: async (ctx) => {
			const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { write: true });
			const b = await ctx.json();
			let u: URL | undefined;
			try {
				u = new URL(b.url);
			} catch {
				/* invalid */
			}
			if (!u || !/^https?:$/.test(u.protocol)) throw validation({ url: ['The url field must be a valid URL.'] });
			const filename = typeof b.filename === 'string' && b.filename ? b.filename : u.pathname.split('/').pop() || 'document';
			let blob: StoredBlob;
			if (isLoopbackUrl(u.href) && u.protocol === 'http:') {
				const bytes = await fetchLoopback(u.href).catch(() => undefined);
				if (!bytes) throw validation({ url: ['The URL could not be downloaded.'] });
				blob = core.blobs.fromBuffer(bytes, { contentType: '', filename });
			} else {
				blob = core.blobs.fromBuffer(Buffer.from(`Imported document\nSource URL: ${u.href}\nFilename: ${filename}\n`), { contentType: 'text/plain', filename });
			}
			const { doc, reused } = st.addDocument(ws.id, blob, filename, { type: 'url', url: u.href });
			return createResponse(doc, reused);
		},
	});

	const wsDoc = (ctx: Ctx, write = false): RdDocument => {
		const { ws } = workspaceFor(env, ctx, ctx.params.workspaceId, { write });
		const d = st.documents.get(ctx.params.documentId);
		if (!d || d.workspace_id !== ws.id) throw notFound('Document');
		return d;
	};

	r.add('GET', '/workspaces/:workspaceId/documents/:documentId', { abilities: ['documents-read'], handler: (ctx) => ({ status: 200, body: st.docOut(wsDoc(ctx)) }) });
	r.add('GET', '/workspaces/:workspaceId/documents/:documentId/url', {
		abilities: ['workspaces-read', 'documents-read'],
		handler: (ctx) => ({ status: 200, body: core.storage.downloadUrl(ctx.baseUrl, wsDoc(ctx).blob, TEN_MINUTES) }),
	});
	r.add('POST', '/workspaces/:workspaceId/documents/:documentId/reparse', {
		abilities: ['documents-write'],
		handler: async (ctx) => {
			const d = wsDoc(ctx, true);
			const b = await ctx.json();
			if (typeof b.config_hash !== 'string' || b.config_hash.length !== 64) throw validation({ config_hash: ['The config hash field must be 64 characters.'] });
			const force = b.force === true;
			const ready = d.parsings.find((p) => p.config_hash === b.config_hash && p.status === 'ready');
			if (ready && !force) return { status: 200, body: { document: st.docOut(d), parsing: { ...ready, updated_at: new Date(ready.updated_at).toISOString() } } };
			if (d.status === 'processed') d.status = 'uploaded';
			st.ensureParsed(d, b.config_hash, undefined, force);
			const p = d.parsings[d.parsings.length - 1];
			if (typeof b.parser_version === 'string' && p) p.parser_version = b.parser_version;
			return { status: 202, body: { document: st.docOut(d), parsing: p ? { ...p, updated_at: new Date(p.updated_at).toISOString() } : null } };
		},
	});
	void auth;
}

function fetchLoopback(url: string): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		get(url, (res) => {
			if ((res.statusCode ?? 500) >= 400) {
				res.resume();
				return reject(new Error(`HTTP ${res.statusCode}`));
			}
			const chunks: Buffer[] = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve(Buffer.concat(chunks)));
		}).on('error', reject);
	});
}
