import { NodeApiError, type JsonObject } from 'n8n-workflow';

import type { RequestContext } from './serviceDefinition';

/**
 * A success answer that must be a JSON object (a result, a job, a run). `200 null`, a list or text
 * becomes a clear error naming what was asked for (its item in the context), instead of a TypeError further on.
 */
export function objectAnswer<T>(ctx: RequestContext, body: unknown, options: { service: string; subject: string; itemIndex?: number }): T {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as T;
	const got = body === null || body === undefined || body === '' ? 'nothing' : Array.isArray(body) ? 'a list' : `${typeof body === 'string' ? 'text' : typeof body}`;
	throw new NodeApiError(ctx.getNode(), { answer: got } as JsonObject, {
		message: `${options.service} answered with an empty result for ${options.subject}`,
		description: `The request succeeded but the answer held ${got} instead of a JSON object. Run again; if it persists, ${options.service} is answering wrongly.`,
		itemIndex: options.itemIndex,
	});
}
