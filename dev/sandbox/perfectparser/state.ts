/** PerfectParser data model, demo seed, credits and the queued → processing → terminal lifecycle
 * with signed webhook deliveries. */
import { createHmac, randomBytes } from 'node:crypto';
import type { StoredBlob } from '../blobs';
import type { Core } from '../core';
import { DocFacts, extractValues, fieldsFromJsonSchema, forcedConfidence, forcedFailure, plainValues } from '../extract';
import { nowIso } from '../http';
import type { DeliveryAttempt } from '../webhooks';

export const PP_DEMO = {
	apiKey: 'pp_live_sandbox_demo_key',
	parserId: 'prs_sandbox_invoice',
	credits: 1000,
};

export interface PpAccount {
	user_id: string;
	email: string;
	name: string;
	key_name: string;
	key_expires_at: string | null;
	member_since: string;
	purchases: { purchase_id: string; plan: string; credits: number; remaining: number; expires_at: string | null; purchased_at: string }[];
}
export interface PpParser {
	parser_id: string;
	account: string;
	name: string;
	description: string | null;
	result_mode: 'one_per_file' | 'one_per_page';
	schema: any;
	fields: Record<string, { description: string; type?: string; required?: boolean }>;
	sample_file_id: string | null;
	created_at: number;
	updated_at: number;
}
export interface PpDocument {
	document_id: string;
	filename: string;
	blob: StoredBlob;
	facts: DocFacts;
	status: 'queued' | 'processing' | 'completed' | 'failed';
	page_count: number;
	credits_used: number;
	confidence: number | null;
	processing_time_ms: number | null;
	extracted_data: unknown;
	error_message: string | null;
	created_at: number;
	updated_at: number;
}
export interface PpExtraction {
	extraction_id: string;
	account: string;
	parser_id: string;
	status: 'queued' | 'processing' | 'completed' | 'failed' | 'partial';
	documents: PpDocument[];
	credits_used: number;
	created_at: number;
	updated_at: number;
	completed_at: number | null;
	seq: number;
}
export interface PpWebhook {
	webhook_id: string;
	account: string;
	url: string;
	events: string[];
	is_active: boolean;
	secret: string | null;
	signing_secret: string;
	deleted: boolean;
	created_at: number;
	seq: number;
	deliveries: (DeliveryAttempt & { event: string; delivery_id: string })[];
	/** Added in the dashboard (batch.* events, optional parser scope); the API neither lists nor manages it. */
	dashboard?: boolean;
	parser_id?: string | null;
}

export const INVOICE_FIELDS = [
	{ name: 'invoice_number', type: 'string', description: 'Invoice number' },
	{ name: 'invoice_date', type: 'date', description: 'Invoice date' },
	{ name: 'vendor', type: 'string', description: 'Vendor name' },
	{ name: 'total', type: 'number', description: 'Total amount' },
	{ name: 'currency', type: 'string', description: 'Currency code' },
];

export const ppId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/** Field list (request shape) → JSON Schema + response map. `date` maps to string/format date. */
export function schemaFromFields(fields: { name: string; type?: string; description?: string; required?: boolean }[]) {
	const properties: Record<string, unknown> = {};
	const map: PpParser['fields'] = {};
	const required: string[] = [];
	for (const f of fields) {
		const t = f.type ?? 'string';
		properties[f.name] = t === 'date' ? { type: 'string', format: 'date' } : t === 'array' ? { type: 'array', items: { type: 'string' } } : { type: t };
		if (f.description) (properties[f.name] as Record<string, unknown>).description = f.description;
		map[f.name] = { description: f.description ?? '' };
		if (f.required) required.push(f.name);
	}
	if (fields.length === 0) return { schema: {}, fields: {} };
	return { schema: { type: 'object', properties, ...(required.length ? { required } : {}) }, fields: map };
}

export class PpState {
	accounts = new Map<string, PpAccount>();
	parsers = new Map<string, PpParser>();
	extractions = new Map<string, PpExtraction>();
	webhooks = new Map<string, PpWebhook>();
	/** Per account and Idempotency-Key: when, what was asked (parser and file hashes) and the first answer. */
	idempotency = new Map<string, { at: number; fingerprint: string; status: number; body: unknown }>();
	seq = 0;

	constructor(private core: Core) {
		this.seed();
	}

	reset(): void {
		this.accounts.clear();
		this.parsers.clear();
		this.extractions.clear();
		this.webhooks.clear();
		this.idempotency.clear();
		this.seq = 0;
		this.seed();
	}

	private seed(): void {
		this.addAccount(PP_DEMO.apiKey, PP_DEMO.credits, 'Sandbox Demo');
		this.addParser(PP_DEMO.apiKey, { parser_id: PP_DEMO.parserId, name: 'Invoice Parser', description: 'Extracts vendor and totals from invoices', fields: INVOICE_FIELDS });
	}

	addAccount(key: string, credits: number, name = 'Sandbox User'): PpAccount {
		const now = nowIso();
		const a: PpAccount = {
			user_id: ppId('usr'),
			email: `${key.slice(-6)}@sandbox.local`,
			name,
			key_name: 'Sandbox key',
			key_expires_at: null,
			member_since: now,
			purchases: [],
		};
		this.accounts.set(key, a);
		this.setCredits(key, credits);
		return a;
	}

	/** Replaces the balance with one purchase holding `credits`. */
	setCredits(key: string, credits: number): void {
		const a = this.accounts.get(key)!;
		const now = Date.now();
		a.purchases = [{ purchase_id: ppId('pur'), plan: 'popular', credits, remaining: credits, expires_at: new Date(now + 365 * 86400_000).toISOString(), purchased_at: new Date(now).toISOString() }];
	}

	available(key: string): number {
		return (this.accounts.get(key)?.purchases ?? []).reduce((s, p) => s + p.remaining, 0);
	}

	charge(key: string, n: number): void {
		let left = n;
		for (const p of this.accounts.get(key)!.purchases) {
			const take = Math.min(left, p.remaining);
			p.remaining -= take;
			left -= take;
		}
		this.core.stats.raw.credits.perfectParserCharged += n;
	}

	addParser(account: string, p: { parser_id?: string; name: string; description?: string | null; result_mode?: PpParser['result_mode']; fields?: { name: string; type?: string; description?: string; required?: boolean }[]; schema?: unknown }): PpParser {
		const now = Date.now();
		const gen = schemaFromFields(p.fields ?? []);
		const parser: PpParser = {
			parser_id: p.parser_id ?? ppId('prs'),
			account,
			name: p.name,
			description: p.description ?? null,
			result_mode: p.result_mode ?? 'one_per_file',
			schema: p.schema ?? gen.schema,
			fields: gen.fields,
			sample_file_id: null,
			created_at: now,
			updated_at: now,
		};
		if (p.schema && !p.fields) parser.fields = Object.fromEntries(fieldsFromJsonSchema(p.schema).map((f) => [f.name, { description: '' }]));
		this.parsers.set(parser.parser_id, parser);
		return parser;
	}

	parserOut(p: PpParser) {
		return {
			parser_id: p.parser_id,
			name: p.name,
			description: p.description,
			result_mode: p.result_mode,
			schema: p.schema,
			fields: p.fields,
			has_sample_file: p.sample_file_id !== null,
			...(p.sample_file_id ? { sample_file_id: p.sample_file_id } : {}),
			created_at: new Date(p.created_at).toISOString(),
			updated_at: new Date(p.updated_at).toISOString(),
		};
	}

	// ------------------------------------------------------------ lifecycle

	start(x: PpExtraction): void {
		const { parseMs, extractMs } = this.core.opts.timing;
		const parser = this.parsers.get(x.parser_id);
		for (const d of x.documents) {
			this.core.sched.after(this.core.delay(parseMs), () => {
				// Node runs due timers list by list (one per duration), not strictly by due time: when the
				// event loop was busy (large uploads), the finish timer can run first. Never move a
				// finished document back to processing, or its extraction would never complete.
				if (!this.extractions.has(x.extraction_id) || d.status !== 'queued') return;
				d.status = 'processing';
				d.updated_at = Date.now();
				if (x.status === 'queued') x.status = 'processing';
				x.updated_at = d.updated_at;
			});
			this.core.sched.after(this.core.delay(parseMs + extractMs), () => {
				if (!this.extractions.has(x.extraction_id)) return;
				this.finishDocument(x, d, parser);
			});
		}
	}

	private finishDocument(x: PpExtraction, d: PpDocument, parser: PpParser | undefined): void {
		const now = Date.now();
		const forced = forcedFailure(d.facts);
		if (forced || this.core.shouldFail()) {
			d.status = 'failed';
			d.error_message = forced ?? 'Document could not be processed (sandbox failure injection)';
			d.extracted_data = null;
		} else {
			const fields = fieldsFromJsonSchema(parser?.schema);
			if (parser?.result_mode === 'one_per_page') {
				// undocumented shape: an array of per-page objects
				d.extracted_data = Array.from({ length: d.facts.pageCount }, (_, i) => plainValues(extractValues(d.facts, fields, i + 1)));
			} else d.extracted_data = plainValues(extractValues(d.facts, fields));
			d.status = 'completed';
			// One confidence per document, as the service reports it: the lowest a test document asks for.
			const forced = Object.values(forcedConfidence(d.facts));
			d.confidence = forced.length ? Math.min(...forced) : 0.98;
		}
		d.processing_time_ms = now - d.created_at;
		d.updated_at = now;
		x.updated_at = now;
		if (x.status === 'queued') x.status = 'processing';
		this.emit(x.account, 'extraction.document_completed', {
			extraction_id: x.extraction_id,
			document_id: d.document_id,
			parser_id: x.parser_id,
			status: d.status,
			created_at: new Date(now).toISOString(),
			data: { document: this.documentOut(x, d) },
		});
		if (x.documents.every((y) => y.status === 'completed' || y.status === 'failed')) {
			const ok = x.documents.filter((y) => y.status === 'completed').length;
			x.status = ok === x.documents.length ? 'completed' : ok === 0 ? 'failed' : 'partial';
			x.completed_at = now;
			const finished = {
				extraction_id: x.extraction_id,
				parser_id: x.parser_id,
				status: x.status,
				test: false,
				created_at: new Date(now).toISOString(),
				data: { extraction: this.statusOut(x) },
			};
			this.emit(x.account, 'extraction.job_completed', finished);
			// Dashboard webhooks hear the same end as batch.completed | batch.failed | batch.partial
			// (payload undocumented: ours is the job_completed one under the batch event name).
			this.emit(x.account, `batch.${x.status}`, finished, x.parser_id);
		}
	}

	/** Sends an event to every active subscription of the account that wants it (a dashboard one scoped to a parser: only that parser's). */
	emit(account: string, event: string, payload: Record<string, unknown>, parserId?: string): void {
		for (const w of this.webhooks.values()) {
			if (w.account !== account || w.deleted || !w.is_active || !w.events.includes(event)) continue;
			if (w.parser_id && w.parser_id !== parserId) continue;
			void this.deliver(w, event, payload, true);
		}
	}

	deliver(w: PpWebhook, event: string, payload: Record<string, unknown>, retry: boolean): Promise<DeliveryAttempt> {
		const body = JSON.stringify({ event, ...payload });
		const delivery_id = ppId('dlv');
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			'User-Agent': 'PerfectParser-Webhooks/1.0 (sandbox)',
			// documented: lowercase hex HMAC-SHA256 of the raw body, keyed with the signing secret, no prefix
			'X-PerfectParser-Signature': createHmac('sha256', w.signing_secret).update(body).digest('hex'),
			// not documented; handy for routing and dedupe
			'X-PerfectParser-Event': event,
			'X-PerfectParser-Delivery': delivery_id,
		};
		if (w.secret) headers['X-Webhook-Secret'] = w.secret;
		return this.core.webhooks.deliver({
			url: w.url,
			headers,
			body,
			retry,
			onAttempt: (a) => {
				w.deliveries.push({ ...a, event, delivery_id });
				if (w.deliveries.length > 10) w.deliveries.splice(0, w.deliveries.length - 10);
			},
		});
	}

	// ------------------------------------------------------------ serialisers

	documentOut(x: PpExtraction, d: PpDocument) {
		const parser = this.parsers.get(x.parser_id);
		return {
			document_id: d.document_id,
			extraction_id: x.extraction_id,
			parser_id: x.parser_id,
			parser_name: parser?.name ?? null,
			filename: d.filename,
			file_type: d.facts.mime,
			file_size: d.blob.size,
			sha256: d.blob.sha256, // not documented: document fact for tests
			status: d.status,
			page_count: d.page_count,
			credits_used: d.credits_used,
			confidence: d.confidence,
			processing_time_ms: d.processing_time_ms,
			extracted_data: d.extracted_data,
			error_message: d.error_message,
			created_at: new Date(d.created_at).toISOString(),
			updated_at: new Date(d.updated_at).toISOString(),
		};
	}

	summary(x: PpExtraction) {
		const parser = this.parsers.get(x.parser_id);
		return {
			extraction_id: x.extraction_id,
			parser_id: x.parser_id,
			parser_name: parser?.name ?? null,
			status: x.status,
			file_count: x.documents.length,
			page_count: x.documents.reduce((s, d) => s + d.page_count, 0),
			credits_used: x.credits_used,
			created_at: new Date(x.created_at).toISOString(),
			updated_at: new Date(x.updated_at).toISOString(),
			completed_at: x.completed_at ? new Date(x.completed_at).toISOString() : null,
		};
	}

	statusOut(x: PpExtraction) {
		return {
			...this.summary(x),
			documents: x.documents.map((d) => ({
				document_id: d.document_id,
				filename: d.filename,
				status: d.status,
				page_count: d.page_count,
				credits_used: d.credits_used,
				error_message: d.error_message,
				created_at: new Date(d.created_at).toISOString(),
				updated_at: new Date(d.updated_at).toISOString(),
			})),
		};
	}

	resultsOut(x: PpExtraction) {
		return {
			...this.summary(x),
			documents: x.documents.map((d) => {
				const full = this.documentOut(x, d);
				// unfinished documents are listed with null data (undocumented choice)
				return {
					document_id: full.document_id,
					filename: full.filename,
					status: full.status,
					page_count: full.page_count,
					credits_used: full.credits_used,
					confidence: full.confidence,
					processing_time_ms: full.processing_time_ms,
					extracted_data: full.extracted_data,
					error_message: full.error_message,
					sha256: full.sha256,
					created_at: full.created_at,
					updated_at: full.updated_at,
				};
			}),
		};
	}

	webhookOut(w: PpWebhook, withSecret = false, withDeliveries = false) {
		return {
			webhook_id: w.webhook_id,
			url: w.url,
			events: w.events,
			is_active: w.is_active,
			created_at: new Date(w.created_at).toISOString(),
			...(withSecret ? { signing_secret: w.signing_secret } : {}),
			// undocumented shape of the delivery log (the docs only say "last 10 delivery attempts")
			...(withDeliveries ? { recent_deliveries: [...w.deliveries].reverse() } : {}),
		};
	}
}
