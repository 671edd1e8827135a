/** Files: beta (`/api/v1/beta/files`, `dfl-` ids) and legacy (`/api/v1/files`) uploads, lists, content URLs. */
import { randomUUID } from 'node:crypto';
import type { RouteDef } from '../core';
import { Ctx, intParam, Reply } from '../http';
import { boundaryOf } from '../multipart';
import type { Router } from '../router';
import { cursorList } from './cursorPages';
import { detail, notFound, v422 } from './errors';
import { iso, proj, type LlEnv } from './env';
import { fileType, type LlFile } from './state';

export const fileOut = (f: LlFile) =>
	f.legacy
		? { id: f.id, name: f.blob.filename, project_id: f.project_id, file_size: f.blob.size, file_type: fileType(f.blob.filename), purpose: f.purpose, external_file_id: f.external_file_id, created_at: iso(f.created_at), updated_at: iso(f.created_at), last_modified_at: null, resource_info: { sha256: f.blob.sha256, page_count: f.facts.pageCount }, permission_info: null, data_source_id: null, expires_at: null }
		: { id: f.id, name: f.blob.filename, project_id: f.project_id, file_type: fileType(f.blob.filename), purpose: f.purpose, external_file_id: f.external_file_id, last_modified_at: null, expires_at: null, download_url: null, file_size: f.blob.size, created_at: iso(f.created_at) };

export const fileFor = (env: LlEnv, ctx: Ctx, id: string, loc: (string | number)[] = ['path', 'file_id']): LlFile => {
	const { st } = env;
	if (typeof id !== 'string') throw v422([{ loc, msg: 'Input should be a valid string', type: 'string_type', input: id }]);
	const f = st.files.get(id);
	if (!f || f.project_id !== proj(ctx).id) throw notFound(`File ${id}`);
	return f;
};

export const addFile = (env: LlEnv, ctx: Ctx, blob: LlFile['blob'], legacy: boolean, purpose: string | null, external: string | null): LlFile => {
	const { st, core } = env;
	const f: LlFile = { id: legacy ? randomUUID() : `dfl-${randomUUID()}`, project_id: proj(ctx).id, blob, facts: core.blobs.facts_(blob), purpose, external_file_id: external, legacy, created_at: Date.now(), seq: ++st.seq };
	st.files.set(f.id, f);
	core.stats.created('llamacloud', 'files');
	core.stats.document('llamacloud', blob.sha256);
	return f;
};

/** Uploads (multipart), lists and queries, metadata, content URLs, deletes. */
export function registerFiles(r: Router<RouteDef>, env: LlEnv): void {
	const { st, core } = env;
	const upload = (legacy: boolean) => async (ctx: Ctx): Promise<Reply> => {
		if (!boundaryOf(ctx.req.headers['content-type'])) throw v422([{ loc: ['body', legacy ? 'upload_file' : 'file'], msg: 'Field required' }]);
		const mp = await ctx.multipart();
		// legacy field is `upload_file`; `file` accepted there too (tolerance)
		const f = mp.files.find((x) => x.field === (legacy ? 'upload_file' : 'file')) ?? (legacy ? mp.files.find((x) => x.field === 'file') : undefined);
		const purpose = mp.fields.purpose?.[0] ?? null;
		const errs: { loc: string[]; msg: string }[] = [];
		if (!f) errs.push({ loc: ['body', legacy ? 'upload_file' : 'file'], msg: 'Field required' });
		if (!legacy && !purpose) errs.push({ loc: ['body', 'purpose'], msg: 'Field required' });
		if (errs.length) throw v422(errs);
		if (purpose && !['user_data', 'parse', 'extract', 'classify', 'split', 'sheet', 'agent_app'].includes(purpose)) throw v422([{ loc: ['body', 'purpose'], msg: 'Input should be a valid purpose', type: 'enum', input: purpose }]);
		if (f!.blob.size > 512 * 1024 * 1024) throw detail(413, 'File too large');
		const file = addFile(env, ctx, f!.blob, legacy, purpose, mp.fields.external_file_id?.[0] ?? null);
		return { status: legacy ? 200 : 201, body: fileOut(file) };
	};
	r.add('POST', '/api/v1/beta/files', { handler: upload(false) });
	r.add('POST', '/api/v1/files', { handler: upload(true) });
	r.add('GET', '/api/v1/files/:file_id', { handler: (ctx) => ({ status: 200, body: fileOut(fileFor(env, ctx, ctx.params.file_id)) }) });
	const listFiles = (ctx: Ctx, filter: { file_ids?: string[]; file_name?: string; external_file_id?: string }) => {
		let items = [...st.files.values()].filter((f) => f.project_id === proj(ctx).id);
		if (filter.file_ids?.length) items = items.filter((f) => filter.file_ids!.includes(f.id));
		if (filter.file_name) items = items.filter((f) => f.blob.filename === filter.file_name);
		if (filter.external_file_id) items = items.filter((f) => f.external_file_id === filter.external_file_id);
		const { page, next_page_token, total_size } = cursorList(items, ctx, 50, 1000);
		return { status: 200, body: { items: page.map(fileOut), next_page_token, total_size } };
	};
	r.add('GET', '/api/v1/beta/files', {
		handler: (ctx) => listFiles(ctx, { file_ids: [...ctx.query.getAll('file_ids'), ...ctx.query.getAll('file_ids[]')], file_name: ctx.query.get('file_name') ?? undefined, external_file_id: ctx.query.get('external_file_id') ?? undefined }),
	});
	r.add('POST', '/api/v1/beta/files/query', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const f = b.filter ?? b;
			if (b.page_size) ctx.query.set('page_size', String(b.page_size));
			if (b.page_token) ctx.query.set('page_token', String(b.page_token));
			return listFiles(ctx, { file_ids: f.file_ids, file_name: f.file_name, external_file_id: f.external_file_id });
		},
	});
	r.add('GET', '/api/v1/beta/files/:file_id', { handler: (ctx) => ({ status: 200, body: fileOut(fileFor(env, ctx, ctx.params.file_id)) }) });
	r.add('GET', '/api/v1/beta/files/:file_id/content', {
		handler: (ctx) => {
			const f = fileFor(env, ctx, ctx.params.file_id);
			const ttl = intParam(ctx.query.get('expires_at_seconds'), 3600, 1, 7 * 86400) * 1000;
			const u = core.storage.downloadUrl(ctx.baseUrl, f.blob, ttl);
			return { status: 200, body: { url: u.url, expires_at: u.expires_at, form_fields: null } };
		},
	});
	r.add('DELETE', '/api/v1/beta/files/:file_id', {
		handler: (ctx) => {
			st.files.delete(fileFor(env, ctx, ctx.params.file_id).id);
			return { status: 204 };
		},
	});
}
