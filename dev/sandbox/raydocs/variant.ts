/**
 * Where the public Raydocs documentation shows two forms of one behaviour, the sandbox serves the
 * first by default and the other when its switch is on. `variant: 'docs'` turns every switch on:
 * the answers exactly as the documentation pages print them.
 */
export interface RaydocsVariant {
	/** GET session embeds results as `{id, status, title}` and documents as `{id, filename, status, meta}`, without a session `status`. */
	slimSessions: boolean;
	/** Run Extraction answers 201 `{message, job_id}` instead of the run. */
	legacyRunAnswer: boolean;
	/** Run Extraction answers 422 "documents not ready" while a document of the session is parsing. */
	notReadyBeforeRun: boolean;
	/** Batch create with auto_extract starts the run once the document has parsed (none if parsing fails), not at once in `parsing_pending`. */
	runAfterParsing: boolean;
	/** Parsed documents say `parsed` instead of `processed`. */
	parsedStatus: boolean;
	/** List Workspace Documents ignores its `status` filter. */
	ignoreStatusFilter: boolean;
	/** The signed upload URL refuses a `content_type` other than PDF, PNG or JPEG (422). */
	strictContentTypes: boolean;
	/** The first signed link issued for each workflow-run file is already expired (storage answers 401). */
	expiredLinks: boolean;
	/** The workflow-runs clock (`created_at`, `completed_at`, `meta.server_time`) runs this far from the host clock. */
	serverTimeOffsetMs: number;
	/** 500/502/503 answers are HTML error pages, not JSON. */
	htmlErrors: boolean;
}

export const DEFAULT_VARIANT: RaydocsVariant = {
	slimSessions: false,
	legacyRunAnswer: false,
	notReadyBeforeRun: false,
	runAfterParsing: false,
	parsedStatus: false,
	ignoreStatusFilter: false,
	strictContentTypes: false,
	expiredLinks: false,
	serverTimeOffsetMs: 0,
	htmlErrors: false,
};

/** Three hours behind: a client that takes its own clock as the activation boundary sees no run. */
export const DOCS_VARIANT: RaydocsVariant = {
	slimSessions: true,
	legacyRunAnswer: true,
	notReadyBeforeRun: true,
	runAfterParsing: true,
	parsedStatus: true,
	ignoreStatusFilter: true,
	strictContentTypes: true,
	expiredLinks: true,
	serverTimeOffsetMs: -3 * 60 * 60_000,
	htmlErrors: true,
};

export type VariantName = 'default' | 'docs';

export function resolveVariant(name: VariantName | undefined, overrides: Partial<RaydocsVariant> = {}): RaydocsVariant {
	return { ...(name === 'docs' ? DOCS_VARIANT : DEFAULT_VARIANT), ...overrides };
}

/** An HTML error page like a web server or framework shows when no JSON answer is produced. */
export function htmlErrorPage(status: number, title: string): string {
	return `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body><div class="code">${status}</div><div class="message">${title}</div></body>\n</html>\n`;
}
