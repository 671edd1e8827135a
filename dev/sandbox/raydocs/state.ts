/** Raydocs data model, demo seed and the parse → extract lifecycle. */
import { createHash, randomUUID } from 'node:crypto';
import type { StoredBlob } from '../blobs';
import type { Core } from '../core';
import { DocFacts, extractValues, FieldSpec, findLine, forcedFailure } from '../extract';
import { isoSec } from '../http';

export const ALL_ABILITIES = [
	'workspaces-read',
	'workspaces-write',
	'workspace-users-read',
	'workspace-users-write',
	'templates-read',
	'templates-write',
	'sessions-read',
	'sessions-write',
	'documents-read',
	'documents-write',
	'workflows-read',
	'workflow-runs-output-read',
];
export const READ_ABILITIES = ALL_ABILITIES.filter((a) => !a.endsWith('-write'));

export const DEMO = {
	tokenAll: 'rd_live_sandbox_admin_all_abilities',
	tokenReadOnly: 'rd_live_sandbox_readonly',
	tokenMember: 'rd_live_sandbox_member_not_admin',
	workspaceId: 1,
	otherWorkspaceId: 2,
	templateId: '11111111-1111-4111-8111-111111111111',
	workflowId: '22222222-2222-4222-8222-222222222222',
};

export type Role = 'admin' | 'user' | 'readonly';

export interface RdUser {
	id: number;
	name: string;
	email: string;
}
export interface RdToken {
	token: string;
	userId: number;
	abilities: Set<string>;
	name: string;
}
export interface RdInvite {
	id: number;
	email: string;
	role: Role;
	status: 'pending' | 'accepted' | 'expired';
	created_at: number;
	valid_until: number;
	code: string;
}
export interface RdWorkspace {
	id: number;
	name: string;
	icon: string | null;
	settings: Record<string, unknown>;
	created_at: number;
	updated_at: number;
	members: Map<number, Role>;
	invites: RdInvite[];
}
export interface RdTemplate {
	id: string;
	workspace_id: number;
	name: string;
	description: string | null;
	schema_json: any;
	settings: Record<string, unknown>;
	created_at: number;
	updated_at: number;
}
export interface RdParsing {
	id: string;
	config_hash: string;
	status: 'queued' | 'processing' | 'ready' | 'failed';
	parser_version: string;
	updated_at: number;
}
export interface RdDocument {
	id: string;
	workspace_id: number;
	filename: string;
	mime: string;
	blob: StoredBlob;
	facts: DocFacts;
	status: 'uploaded' | 'processing' | 'processed' | 'failed';
	source_type: 'upload' | 'url' | 'connector';
	source_url: string | null;
	parsings: RdParsing[];
	chunkIds: string[];
	/** Called once parsing ends: true when the document parsed, false when it failed. */
	waiters: ((parsed: boolean) => void)[];
	created_at: number;
	updated_at: number;
}
export interface RdSession {
	id: string;
	name: string;
	extraction_template_id: string;
	settings: Record<string, unknown>;
	documentIds: string[];
	resultIds: string[];
	created_at: number;
	updated_at: number;
}
export type ResultStatus = 'created' | 'parsing_pending' | 'processing' | 'completed' | 'failed';
export interface RdResult {
	id: string;
	extraction_session_id: string;
	status: ResultStatus;
	config_hash: string;
	documentIds: string[];
	title: string | null;
	data: any;
	audit_data: any;
	error: string | null;
	created_at: number;
	updated_at: number;
	completed_at: number | null;
}
export interface RdWorkflow {
	id: string;
	workspace_id: number;
	name: string;
	created_at: number;
}
export interface RdRun {
	id: string;
	workflow_id: string;
	workspace_id: number;
	status: string;
	debug: boolean;
	created_at: number;
	updated_at: number;
	completed_at: number | null;
	output: unknown;
	/** Runtime files by `fileRef` id; the final output lists them as `{type: 'fileRef', id, …}`. */
	files: Map<string, StoredBlob>;
	/** File ids whose first signed link was handed out (the `expiredLinks` switch expires only that one). */
	linked: Set<string>;
}

export const INVOICE_SCHEMA = {
	config: { reasoning_enabled: false, system_message: null, extraction_title_prompt: null },
	definitions: {},
	groups: {
		invoice_details: {
			search_query: 'invoice number, date, vendor, total amount',
			fields: {
				invoice_number: { type: 'string', extraction_prompt: 'Extract the invoice number' },
				invoice_date: { type: 'string', extraction_prompt: 'Extract the invoice date' },
				vendor: { type: 'string', extraction_prompt: 'Extract the vendor name' },
				total: { type: 'number', extraction_prompt: 'Extract the total amount' },
				currency: { type: 'string', extraction_prompt: 'Extract the currency' },
			},
		},
	},
};

export class RaydocsState {
	users = new Map<number, RdUser>();
	tokens = new Map<string, RdToken>();
	workspaces = new Map<number, RdWorkspace>();
	templates = new Map<string, RdTemplate>();
	documents = new Map<string, RdDocument>();
	sessions = new Map<string, RdSession>();
	results = new Map<string, RdResult>();
	workflows = new Map<string, RdWorkflow>();
	runs = new Map<string, RdRun>();
	chunks = new Map<string, { id: string; document_id: string; chunk_index: number; page: number; lines: string[] }>();
	seq = { user: 0, workspace: 0, invite: 0 };

	constructor(private core: Core) {
		this.seed();
	}

	/** Which documented form of each behaviour is served. */
	get variant() {
		return this.core.opts.raydocs;
	}

	/** The workflow-runs clock: the host clock moved by the variant's server-time offset. */
	runClock(): number {
		return Date.now() + this.variant.serverTimeOffsetMs;
	}

	reset(): void {
		for (const m of [this.users, this.tokens, this.workspaces, this.templates, this.documents, this.sessions, this.results, this.workflows, this.runs, this.chunks]) m.clear();
		this.seq = { user: 0, workspace: 0, invite: 0 };
		this.seed();
	}

	private seed(): void {
		const admin = this.addUser('Demo Admin', 'admin@sandbox.local');
		const member = this.addUser('Demo Member', 'member@sandbox.local');
		const other = this.addUser('Other Owner', 'other@sandbox.local');
		const ws = this.addWorkspace('Demo Workspace', '📄', admin.id);
		ws.members.set(member.id, 'user');
		this.addWorkspace('Other Workspace', '🔒', other.id);
		this.addToken(DEMO.tokenAll, admin.id, ALL_ABILITIES, 'sandbox all abilities');
		this.addToken(DEMO.tokenReadOnly, admin.id, READ_ABILITIES, 'sandbox read only');
		this.addToken(DEMO.tokenMember, member.id, ALL_ABILITIES, 'sandbox member (not admin)');
		this.addToken('rd_live_sandbox_other_workspace_owner', other.id, ALL_ABILITIES, 'sandbox other owner');
		this.addTemplate({ id: DEMO.templateId, workspace_id: ws.id, name: 'Invoice Extraction', description: 'Extract key fields from invoices', schema_json: INVOICE_SCHEMA });
		this.addWorkflow({ id: DEMO.workflowId, workspace_id: ws.id, name: 'Invoice export' });
	}

	addUser(name: string, email: string): RdUser {
		const u = { id: ++this.seq.user, name, email };
		this.users.set(u.id, u);
		return u;
	}

	addWorkspace(name: string, icon: string | null, ownerId: number): RdWorkspace {
		const now = Date.now();
		const ws: RdWorkspace = { id: ++this.seq.workspace, name, icon, settings: {}, created_at: now, updated_at: now, members: new Map([[ownerId, 'admin']]), invites: [] };
		this.workspaces.set(ws.id, ws);
		return ws;
	}

	addToken(token: string, userId: number, abilities: string[], name = 'token'): RdToken {
		const t = { token, userId, abilities: new Set(abilities), name };
		this.tokens.set(token, t);
		return t;
	}

	addTemplate(p: Partial<RdTemplate> & { workspace_id: number; name: string }): RdTemplate {
		const now = Date.now();
		const t: RdTemplate = {
			id: p.id ?? randomUUID(),
			workspace_id: p.workspace_id,
			name: p.name,
			description: p.description ?? null,
			schema_json: p.schema_json ?? { config: {}, definitions: {}, groups: {} },
			settings: p.settings ?? { parsing: { contextual_embedding: false } },
			created_at: now,
			updated_at: now,
		};
		this.templates.set(t.id, t);
		return t;
	}

	addWorkflow(p: { id?: string; workspace_id: number; name: string }): RdWorkflow {
		const w = { id: p.id ?? randomUUID(), workspace_id: p.workspace_id, name: p.name, created_at: Date.now() };
		this.workflows.set(w.id, w);
		return w;
	}

	/** Creates a workspace document, or reuses one with the same sha256 in that workspace. */
	addDocument(wsId: number, blob: StoredBlob, filename: string, source: { type: 'upload' | 'url' | 'connector'; url?: string | null }): { doc: RdDocument; reused: boolean } {
		for (const d of this.documents.values()) {
			if (d.workspace_id === wsId && d.blob.sha256 === blob.sha256) return { doc: d, reused: true };
		}
		const facts = this.core.blobs.facts_(blob);
		const now = Date.now();
		const doc: RdDocument = {
			id: randomUUID(),
			workspace_id: wsId,
			filename,
			mime: blob.contentType && blob.contentType !== 'application/octet-stream' ? blob.contentType : facts.mime,
			blob,
			facts,
			status: 'uploaded',
			source_type: source.type,
			source_url: source.url ?? null,
			parsings: [],
			chunkIds: [],
			waiters: [],
			created_at: now,
			updated_at: now,
		};
		this.documents.set(doc.id, doc);
		this.core.stats.created('raydocs', 'documents');
		this.core.stats.document('raydocs', blob.sha256);
		return { doc, reused: false };
	}

	templateOfSession(s: RdSession): RdTemplate | undefined {
		return this.templates.get(s.extraction_template_id);
	}

	configHash(t: RdTemplate): string {
		return createHash('sha256').update(JSON.stringify({ s: t.schema_json, p: t.settings })).digest('hex');
	}

	// ------------------------------------------------------------ lifecycle

	/**
	 * Parses a document (uploaded → processing → processed, or failed for a document with a
	 * `Sandbox parse fail: <reason>` line) and calls `then` when parsing has ended.
	 */
	ensureParsed(doc: RdDocument, configHash: string, then?: (parsed: boolean) => void, force = false): 'ready' | 'queued' {
		if (then) doc.waiters.push(then);
		if ((doc.status === 'processed' || doc.status === 'failed') && !force) {
			this.flush(doc);
			return 'ready';
		}
		if (doc.status === 'processing') return 'queued';
		const parsing: RdParsing = { id: randomUUID(), config_hash: configHash, status: 'queued', parser_version: 'v1', updated_at: Date.now() };
		doc.parsings.push(parsing);
		doc.status = 'processing';
		doc.updated_at = Date.now();
		this.renameSessionsOf(doc);
		const { parseMs } = this.core.opts.timing;
		this.core.sched.after(this.core.delay(parseMs * 0.3), () => {
			// Timers of different durations may run out of order on a busy loop: never undo 'ready'.
			if (parsing.status !== 'queued') return;
			parsing.status = 'processing';
			parsing.updated_at = Date.now();
		});
		this.core.sched.after(this.core.delay(parseMs), () => {
			if (!this.documents.has(doc.id)) return;
			const failure = findLine(doc.facts, 'sandbox parse fail')?.value;
			if (failure) {
				parsing.status = 'failed';
				doc.status = 'failed';
			} else {
				this.buildChunks(doc);
				parsing.status = 'ready';
				doc.status = 'processed';
			}
			parsing.updated_at = Date.now();
			doc.updated_at = Date.now();
			this.flush(doc);
		});
		return 'queued';
	}

	private flush(doc: RdDocument): void {
		const w = doc.waiters.splice(0);
		for (const fn of w) fn(doc.status === 'processed');
	}

	private buildChunks(doc: RdDocument): void {
		for (const id of doc.chunkIds) this.chunks.delete(id);
		doc.chunkIds = doc.facts.pages.map((lines, i) => {
			const id = randomUUID();
			this.chunks.set(id, { id, document_id: doc.id, chunk_index: i, page: i + 1, lines });
			return id;
		});
	}

	/** Sessions named "Pending..." take the filename once processing starts. */
	private renameSessionsOf(doc: RdDocument): void {
		for (const s of this.sessions.values()) {
			if (s.name === 'Pending...' && s.documentIds[0] === doc.id) {
				s.name = doc.filename;
				s.updated_at = Date.now();
			}
		}
	}

	/** Creates a run over the session's current documents and drives it to a terminal state. */
	startRun(session: RdSession): RdResult {
		const tpl = this.templateOfSession(session)!;
		const hash = this.configHash(tpl);
		const docs = session.documentIds.map((id) => this.documents.get(id)!).filter(Boolean);
		const now = Date.now();
		const allReady = docs.every((d) => d.status === 'processed');
		const r: RdResult = {
			id: randomUUID(),
			extraction_session_id: session.id,
			// "deferred mode" while parsing is unfinished
			status: allReady ? 'created' : 'parsing_pending',
			config_hash: hash,
			documentIds: docs.map((d) => d.id),
			title: null,
			data: null,
			audit_data: null,
			error: null,
			created_at: now,
			updated_at: now,
			completed_at: null,
		};
		this.results.set(r.id, r);
		session.resultIds.push(r.id);
		session.updated_at = now;
		this.core.stats.created('raydocs', 'results');
		let waiting = docs.length;
		const unparsed: string[] = [];
		const go = (parsed = true, doc?: RdDocument) => {
			if (!parsed && doc) unparsed.push(doc.filename);
			if (--waiting > 0) return;
			if (!this.results.has(r.id)) return;
			if (unparsed.length) {
				this.touch(r, 'failed');
				r.error = `Document ${unparsed.map((name) => `"${name}"`).join(', ')} failed to parse`;
				r.completed_at = Date.now();
				return;
			}
			if (r.status === 'parsing_pending') this.touch(r, 'created');
			const { extractMs } = this.core.opts.timing;
			this.core.sched.after(this.core.delay(extractMs * 0.3), () => this.results.has(r.id) && this.touch(r, 'processing'));
			this.core.sched.after(this.core.delay(extractMs), () => this.results.has(r.id) && this.complete(r, tpl, docs));
		};
		if (docs.length === 0) {
			waiting = 1;
			go();
		} else for (const d of docs) this.ensureParsed(d, hash, (parsed) => go(parsed, d));
		return r;
	}

	touch(r: RdResult, status: ResultStatus): void {
		if (r.status === 'completed' || r.status === 'failed') return;
		r.status = status;
		r.updated_at = Date.now();
		const s = this.sessions.get(r.extraction_session_id);
		if (s) s.updated_at = r.updated_at;
	}

	private complete(r: RdResult, tpl: RdTemplate, docs: RdDocument[]): void {
		if (r.status === 'completed' || r.status === 'failed') return;
		const forced = docs.map((d) => forcedFailure(d.facts)).find(Boolean);
		const now = Date.now();
		if (forced || this.core.shouldFail()) {
			r.status = 'failed';
			r.error = forced ? `Extraction failed: ${forced}` : 'Extraction failed: the model could not read the document (sandbox failure injection)';
		} else {
			const { data, audit } = this.extract(tpl, docs);
			r.data = data;
			r.audit_data = audit;
			const first = Object.values(data).flatMap((g) => Object.values(g as Record<string, unknown>)).find((v) => typeof v === 'string');
			r.title = first ? `${tpl.name}: ${first}` : `${tpl.name}: ${docs[0]?.filename ?? 'empty session'}`;
			r.status = 'completed';
		}
		r.completed_at = now;
		r.updated_at = now;
		const s = this.sessions.get(r.extraction_session_id);
		if (s) s.updated_at = now;
	}

	/** data/audit_data grouped by template group then field; first document with a value wins. */
	extract(tpl: RdTemplate, docs: RdDocument[]): { data: Record<string, any>; audit: Record<string, any> } {
		const data: Record<string, any> = {};
		const audit: Record<string, any> = {};
		const groups = (tpl.schema_json?.groups ?? {}) as Record<string, { fields?: Record<string, { type?: string }> }>;
		for (const [g, def] of Object.entries(groups)) {
			const fields: FieldSpec[] = Object.entries(def?.fields ?? {}).map(([name, f]) => ({ name, type: String(f?.type ?? 'string') }));
			data[g] = {};
			audit[g] = {};
			for (const f of fields) {
				let value: unknown = null;
				let src: { chunk_id: string; text: string; page: number } | undefined;
				for (const d of docs) {
					const hit = extractValues(d.facts, [f])[f.name];
					if (hit.value !== null) {
						value = hit.value;
						src = { chunk_id: d.chunkIds[(hit.page ?? 1) - 1] ?? d.id, text: hit.line ?? '', page: hit.page ?? 1 };
						break;
					}
				}
				data[g][f.name] = value;
				audit[g][f.name] = {
					reasoning: src ? `Found "${src.text}" on page ${src.page}.` : `No line labelled "${f.name}" was found in the documents.`,
					sources: src ? [src] : [],
				};
			}
		}
		return { data, audit };
	}

	sessionStatus(s: RdSession): 'pending' | 'processing' | 'completed' | 'failed' {
		const runs = s.resultIds.map((id) => this.results.get(id)).filter(Boolean) as RdResult[];
		const docs = s.documentIds.map((id) => this.documents.get(id)).filter(Boolean) as RdDocument[];
		if (runs.some((r) => r.status !== 'completed' && r.status !== 'failed') || docs.some((d) => d.status === 'processing')) return 'processing';
		const last = runs[runs.length - 1];
		if (last) return last.status as 'completed' | 'failed';
		return 'pending';
	}

	// ------------------------------------------------------------ serialisers

	docRef(d: RdDocument) {
		return {
			kind: 'documentRef',
			documentId: d.id,
			workspaceId: d.workspace_id,
			filename: d.filename,
			mime: d.mime,
			size: d.blob.size,
			sha256: d.blob.sha256,
			pageCount: d.facts.pageCount,
			source: { type: d.source_type, url: d.source_url },
			createdAt: isoSec(d.created_at),
		};
	}

	/** The status as served: the data-model guide's words (`pending, parsing, parsed, failed`) with `parsedStatus`. */
	docStatus(d: RdDocument): string {
		if (!this.variant.parsedStatus) return d.status;
		return { uploaded: 'pending', processing: 'parsing', processed: 'parsed', failed: 'failed' }[d.status];
	}

	docOut(d: RdDocument, sessionId?: string) {
		return {
			id: d.id,
			workspace_id: d.workspace_id,
			filename: d.filename,
			mime: d.mime,
			mime_type: d.mime, // legacy name
			size: d.blob.size,
			sha256: d.blob.sha256,
			status: this.docStatus(d),
			source_type: d.source_type,
			source_url: d.source_url,
			source: { type: d.source_type },
			meta: { page_count: d.facts.pageCount, file_size: d.blob.size },
			parsings: d.parsings.map((p) => ({ ...p, updated_at: isoSec(p.updated_at) })),
			...(sessionId ? { extraction_session_id: sessionId } : {}),
			created_at: isoSec(d.created_at),
			updated_at: isoSec(d.updated_at),
		};
	}

	resultOut(r: RdResult) {
		return {
			id: r.id,
			extraction_session_id: r.extraction_session_id,
			status: r.status,
			config_hash: r.config_hash,
			document_refs: r.documentIds.map((id) => this.documents.get(id)).filter(Boolean).map((d) => this.docRef(d!)),
			title: r.title,
			data: r.data,
			audit_data: r.audit_data,
			reasoning: r.audit_data, // legacy mirror for old clients
			// Raydocs documents no error field; the sandbox gives the reason of a failed run
			error: r.error,
			created_at: isoSec(r.created_at),
			updated_at: isoSec(r.updated_at),
			completed_at: r.completed_at ? isoSec(r.completed_at) : null,
		};
	}

	sessionOut(s: RdSession, embed = true) {
		if (this.variant.slimSessions) {
			// As the get-session page's prose example: no session status, summaries only.
			return {
				id: s.id,
				name: s.name,
				extraction_template_id: s.extraction_template_id,
				settings: s.settings,
				created_at: isoSec(s.created_at),
				updated_at: isoSec(s.updated_at),
				...(embed
					? {
							documents: s.documentIds
								.map((id) => this.documents.get(id))
								.filter(Boolean)
								.map((d) => ({ id: d!.id, filename: d!.filename, status: this.docStatus(d!), meta: { page_count: d!.facts.pageCount } })),
							results: s.resultIds
								.map((id) => this.results.get(id))
								.filter(Boolean)
								.map((r) => ({ id: r!.id, status: r!.status, title: r!.title })),
						}
					: {}),
			};
		}
		return {
			id: s.id,
			name: s.name,
			extraction_template_id: s.extraction_template_id,
			settings: s.settings,
			status: this.sessionStatus(s),
			created_at: isoSec(s.created_at),
			updated_at: isoSec(s.updated_at),
			...(embed
				? {
						documents: s.documentIds.map((id) => this.documents.get(id)).filter(Boolean).map((d) => this.docOut(d!)),
						results: s.resultIds.map((id) => this.results.get(id)).filter(Boolean).map((r) => this.resultOut(r!)),
					}
				: {}),
		};
	}

	templateOut(t: RdTemplate) {
		return {
			id: t.id,
			name: t.name,
			description: t.description,
			schema_json: t.schema_json,
			settings: t.settings,
			workspace_id: t.workspace_id,
			created_at: isoSec(t.created_at),
			updated_at: isoSec(t.updated_at),
		};
	}

	workspaceOut(w: RdWorkspace) {
		return { id: w.id, name: w.name, icon: w.icon, settings: w.settings, created_at: isoSec(w.created_at), updated_at: isoSec(w.updated_at) };
	}
}

/** Workflow timestamps carry microseconds like the docs' example. */
export const isoMicro = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
