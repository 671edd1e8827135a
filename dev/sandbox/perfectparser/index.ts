/** PerfectParser service: X-API-Key auth, {error:{code,message}} bodies, cursor lists, multipart
 * submit with Idempotency-Key replay, credits, exports and webhook subscriptions. */
import { randomBytes } from 'node:crypto';
import type { StoredBlob } from '../blobs';
import type { Core, RouteDef, Service } from '../core';
import { analyze } from '../extract';
import { Ctx, HttpError, Reply } from '../http';
import { boundaryOf } from '../multipart';
import { RateLimiter } from '../rateLimit';
import { Router } from '../router';
import { buildXlsx, Cell, toCsv, XLSX_MIME } from '../xlsx';
import { PpExtraction, PpParser, PpState, PpWebhook, ppId, schemaFromFields } from './state';

export { PP_DEMO } from './state';

const CODES: Record<number, string> = { 400: 'INVALID_PAYLOAD', 401: 'UNAUTHORIZED', 402: 'INSUFFICIENT_CREDITS', 404: 'RESOURCE_NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 429: 'RATE_LIMITED', 500: 'INTERNAL_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE' };

// The error body shape is not documented; `{error:{code,message}}` is the reference's suggestion.
export const ppError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
	new HttpError(status, { error: { code, message, ...extra } });
const invalid = (message: string) => ppError(400, 'INVALID_PAYLOAD', message);

const SUPPORTED_EXT = ['pdf', 'png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'bmp', 'heic', 'txt'];
const STATUSES = ['queued', 'pending', 'processing', 'completed', 'failed', 'partial'];
const EVENTS = ['extraction.document_completed', 'extraction.job_completed'];
const IDEMPOTENCY_TTL = 24 * 3600_000;

function encodeCursor(seq: number): string {
	return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}
function decodeCursor(c: string | null): number | undefined {
	if (!c) return undefined;
	try {
		const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
		if (typeof v.s === 'number') return v.s;
	} catch {
		/* fallthrough */
	}
	throw invalid('Invalid cursor');
}

/** Newest first by creation sequence; cursor = the last returned sequence. */
function cursorPage<T extends { seq: number }>(items: T[], ctx: Ctx, def: number): { page: T[]; pagination: { limit: number; has_next_page: boolean; next_cursor: string | null } } {
	const lraw = ctx.query.get('limit');
	const limit = lraw === null ? def : Number(lraw);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit must be an integer between 1 and 100');
	const after = decodeCursor(ctx.query.get('cursor'));
	const sorted = items.sort((a, b) => b.seq - a.seq).filter((x) => after === undefined || x.seq < after);
	const page = sorted.slice(0, limit);
	const more = sorted.length > limit;
	return { page, pagination: { limit, has_next_page: more, next_cursor: more ? encodeCursor(page[page.length - 1].seq) : null } };
}

export function createPerfectParser(core: Core, admin: Router<RouteDef>): { service: Service; state: PpState } {
	const st = new PpState(core);
	const r = new Router<RouteDef>();
	const limiter = new RateLimiter();
	const parserSeq = new Map<string, number>();
	const samples = new Map<string, { account: string; blob: StoredBlob }>();
	const inflight = new Map<string, Promise<Reply>>();
	const key = (ctx: Ctx) => ctx.auth as string;

	const parserFor = (ctx: Ctx, id: string): PpParser => {
		const p = st.parsers.get(id);
		if (!p || p.account !== key(ctx)) throw ppError(404, 'PARSER_NOT_FOUND', `Parser ${id} not found`);
		return p;
	};
	const extractionFor = (ctx: Ctx): PpExtraction => {
		const x = st.extractions.get(ctx.params.extraction_id);
		if (!x || x.account !== key(ctx)) throw ppError(404, 'RESOURCE_NOT_FOUND', `Extraction ${ctx.params.extraction_id} not found`);
		return x;
	};
	const webhookFor = (ctx: Ctx): PpWebhook => {
		const w = st.webhooks.get(ctx.params.id);
		if (!w || w.deleted || w.account !== key(ctx)) throw ppError(404, 'RESOURCE_NOT_FOUND', `Webhook ${ctx.params.id} not found`);
		return w;
	};

	// ---- account
	r.add('GET', '/v1/me', {
		handler: (ctx) => {
			const a = st.accounts.get(key(ctx))!;
			return { status: 200, body: { user: { user_id: a.user_id, email: a.email, name: a.name, credits_available: st.available(key(ctx)), key_name: a.key_name, key_expires_at: a.key_expires_at, member_since: a.member_since } } };
		},
	});
	r.add('GET', '/v1/credits', {
		handler: (ctx) => {
			const a = st.accounts.get(key(ctx))!;
			return { status: 200, body: { credits: { available: st.available(key(ctx)), purchases: a.purchases.slice(0, 10) } } };
		},
	});

	// ---- parsers
	const validateFields = (fields: unknown): { name: string; type?: string; description?: string; required?: boolean }[] => {
		if (fields === undefined) return [];
		if (!Array.isArray(fields)) throw invalid('fields must be an array');
		return fields.map((f, i) => {
			if (!f || typeof f.name !== 'string' || !f.name) throw invalid(`fields[${i}].name is required`);
			if (f.type !== undefined && !['string', 'number', 'boolean', 'date', 'array', 'object', 'integer'].includes(f.type)) throw invalid(`fields[${i}].type is invalid`);
			return f;
		});
	};
	const nameTaken = (ctx: Ctx, name: string, except?: string) => [...st.parsers.values()].some((p) => p.account === key(ctx) && p.name === name && p.parser_id !== except);

	r.add('GET', '/v1/parsers', {
		handler: (ctx) => {
			const items = [...st.parsers.values()].filter((p) => p.account === key(ctx)).map((p) => ({ p, seq: seqOf(p) }));
			const { page, pagination } = cursorPage(items, ctx, 20);
			return { status: 200, body: { parsers: page.map((x) => st.parserOut(x.p)), pagination } };
		},
	});
	const seqOf = (p: PpParser) => {
		let s = parserSeq.get(p.parser_id);
		if (s === undefined) parserSeq.set(p.parser_id, (s = ++st.seq));
		return s;
	};
	r.add('POST', '/v1/parsers', {
		handler: async (ctx) => {
			const b = await ctx.json();
			if (typeof b.name !== 'string' || !b.name.trim()) throw invalid('name is required');
			if (b.name.length > 100) throw invalid('name must be at most 100 characters');
			if (b.result_mode !== undefined && !['one_per_file', 'one_per_page'].includes(b.result_mode)) throw invalid('result_mode must be one_per_file or one_per_page');
			const fields = validateFields(b.fields);
			if (nameTaken(ctx, b.name)) throw ppError(409, 'CONFLICT', `A parser named "${b.name}" already exists`);
			const p = st.addParser(key(ctx), { name: b.name, description: b.description ?? null, result_mode: b.result_mode, fields });
			seqOf(p);
			core.stats.created('perfectparser', 'parsers');
			return { status: 201, body: { parser: st.parserOut(p) } };
		},
	});
	r.add('GET', '/v1/parsers/:id', { handler: (ctx) => ({ status: 200, body: { parser: st.parserOut(parserFor(ctx, ctx.params.id)) } }) });
	r.add('PATCH', '/v1/parsers/:id', {
		handler: async (ctx) => {
			const p = parserFor(ctx, ctx.params.id);
			const b = await ctx.json();
			if (b.name !== undefined) {
				if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100) throw invalid('name must be a non-empty string of at most 100 characters');
				if (nameTaken(ctx, b.name, p.parser_id)) throw ppError(409, 'CONFLICT', `A parser named "${b.name}" already exists`);
				p.name = b.name;
			}
			if (b.description !== undefined) p.description = b.description;
			if (b.result_mode !== undefined) {
				if (!['one_per_file', 'one_per_page'].includes(b.result_mode)) throw invalid('result_mode must be one_per_file or one_per_page');
				p.result_mode = b.result_mode;
			}
			if (b.fields !== undefined) {
				const gen = schemaFromFields(validateFields(b.fields));
				p.schema = gen.schema;
				p.fields = gen.fields;
			}
			p.updated_at = Date.now();
			return { status: 200, body: { parser: st.parserOut(p) } };
		},
	});
	// Not documented anywhere; provided as a non-standard convenience (204).
	r.add('DELETE', '/v1/parsers/:id', {
		handler: (ctx) => {
			const p = parserFor(ctx, ctx.params.id);
			st.parsers.delete(p.parser_id);
			return { status: 204 };
		},
	});
	r.add('POST', '/v1/parsers/:id/detect-fields', {
		handler: async (ctx) => {
			const p = parserFor(ctx, ctx.params.id);
			let blob: StoredBlob;
			let replace: boolean;
			let sampleId: string;
			if (boundaryOf(ctx.req.headers['content-type'])) {
				const mp = await ctx.multipart();
				const f = mp.files.find((x) => x.field === 'file');
				if (!f) throw invalid('file is required');
				blob = f.blob;
				replace = (mp.fields.replace_existing_schema?.[0] ?? '') === 'true';
				sampleId = ppId('smp');
				samples.set(sampleId, { account: key(ctx), blob });
			} else {
				const b = await ctx.json();
				if (typeof b.sample_file_id !== 'string') throw invalid('sample_file_id is required (or upload a file as multipart)');
				const s = samples.get(b.sample_file_id);
				if (!s || s.account !== key(ctx)) throw ppError(404, 'RESOURCE_NOT_FOUND', 'Sample file not found');
				blob = s.blob;
				sampleId = b.sample_file_id;
				replace = b.replace_existing_schema === true;
			}
			const hasSchema = p.schema && Object.keys(p.schema).length > 0;
			// status undocumented; 409 as the reference suggests
			if (hasSchema && !replace) throw ppError(409, 'SCHEMA_ALREADY_EXISTS', 'The parser already has a schema; set replace_existing_schema to overwrite it');
			const facts = core.blobs.facts_(blob);
			if (facts.kind === 'pdf' && facts.pageCount === 0) throw ppError(400, 'PAGE_COUNT_FAILED', 'Could not count the pages of the sample');
			const need = facts.pageCount;
			const have = st.available(key(ctx));
			if (need > have) throw ppError(402, 'INSUFFICIENT_CREDITS', `This sample needs ${need} credits but only ${have} are available`, { credits_required: need, credits_available: have });
			st.charge(key(ctx), need);
			const fields = facts.pages.flat().flatMap((l) => {
				const i = l.indexOf(':');
				if (i <= 0) return [];
				const label = l.slice(0, i).trim();
				const v = l.slice(i + 1).trim();
				const name = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
				if (!name || name === 'sandbox_fail') return [];
				const type = /^\d{4}-\d{2}-\d{2}$/.test(v) ? 'date' : /^[^A-Za-z]{0,4}[\d.,\s]+$/.test(v) && /\d/.test(v) ? 'number' : 'string';
				return [{ name, type, description: label }];
			});
			const gen = schemaFromFields(fields);
			p.schema = gen.schema;
			p.fields = gen.fields;
			p.sample_file_id = sampleId;
			p.updated_at = Date.now();
			return { status: 200, body: { parser_id: p.parser_id, sample_file_id: sampleId, schema: p.schema, fields: p.fields, credits_used: need } };
		},
	});

	// ---- extractions
	const submit = async (ctx: Ctx): Promise<Reply> => {
		if (!boundaryOf(ctx.req.headers['content-type'])) throw invalid('Content-Type must be multipart/form-data with parser_id and files');
		const mp = await ctx.multipart();
		const parserId = mp.fields.parser_id?.[0];
		const files = mp.files.filter((f) => f.field === 'files' || f.field === 'files[]');
		if (!parserId) throw invalid('parser_id is required');
		if (files.length === 0) throw invalid('files is required (one multipart part named "files" per file)');
		// over-limit status undocumented; 400 INVALID_PAYLOAD as suggested
		if (files.length > 50) throw invalid('At most 50 files per request');
		const parser = parserFor(ctx, parserId);
		if (!parser.schema || Object.keys(parser.schema).length === 0) throw ppError(400, 'PARSER_NOT_CONFIGURED', `Parser ${parser.parser_id} has no schema yet`);
		const analysed = files.map((f) => {
			const ext = (f.blob.filename.split('.').pop() ?? '').toLowerCase();
			const facts = core.blobs.facts_(f.blob);
			const known = facts.kind === 'pdf' || facts.kind === 'png' || facts.kind === 'jpeg';
			if (!SUPPORTED_EXT.includes(ext) && !known) throw ppError(400, 'UNSUPPORTED_FILE_TYPE', `Unsupported file type: ${f.blob.filename}`, { filename: f.blob.filename });
			if (facts.kind === 'pdf' && facts.pageCount === 0) throw ppError(400, 'PAGE_COUNT_FAILED', `Could not count the pages of ${f.blob.filename}`, { filename: f.blob.filename });
			return { f, facts };
		});
		const pages = analysed.reduce((s, a) => s + Math.max(1, a.facts.pageCount), 0);
		const have = st.available(key(ctx));
		if (pages > have) {
			// field names beyond code/message are ours (the reference documents none)
			throw ppError(402, 'INSUFFICIENT_CREDITS', `This submission needs ${pages} credits but only ${have} are available`, { credits_required: pages, credits_available: have });
		}
		st.charge(key(ctx), pages);
		const now = Date.now();
		const x: PpExtraction = {
			extraction_id: ppId('ext'),
			account: key(ctx),
			parser_id: parser.parser_id,
			status: 'queued',
			credits_used: pages,
			created_at: now,
			updated_at: now,
			completed_at: null,
			seq: ++st.seq,
			documents: analysed.map(({ f, facts }) => {
				const pc = Math.max(1, facts.pageCount);
				core.stats.document('perfectparser', f.blob.sha256);
				return {
					document_id: ppId('doc'),
					filename: f.blob.filename,
					blob: f.blob,
					facts,
					status: 'queued' as const,
					page_count: pc,
					credits_used: pc,
					confidence: null,
					processing_time_ms: null,
					extracted_data: null,
					error_message: null,
					created_at: now,
					updated_at: now,
				};
			}),
		};
		st.extractions.set(x.extraction_id, x);
		core.stats.created('perfectparser', 'extractions');
		core.stats.created('perfectparser', 'documents', x.documents.length);
		st.start(x);
		const body = {
			extraction: {
				extraction_id: x.extraction_id,
				parser_id: x.parser_id,
				status: x.status,
				file_count: x.documents.length,
				page_count: pages,
				credits_used: pages,
				credits_remaining: st.available(key(ctx)),
				documents: x.documents.map((d) => ({ document_id: d.document_id, filename: d.filename, page_count: d.page_count, credits_used: d.credits_used, status: d.status })),
			},
		};
		return { status: 202, body };
	};

	r.add('POST', '/v1/extractions', {
		submit: true,
		handler: async (ctx) => {
			const ik = ctx.req.headers['idempotency-key'];
			if (typeof ik !== 'string' || !ik) return submit(ctx);
			const k = `${key(ctx)}\n${ik}`;
			const prev = st.idempotency.get(k);
			if (prev && Date.now() - prev.at < IDEMPOTENCY_TTL) {
				ctx.req.resume();
				// a replay returns the original response (same body, even if this request differs)
				return { status: prev.status, body: prev.body, headers: { 'Idempotent-Replayed': 'true' } };
			}
			const running = inflight.get(k);
			if (running) {
				ctx.req.resume();
				const rep = await running;
				return { ...rep, headers: { ...(rep.headers ?? {}), 'Idempotent-Replayed': 'true' } };
			}
			const p = submit(ctx);
			inflight.set(k, p.catch((e) => (e instanceof HttpError ? { status: e.status, body: e.body } : { status: 500, body: {} })));
			try {
				const rep = await p;
				st.idempotency.set(k, { at: Date.now(), status: rep.status, body: rep.body });
				return rep;
			} finally {
				inflight.delete(k);
			}
		},
	});

	r.add('GET', '/v1/extractions', {
		handler: (ctx) => {
			const q = ctx.query;
			let list = [...st.extractions.values()].filter((x) => x.account === key(ctx));
			if (q.get('parser_id')) list = list.filter((x) => x.parser_id === q.get('parser_id'));
			const status = q.get('status');
			if (status !== null) {
				if (!STATUSES.includes(status)) throw invalid(`status must be one of ${STATUSES.join(', ')}`);
				list = list.filter((x) => x.status === status);
			}
			const since = q.get('since');
			if (since !== null) {
				const t = Date.parse(since);
				if (Number.isNaN(t)) throw invalid('since must be an ISO 8601 timestamp');
				list = list.filter((x) => x.updated_at > t); // "updated after": strictly greater
			}
			const { page, pagination } = cursorPage(list, ctx, 50);
			return {
				status: 200,
				body: {
					extractions: page.map((x) => {
						const s = st.summary(x);
						const c = (k: string) => x.documents.filter((d) => d.status === k).length;
						return { ...s, document_summary: { total: x.documents.length, completed: c('completed'), failed: c('failed'), processing: c('processing') + c('queued') } };
					}),
					pagination,
				},
			};
		},
	});
	r.add('GET', '/v1/extractions/:extraction_id', { handler: (ctx) => ({ status: 200, body: { extraction: st.statusOut(extractionFor(ctx)) } }) });
	r.add('GET', '/v1/extractions/:extraction_id/results', { handler: (ctx) => ({ status: 200, body: { extraction: st.resultsOut(extractionFor(ctx)) } }) });
	const docFor = (ctx: Ctx) => {
		const x = extractionFor(ctx);
		const d = x.documents.find((y) => y.document_id === ctx.params.document_id);
		if (!d) throw ppError(404, 'RESOURCE_NOT_FOUND', `Document ${ctx.params.document_id} not found in extraction ${x.extraction_id}`);
		return { x, d };
	};
	r.add('GET', '/v1/extractions/:extraction_id/documents/:document_id', {
		handler: (ctx) => {
			const { x, d } = docFor(ctx);
			return { status: 200, body: { document: st.documentOut(x, d) } };
		},
	});

	// Export: parameter and formats are undocumented; `format=json|csv|xlsx` (excel accepted too).
	const exportRows = (x: PpExtraction, docs: PpExtraction['documents']) => {
		const parser = st.parsers.get(x.parser_id);
		const cols = Object.keys(parser?.schema?.properties ?? {});
		const rows: Cell[][] = [['document_id', 'filename', 'status', 'page', ...cols]];
		for (const d of docs) {
			const recs = Array.isArray(d.extracted_data) ? (d.extracted_data as Record<string, unknown>[]) : [(d.extracted_data ?? {}) as Record<string, unknown>];
			recs.forEach((rec, i) => rows.push([d.document_id, d.filename, d.status, Array.isArray(d.extracted_data) ? i + 1 : null, ...cols.map((c) => toCell(rec[c]))]));
		}
		return rows;
	};
	const exportReply = (ctx: Ctx, name: string, json: unknown, rows: Cell[][]): Reply => {
		const f = (ctx.query.get('format') ?? 'json').toLowerCase();
		if (f === 'json') return { status: 200, body: json, headers: { 'Content-Disposition': `attachment; filename="${name}.json"` } };
		if (f === 'csv') return { status: 200, body: toCsv(rows), headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` } };
		if (f === 'xlsx' || f === 'excel') return { status: 200, body: buildXlsx([{ name: 'Results', rows }]), headers: { 'Content-Type': XLSX_MIME, 'Content-Disposition': `attachment; filename="${name}.xlsx"` } };
		throw invalid('format must be one of json, csv, xlsx');
	};
	r.add('GET', '/v1/extractions/:extraction_id/export', {
		handler: (ctx) => {
			const x = extractionFor(ctx);
			return exportReply(ctx, x.extraction_id, { extraction: st.resultsOut(x) }, exportRows(x, x.documents));
		},
	});
	r.add('GET', '/v1/extractions/:extraction_id/documents/:document_id/export', {
		handler: (ctx) => {
			const { x, d } = docFor(ctx);
			return exportReply(ctx, d.document_id, { document: st.documentOut(x, d) }, exportRows(x, [d]));
		},
	});

	// ---- webhooks
	const checkUrl = (u: unknown) => {
		try {
			const url = new URL(String(u));
			// production requires HTTPS; the sandbox accepts http (deliveries go to loopback only)
			if (!/^https?:$/.test(url.protocol)) throw new Error();
		} catch {
			throw invalid('url must be a valid http(s) URL');
		}
	};
	const checkEvents = (e: unknown) => {
		if (!Array.isArray(e) || e.length === 0 || e.some((x) => !EVENTS.includes(x))) throw invalid(`events must be a non-empty subset of ${EVENTS.join(', ')}`);
	};
	r.add('GET', '/v1/webhooks', {
		handler: (ctx) => {
			const { page, pagination } = cursorPage([...st.webhooks.values()].filter((w) => w.account === key(ctx) && !w.deleted), ctx, 20);
			return { status: 200, body: { webhooks: page.map((w) => st.webhookOut(w)), pagination } };
		},
	});
	r.add('POST', '/v1/webhooks', {
		handler: async (ctx) => {
			const b = await ctx.json();
			checkUrl(b.url);
			checkEvents(b.events);
			if (b.secret !== undefined && (typeof b.secret !== 'string' || b.secret.length < 8)) throw invalid('secret must be at least 8 characters');
			const w: PpWebhook = {
				webhook_id: ppId('wh'),
				account: key(ctx),
				url: b.url,
				events: [...new Set<string>(b.events)],
				is_active: true,
				secret: b.secret ?? null,
				signing_secret: `wh_sec_${randomBytes(16).toString('hex')}`,
				deleted: false,
				created_at: Date.now(),
				seq: ++st.seq,
				deliveries: [],
			};
			st.webhooks.set(w.webhook_id, w);
			core.stats.created('perfectparser', 'webhooks');
			return { status: 201, body: { webhook: st.webhookOut(w, true) } };
		},
	});
	r.add('GET', '/v1/webhooks/:id', { handler: (ctx) => ({ status: 200, body: { webhook: st.webhookOut(webhookFor(ctx), false, true) } }) });
	r.add('PATCH', '/v1/webhooks/:id', {
		handler: async (ctx) => {
			const w = webhookFor(ctx);
			const b = await ctx.json();
			if (b.url !== undefined) checkUrl(b.url);
			if (b.events !== undefined) checkEvents(b.events);
			if (b.is_active !== undefined && typeof b.is_active !== 'boolean') throw invalid('is_active must be a boolean');
			if (b.url !== undefined) w.url = b.url;
			if (b.events !== undefined) w.events = [...new Set<string>(b.events)];
			if (b.is_active !== undefined) w.is_active = b.is_active;
			return { status: 200, body: { webhook: st.webhookOut(w) } };
		},
	});
	r.add('DELETE', '/v1/webhooks/:id', {
		handler: (ctx) => {
			webhookFor(ctx).deleted = true; // soft delete
			return { status: 204 };
		},
	});
	r.add('POST', '/v1/webhooks/:id/test', {
		handler: async (ctx) => {
			ctx.req.resume();
			const w = webhookFor(ctx);
			const a = await st.deliver(w, 'extraction.job_completed', { extraction_id: 'ext_test', parser_id: null, status: 'completed', test: true, created_at: new Date().toISOString(), data: {} }, false);
			// response body undocumented: we report the attempt
			return { status: 200, body: { delivery: { event: 'extraction.job_completed', test: true, success: a.success, status_code: a.status_code, error: a.error, attempted_at: a.attempted_at } } };
		},
	});

	// ---- admin
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
	admin.add('POST', '/_sandbox/perfectparser/parsers', {
		handler: async (ctx) => {
			const b = await ctx.json();
			const k = b.api_key ?? PP_DEMO_KEY;
			if (!st.accounts.has(k)) throw new HttpError(404, { error: 'unknown api_key' });
			const p = st.addParser(k, { parser_id: b.parser_id, name: b.name ?? `Parser ${st.seq + 1}`, description: b.description, result_mode: b.result_mode, fields: b.fields, schema: b.schema });
			seqOf(p);
			return { status: 201, body: { parser: st.parserOut(p) } };
		},
	});

	const service: Service = {
		name: 'perfectparser',
		prefix: '/perfectparser',
		router: r,
		authenticate(ctx) {
			const k = ctx.req.headers['x-api-key'];
			if (typeof k !== 'string' || !st.accounts.has(k)) throw ppError(401, 'UNAUTHORIZED', 'Missing or invalid API key (send it in the X-API-Key header)');
			ctx.auth = k;
		},
		errorBody: (status, message, code) => ({ error: { code: code && status === 400 ? code : (CODES[status] ?? 'ERROR'), message } }),
		rateLimit(ctx, route) {
			const rl = core.opts.rateLimits;
			const k = String(ctx.req.headers['x-api-key'] ?? 'anonymous');
			const g = limiter.hit(`g:${k}`, rl.ppPerWindow, rl.windowMs);
			let shown = g;
			if (g.allowed && route?.submit) {
				const s = limiter.hit(`s:${k}`, rl.ppSubmitPerWindow, rl.windowMs);
				if (!s.allowed) limiter.refund(`g:${k}`);
				shown = s;
			}
			const headers = { 'X-RateLimit-Limit': shown.limit, 'X-RateLimit-Remaining': shown.remaining, 'X-RateLimit-Reset': Math.ceil(shown.resetAt / 1000) };
			if (shown.allowed) return { headers };
			// Retry-After is not documented for PerfectParser; we send it anyway (harmless, helpful)
			return { headers, reject: { status: 429, body: { error: { code: 'RATE_LIMITED', message: 'Rate limit exceeded' } }, headers: { 'Retry-After': shown.retryAfterSec } } };
		},
		reset() {
			st.reset();
			limiter.clear();
			parserSeq.clear();
			samples.clear();
			inflight.clear();
		},
	};
	void analyze;
	return { service, state: st };
}

const PP_DEMO_KEY = 'pp_live_sandbox_demo_key';

function toCell(v: unknown): Cell {
	if (v === null || v === undefined) return null;
	if (typeof v === 'object') return JSON.stringify(v);
	return v as Cell;
}
