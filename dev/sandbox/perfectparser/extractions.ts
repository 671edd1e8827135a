/** Extractions: multipart submit (Idempotency-Key replay for 24 h), list, status, results, documents. */
import type { RouteDef } from '../core';
import { Ctx, HttpError, Reply } from '../http';
import { boundaryOf } from '../multipart';
import type { Router } from '../router';
import { cursorPage } from './cursorPages';
import { accountKey, type PpEnv } from './env';
import { invalid, ppError } from './errors';
import { parserFor } from './parsers';
import { ppId, type PpExtraction } from './state';

const SUPPORTED_EXT = ['pdf', 'png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'bmp', 'heic', 'txt'];
const STATUSES = ['queued', 'pending', 'processing', 'completed', 'failed', 'partial'];
const IDEMPOTENCY_TTL = 24 * 3600_000;

export const extractionFor = (env: PpEnv, ctx: Ctx): PpExtraction => {
	const { st } = env;
	const x = st.extractions.get(ctx.params.extraction_id);
	if (!x || x.account !== accountKey(ctx)) throw ppError(404, 'RESOURCE_NOT_FOUND', `Extraction ${ctx.params.extraction_id} not found`);
	return x;
};

type Multipart = Awaited<ReturnType<Ctx['multipart']>>;

const readSubmission = async (ctx: Ctx): Promise<Multipart> => {
	if (!boundaryOf(ctx.req.headers['content-type'])) throw invalid('Content-Type must be multipart/form-data with parser_id and files');
	return await ctx.multipart();
};

/**
 * What a submission asks for, to tell a repeat from a different request under the same
 * Idempotency-Key: the parser and each file's content, in order. The multipart boundary and the
 * file names are not part of it (a renamed copy is the same document).
 */
const fingerprintOf = (mp: Multipart): string =>
	JSON.stringify([mp.fields.parser_id?.[0] ?? null, mp.files.filter((f) => f.field === 'files' || f.field === 'files[]').map((f) => f.blob.sha256)]);

const keyReused = () =>
	ppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used in the last 24 hours for a different submission (another parser or other files)');

/** A submission: validates, charges one credit per page, queues the documents. */
const submit = async (env: PpEnv, ctx: Ctx, mp: Multipart): Promise<Reply> => {
	const { st, core } = env;
	const parserId = mp.fields.parser_id?.[0];
	const files = mp.files.filter((f) => f.field === 'files' || f.field === 'files[]');
	if (!parserId) throw invalid('parser_id is required');
	if (files.length === 0) throw invalid('files is required (one multipart part named "files" per file)');
	// over-limit status undocumented; 400 INVALID_PAYLOAD as suggested
	if (files.length > 50) throw invalid('At most 50 files per request');
	const parser = parserFor(env, ctx, parserId);
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
	const have = st.available(accountKey(ctx));
	if (pages > have) {
		// field names beyond code/message are ours: PerfectParser documents none
		throw ppError(402, 'INSUFFICIENT_CREDITS', `This submission needs ${pages} credits but only ${have} are available`, { credits_required: pages, credits_available: have });
	}
	st.charge(accountKey(ctx), pages);
	const now = Date.now();
	const x: PpExtraction = {
		extraction_id: ppId('ext'),
		account: accountKey(ctx),
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
			credits_remaining: st.available(accountKey(ctx)),
			documents: x.documents.map((d) => ({ document_id: d.document_id, filename: d.filename, page_count: d.page_count, credits_used: d.credits_used, status: d.status })),
		},
	};
	return { status: 202, body };
};

export const docFor = (env: PpEnv, ctx: Ctx) => {
	const x = extractionFor(env, ctx);
	const d = x.documents.find((y) => y.document_id === ctx.params.document_id);
	if (!d) throw ppError(404, 'RESOURCE_NOT_FOUND', `Document ${ctx.params.document_id} not found in extraction ${x.extraction_id}`);
	return { x, d };
};

/** /v1/extractions, its results and its documents. */
export function registerExtractions(r: Router<RouteDef>, env: PpEnv): void {
	const { st, inflight, core } = env;
	r.add('POST', '/v1/extractions', {
		submit: true,
		handler: async (ctx) => {
			const mp = await readSubmission(ctx);
			const ik = ctx.req.headers['idempotency-key'];
			if (typeof ik !== 'string' || !ik) return submit(env, ctx, mp);
			// Remembered per account for 24 h, across executions: the same key and the same
			// submission get the first answer again (no new extraction, no charge); the same key with a
			// different submission is refused (422) rather than answered with someone else's extraction.
			const k = `${accountKey(ctx)}\n${ik}`;
			const fingerprint = fingerprintOf(mp);
			const prev = st.idempotency.get(k);
			if (prev && Date.now() - prev.at < IDEMPOTENCY_TTL) {
				if (prev.fingerprint !== fingerprint) throw keyReused();
				core.stats.idempotentReplay('perfectparser');
				return { status: prev.status, body: prev.body, headers: { 'Idempotent-Replayed': 'true' } };
			}
			const running = inflight.get(k);
			if (running) {
				if (running.fingerprint !== fingerprint) throw keyReused();
				const rep = await running.reply;
				core.stats.idempotentReplay('perfectparser');
				return { ...rep, headers: { ...(rep.headers ?? {}), 'Idempotent-Replayed': 'true' } };
			}
			const p = submit(env, ctx, mp);
			inflight.set(k, { fingerprint, reply: p.catch((e) => (e instanceof HttpError ? { status: e.status, body: e.body } : { status: 500, body: {} })) });
			try {
				const rep = await p;
				st.idempotency.set(k, { at: Date.now(), fingerprint, status: rep.status, body: rep.body });
				return rep;
			} finally {
				inflight.delete(k);
			}
		},
	});

	r.add('GET', '/v1/extractions', {
		handler: (ctx) => {
			const q = ctx.query;
			let list = [...st.extractions.values()].filter((x) => x.account === accountKey(ctx));
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
	r.add('GET', '/v1/extractions/:extraction_id', { handler: (ctx) => ({ status: 200, body: { extraction: st.statusOut(extractionFor(env, ctx)) } }) });
	r.add('GET', '/v1/extractions/:extraction_id/results', { handler: (ctx) => ({ status: 200, body: { extraction: st.resultsOut(extractionFor(env, ctx)) } }) });
	r.add('GET', '/v1/extractions/:extraction_id/documents/:document_id', {
		handler: (ctx) => {
			const { x, d } = docFor(env, ctx);
			return { status: 200, body: { document: st.documentOut(x, d) } };
		},
	});
}
