/** Raydocs sessions, session documents, batch operations and results (extraction runs). */
import { randomUUID } from 'node:crypto';
import type { StoredBlob } from '../blobs';
import type { RouteDef } from '../core';
import { Ctx, HttpError } from '../http';
import { boundaryOf } from '../multipart';
import type { Router } from '../router';
import { buildXlsx, Cell, toCsv, XLSX_MIME } from '../xlsx';
import { isUuid, notFound, paginate, RdEnv, rdError, sessionFor, templateFor, validation } from './access';
import type { RdDocument, RdResult, RdSession, RdTemplate } from './state';

export const MAX_BATCH_FILES = 50;

/** Resolves a temporary storage key to its bytes; unknown keys are a validation error. */
export function blobForKey(env: RdEnv, key: unknown, field: string): StoredBlob {
	if (typeof key !== 'string' || !key) throw validation({ [field]: [`The ${field.replace(/\.\d+$/, '')} must be a string.`] });
	const blob = env.core.storage.get(key);
	if (!blob) throw validation({ [field]: [`The file key ${key} was not found in temporary storage. Upload it to the signed URL first.`] });
	return blob;
}

/** Display name for a key: the filename recorded at upload, else `<uuid>.<ext>` from the content. */
export function filenameForKey(env: RdEnv, key: string, blob: StoredBlob): string {
	if (blob.filename && /\.[A-Za-z0-9]{2,5}$/.test(blob.filename)) return blob.filename;
	const facts = env.core.blobs.facts_(blob);
	const ext = facts.kind === 'pdf' ? 'pdf' : facts.kind === 'png' ? 'png' : facts.kind === 'jpeg' ? 'jpg' : facts.kind === 'text' ? 'txt' : 'bin';
	return `${key.split('/').pop()}.${ext}`;
}

export function registerSessions(r: Router<RouteDef>, env: RdEnv): void {
	const { st, core } = env;

	const newSession = (tpl: RdTemplate, name: string, settings: Record<string, unknown>): RdSession => {
		const now = Date.now();
		const s: RdSession = { id: randomUUID(), name, extraction_template_id: tpl.id, settings, documentIds: [], resultIds: [], created_at: now, updated_at: now };
		st.sessions.set(s.id, s);
		core.stats.created('raydocs', 'sessions');
		return s;
	};

	r.add('POST', '/extractions/sessions', {
		abilities: ['sessions-write'],
		handler: async (ctx) => {
			const b = await ctx.json();
			if (!isUuid(b.extraction_template_id)) throw validation({ extraction_template_id: ['The extraction template id field is required.'] });
			const tpl = templateFor(env, ctx, b.extraction_template_id, true);
			const s = newSession(tpl, typeof b.name === 'string' && b.name ? b.name : 'Untitled session', b.settings ?? {});
			return { status: 201, body: st.sessionOut(s) };
		},
	});

	r.add('GET', '/extractions/sessions/:sessionId', {
		abilities: ['sessions-read'],
		handler: (ctx) => ({ status: 200, body: st.sessionOut(sessionFor(env, ctx, ctx.params.sessionId).s) }),
	});

	r.add('PUT', '/extractions/sessions/:sessionId', {
		abilities: ['sessions-write'],
		handler: async (ctx) => {
			const { s } = sessionFor(env, ctx, ctx.params.sessionId, true);
			const b = await ctx.json();
			if (b.name !== undefined) {
				if (typeof b.name !== 'string' || !b.name.trim()) throw validation({ name: ['The name field must be a string.'] });
				s.name = b.name;
			}
			// the summary mentions settings although the body table does not: accept it
			if (b.settings && typeof b.settings === 'object') s.settings = { ...s.settings, ...b.settings };
			s.updated_at = Date.now();
			return { status: 200, body: st.sessionOut(s, false) };
		},
	});

	r.add('DELETE', '/extractions/sessions/:sessionId', {
		abilities: ['sessions-write'],
		handler: (ctx) => {
			const { s } = sessionFor(env, ctx, ctx.params.sessionId, true);
			deleteSession(env, s);
			return { status: 204 };
		},
	});

	r.add('GET', '/extractions/sessions/:sessionId/documents', {
		abilities: ['sessions-read'],
		handler: (ctx) => {
			const { s } = sessionFor(env, ctx, ctx.params.sessionId);
			const docs = s.documentIds.map((id) => st.documents.get(id)).filter(Boolean) as RdDocument[];
			const p = paginate(docs, ctx);
			return { status: 200, body: { ...p, data: p.data.map((d) => st.docOut(d, s.id)) } };
		},
	});

	const attach = (s: RdSession, d: RdDocument) => {
		if (!s.documentIds.includes(d.id)) s.documentIds.push(d.id);
		s.updated_at = Date.now();
	};

	r.add('POST', '/extractions/sessions/:sessionId/documents/upload', {
		abilities: ['sessions-write'],
		handler: async (ctx) => {
			const { s, t } = sessionFor(env, ctx, ctx.params.sessionId, true);
			const b = await ctx.json();
			if (!Array.isArray(b.keys) || b.keys.length === 0) throw validation({ keys: ['The keys field is required.'] });
			const blobs = b.keys.map((k: unknown, i: number) => blobForKey(env, k, `keys.${i}`));
			const out = blobs.map((blob: StoredBlob, i: number) => {
				const { doc } = st.addDocument(t.workspace_id, blob, filenameForKey(env, b.keys[i], blob), { type: 'upload' });
				attach(s, doc);
				return st.docOut(doc);
			});
			return { status: 200, body: { data: out } };
		},
	});

	// Legacy: JSON {key, filename} or multipart `file` (both documented) → 201 legacy doc.
	r.add('POST', '/extractions/sessions/:sessionId/documents', {
		abilities: ['sessions-write'],
		handler: async (ctx) => {
			const { s, t } = sessionFor(env, ctx, ctx.params.sessionId, true);
			let blob: StoredBlob;
			let filename: string;
			if (boundaryOf(ctx.req.headers['content-type'])) {
				const mp = await ctx.multipart();
				const f = mp.files.find((x) => x.field === 'file') ?? mp.files[0];
				if (!f) throw validation({ file: ['The file field is required.'] });
				blob = f.blob;
				filename = mp.fields.filename?.[0] ?? f.blob.filename;
			} else {
				const b = await ctx.json();
				const errors: Record<string, string[]> = {};
				if (typeof b.key !== 'string') errors.key = ['The key field is required.'];
				if (typeof b.filename !== 'string' || !b.filename) errors.filename = ['The filename field is required.'];
				if (Object.keys(errors).length) throw validation(errors);
				blob = blobForKey(env, b.key, 'key');
				filename = b.filename;
			}
			const { doc } = st.addDocument(t.workspace_id, blob, filename, { type: 'upload' });
			attach(s, doc);
			const out = { ...st.docOut(doc, s.id), status: st.docStatus(doc) };
			// legacy: processing starts automatically
			st.ensureParsed(doc, st.configHash(t));
			return { status: 201, body: out };
		},
	});

	r.add('POST', '/extractions/sessions/:sessionId/documents/attach', {
		// the page states no ability; sessions-write is our inference
		abilities: ['sessions-write'],
		handler: async (ctx) => {
			const { s, t } = sessionFor(env, ctx, ctx.params.sessionId, true);
			const b = await ctx.json();
			if (!Array.isArray(b.document_ids) || b.document_ids.length === 0) throw validation({ document_ids: ['The document ids field is required.'] });
			const docs = b.document_ids.map((id: unknown, i: number) => {
				const d = typeof id === 'string' ? st.documents.get(id) : undefined;
				if (!d) throw validation({ [`document_ids.${i}`]: ['The selected document is invalid.'] });
				if (d.workspace_id !== t.workspace_id) throw validation({ [`document_ids.${i}`]: ['The documents do not belong to the session workspace.'] });
				return d as RdDocument;
			});
			for (const d of docs) attach(s, d);
			return { status: 200, body: { data: docs.map((d: RdDocument) => st.docOut(d)) } };
		},
	});

	r.add('DELETE', '/extractions/sessions/:sessionId/documents/:documentId', {
		abilities: ['sessions-write'],
		handler: (ctx) => {
			const { s } = sessionFor(env, ctx, ctx.params.sessionId, true);
			if (!s.documentIds.includes(ctx.params.documentId)) throw notFound('Document');
			s.documentIds = s.documentIds.filter((id) => id !== ctx.params.documentId);
			s.updated_at = Date.now();
			return { status: 204 };
		},
	});

	// ---- batch
	r.add('POST', '/extractions/templates/:templateId/sessions/batch', {
		abilities: ['sessions-write'],
		handler: async (ctx) => {
			const tpl = templateFor(env, ctx, ctx.params.templateId, true);
			const b = await ctx.json();
			if (!Array.isArray(b.files) || b.files.length === 0) throw validation({ files: ['The files field is required.'] });
			if (b.files.length > MAX_BATCH_FILES) throw validation({ files: [`The files field must not have more than ${MAX_BATCH_FILES} items.`] });
			const errors: Record<string, string[]> = {};
			const blobs: (StoredBlob | undefined)[] = b.files.map((k: unknown, i: number) => {
				try {
					return blobForKey(env, k, `files.${i}`);
				} catch (e) {
					Object.assign(errors, ((e as HttpError).body as { errors: Record<string, string[]> }).errors);
					return undefined;
				}
			});
			if (Object.keys(errors).length) throw validation(errors);
			const settings = b.settings && typeof b.settings === 'object' ? b.settings : {};
			const autoExtract = settings.auto_extract === true;
			const out = blobs.map((blob, i) => {
				const { doc } = st.addDocument(tpl.workspace_id, blob!, filenameForKey(env, b.files[i], blob!), { type: 'upload' });
				const s = newSession(tpl, 'Pending...', { ...settings, auto_extract: autoExtract });
				s.documentIds.push(doc.id);
				const created = { id: s.id, name: s.name, created_at: new Date(s.created_at).toISOString().replace(/\.\d{3}Z$/, 'Z') };
				// parse shortly after creation so clients can observe "Pending..." and `pending`
				core.sched.after(core.delay(core.opts.timing.parseMs * 0.1), () => {
					if (!st.sessions.has(s.id)) return;
					if (autoExtract && st.variant.runAfterParsing) st.ensureParsed(doc, st.configHash(tpl), (parsed) => parsed && st.sessions.has(s.id) && st.startRun(s));
					else if (autoExtract) st.startRun(s);
					else st.ensureParsed(doc, st.configHash(tpl));
				});
				return created;
			});
			return { status: 201, body: out };
		},
	});

	r.add('POST', '/extractions/templates/:templateId/sessions/batch/execute', {
		abilities: ['sessions-write'],
		handler: async (ctx) => {
			const tpl = templateFor(env, ctx, ctx.params.templateId, true);
			const sessions = await sessionsOfBody(ctx, env, tpl);
			for (const s of sessions) st.startRun(s);
			return { status: 200, body: { message: 'Extractions queued', queued_count: sessions.length } };
		},
	});

	// Documented both ways: OpenAPI POST …/batch/delete vs example DELETE …/batch — both accepted.
	for (const [m, p] of [
		['POST', '/extractions/templates/:templateId/sessions/batch/delete'],
		['DELETE', '/extractions/templates/:templateId/sessions/batch'],
	]) {
		r.add(m, p, {
			abilities: ['sessions-write'],
			handler: async (ctx) => {
				const tpl = templateFor(env, ctx, ctx.params.templateId, true);
				for (const s of await sessionsOfBody(ctx, env, tpl)) deleteSession(env, s);
				return { status: 204 };
			},
		});
	}

	// Documented both ways: body `format` (OpenAPI) vs path `/export/{format}` (example) — both accepted.
	const exportHandler = async (ctx: Ctx) => {
		const tpl = templateFor(env, ctx, ctx.params.templateId);
		const b = await ctx.json();
		const format = String(ctx.params.format ?? b.format ?? 'json').toLowerCase();
		if (!['json', 'csv', 'excel', 'xlsx'].includes(format)) throw validation({ format: ['The selected format is invalid.'] });
		const sessions = sessionsFromIds(ctx, env, tpl, b.session_ids);
		const rows = sessions.map((s) => {
			const r = latestCompleted(env, s);
			return { session_id: s.id, session_name: s.name, data: r?.data ?? null, audit: r?.audit_data ?? null };
		});
		if (format === 'json') return { status: 200, body: rows.map(({ session_id, session_name, data }) => ({ session_id, session_name, data })) };
		const cols = templateColumns(tpl);
		const table: Cell[][] = [['session_id', 'session_name', ...cols.map((c) => c.join('.'))]];
		for (const r of rows) table.push([r.session_id, r.session_name, ...cols.map(([g, f]) => cell(r.data?.[g]?.[f]))]);
		if (format === 'csv') {
			return { status: 200, body: toCsv(table), headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="extraction_results.csv"' } };
		}
		const audit: Cell[][] = [['session_id', 'field', 'reasoning', 'sources']];
		for (const r of rows) for (const [g, f] of cols) audit.push([r.session_id, `${g}.${f}`, r.audit?.[g]?.[f]?.reasoning ?? null, JSON.stringify(r.audit?.[g]?.[f]?.sources ?? [])]);
		return {
			status: 200,
			body: buildXlsx([{ name: 'Data', rows: table }, { name: 'Audit', rows: audit }]),
			headers: { 'Content-Type': XLSX_MIME, 'Content-Disposition': 'attachment; filename="extraction_results.xlsx"' },
		};
	};
	r.add('POST', '/extractions/templates/:templateId/sessions/batch/export', { abilities: ['sessions-read'], handler: exportHandler });
	r.add('POST', '/extractions/templates/:templateId/sessions/batch/export/:format', { abilities: ['sessions-read'], handler: exportHandler });

	// ---- results
	r.add('GET', '/extractions/sessions/:sessionId/results', {
		abilities: ['sessions-read'],
		handler: (ctx) => {
			const { s } = sessionFor(env, ctx, ctx.params.sessionId);
			const list = s.resultIds.map((id) => st.results.get(id)).filter(Boolean).map((r) => st.resultOut(r!));
			return { status: 200, body: { data: list } };
		},
	});

	r.add('POST', '/extractions/sessions/:sessionId/results', {
		abilities: ['sessions-write'],
		handler: (ctx) => {
			ctx.req.resume();
			const { s } = sessionFor(env, ctx, ctx.params.sessionId, true);
			if (s.documentIds.filter((id) => st.documents.has(id)).length === 0) throw rdError(422, 'The session has no documents to extract.', { errors: { documents: ['The session has no documents to extract.'] } });
			if (st.variant.notReadyBeforeRun) {
				// 422 "documents not ready" while parsing, which the request itself sets going.
				const docs = s.documentIds.map((id) => st.documents.get(id)).filter((d): d is RdDocument => !!d);
				const unready = docs.filter((d) => d.status !== 'processed');
				if (unready.length) {
					const tpl = st.templateOfSession(s)!;
					for (const d of unready) if (d.status !== 'failed') st.ensureParsed(d, st.configHash(tpl));
					throw rdError(422, 'The session documents are not ready.', { errors: { documents: ['The session documents are not ready.'] } });
				}
			}
			const r = st.startRun(s);
			// legacyRunAnswer: the older answer names a job, not the run
			if (st.variant.legacyRunAnswer) return { status: 201, body: { message: 'Extraction started', job_id: randomUUID() } };
			return { status: 201, body: st.resultOut(r) };
		},
	});

	r.add('GET', '/extractions/results/:resultId', {
		abilities: ['sessions-read'],
		handler: (ctx) => ({ status: 200, body: st.resultOut(resultFor(env, ctx, ctx.params.resultId)) }),
	});

	r.add('DELETE', '/extractions/results/:resultId', {
		abilities: ['sessions-write'],
		handler: (ctx) => {
			const r = resultFor(env, ctx, ctx.params.resultId, true);
			st.results.delete(r.id);
			const s = st.sessions.get(r.extraction_session_id);
			if (s) s.resultIds = s.resultIds.filter((id) => id !== r.id);
			return { status: 204 };
		},
	});

	r.add('GET', '/extractions/results/:resultId/export/excel', {
		abilities: ['sessions-read'],
		handler: (ctx) => {
			const r = resultFor(env, ctx, ctx.params.resultId);
			const s = st.sessions.get(r.extraction_session_id)!;
			const tpl = st.templateOfSession(s)!;
			const cols = templateColumns(tpl);
			const data: Cell[][] = [['group', 'field', 'value'], ...cols.map(([g, f]) => [g, f, cell(r.data?.[g]?.[f])])];
			const audit: Cell[][] = [['group', 'field', 'reasoning', 'sources'], ...cols.map(([g, f]) => [g, f, r.audit_data?.[g]?.[f]?.reasoning ?? null, JSON.stringify(r.audit_data?.[g]?.[f]?.sources ?? [])])];
			const meta: Cell[][] = [
				['key', 'value'],
				['exported_at', new Date().toISOString()],
				['template', tpl.name],
				['status', r.status],
				...r.documentIds.map((id): Cell[] => {
					const d = st.documents.get(id);
					return ['document', d ? `${d.filename} (${d.facts.pageCount} pages, sha256 ${d.blob.sha256})` : id];
				}),
			];
			return {
				status: 200,
				body: buildXlsx([{ name: 'Data', rows: data }, { name: 'Audit', rows: audit }, { name: 'Metadata', rows: meta }]),
				headers: { 'Content-Type': XLSX_MIME, 'Content-Disposition': 'attachment; filename="extraction_result.xlsx"' },
			};
		},
	});
}

function cell(v: unknown): Cell {
	if (v === null || v === undefined) return null;
	if (typeof v === 'object') return JSON.stringify(v);
	return v as Cell;
}

function templateColumns(tpl: RdTemplate): [string, string][] {
	const out: [string, string][] = [];
	for (const [g, def] of Object.entries((tpl.schema_json?.groups ?? {}) as Record<string, { fields?: Record<string, unknown> }>)) {
		for (const f of Object.keys(def?.fields ?? {})) out.push([g, f]);
	}
	return out;
}

function latestCompleted(env: RdEnv, s: RdSession): RdResult | undefined {
	return s.resultIds
		.map((id) => env.st.results.get(id))
		.filter((r): r is RdResult => !!r && r.status === 'completed')
		.pop();
}

function sessionsFromIds(_ctx: Ctx, env: RdEnv, tpl: RdTemplate, ids: unknown): RdSession[] {
	if (!Array.isArray(ids) || ids.length === 0) throw validation({ session_ids: ['The session ids field is required.'] });
	return ids.map((id, i) => {
		const s = typeof id === 'string' ? env.st.sessions.get(id) : undefined;
		if (!s || s.extraction_template_id !== tpl.id) throw validation({ [`session_ids.${i}`]: ['The selected session is invalid.'] });
		return s;
	});
}

async function sessionsOfBody(ctx: Ctx, env: RdEnv, tpl: RdTemplate): Promise<RdSession[]> {
	const b = await ctx.json();
	return sessionsFromIds(ctx, env, tpl, b.session_ids);
}

function resultFor(env: RdEnv, ctx: Ctx, id: string, write = false): RdResult {
	const r = env.st.results.get(id);
	if (!r) throw notFound('ExtractionResult');
	sessionFor(env, ctx, r.extraction_session_id, write);
	return r;
}

export function deleteSession(env: RdEnv, s: RdSession): void {
	for (const id of s.resultIds) env.st.results.delete(id);
	env.st.sessions.delete(s.id);
}
