import type { IPollFunctions } from 'n8n-workflow';

import { isTransientError } from '../transport/errors';
import { safeText, secretsOf } from '../transport/redact';

/**
 * The one rule of every polling trigger. A transient failure (408, 425, 429, 500, 502, 503, 504,
 * a connection reset, refused or timed out, after the core's retries) is logged and the poll
 * returns nothing: the workflow stays active and the next poll starts from the position saved
 * before this one. Anything else (401, 403, 404, 409, 422, any other status, a refused redirect,
 * a request n8n's SSRF protection refused (n8n's settings must change, so it is not retried), a
 * bound reached, a plain bug such as a TypeError) is thrown, so the user sees it and its fix.
 * Our errors carry no token (the core builds them from plain facts); the message is scrubbed once
 * more anyway.
 */
export function skipTransientPollError(ctx: IPollFunctions, error: unknown, what: string): null {
	if (!isTransientError(error)) throw error;
	const message = safeText(error instanceof Error ? error.message : String(error), secretsOf(ctx));
	ctx.logger.warn(`Trigger "${ctx.getNode().name}" could not ${what}; will try again on the next poll: ${message}`);
	return null;
}
