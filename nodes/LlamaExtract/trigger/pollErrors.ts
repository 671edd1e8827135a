import type { IPollFunctions } from 'n8n-workflow';

import { safeText, secretsOf } from '../../shared/redact';

/**
 * Transient failures (rate limit, server errors, lost connections, after the core's retries) must
 * not deactivate the workflow: they are logged and the poll tries again next time with its state
 * untouched. Everything else (401/403/404, bad configuration) is thrown so the user sees the fix.
 */
export function isTransient(error: unknown): boolean {
	const candidate = error as { name?: string; httpCode?: unknown; message?: unknown };
	const code = Number(candidate.httpCode);
	if (Number.isFinite(code) && code > 0) return code === 408 || code === 429 || code >= 500;
	// The core's transport errors (reset, refused, timeout) are the only NodeApiErrors without a status.
	return candidate.name === 'NodeApiError';
}

export function handlePollError(ctx: IPollFunctions, error: unknown, what: string): null {
	if (!isTransient(error)) throw error;
	ctx.logger.warn(`LlamaExtract Trigger: could not ${what}; will try again at the next poll. ${safeText((error as Error).message, secretsOf(ctx))}`);
	return null;
}
