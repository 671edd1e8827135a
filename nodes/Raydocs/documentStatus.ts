/**
 * Raydocs spells a parsed, usable document `processed` (API examples and the list filter),
 * `parsed` (data-model guide) or `ready` (older pages); `failed` is final. Every other value
 * (`pending`, `uploaded`, `parsing`, `processing`, anything new) means parsing is still under way.
 */
export const USABLE_DOCUMENT_STATUSES = ['processed', 'parsed', 'ready'];

/** Suggestions for a free-text document status filter (the full list is not published). */
export const DOCUMENT_STATUS_SUGGESTIONS = ['processed', 'parsed', 'uploaded', 'processing', 'parsing', 'pending', 'failed'];

export type DocumentState = 'usable' | 'failed' | 'running';

export function documentState(status: unknown): DocumentState {
	const value = String(status ?? '').trim().toLowerCase();
	if (USABLE_DOCUMENT_STATUSES.includes(value)) return 'usable';
	if (value === 'failed') return 'failed';
	return 'running';
}
