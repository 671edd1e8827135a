import { NodeApiError, type IDataObject, type JsonObject } from 'n8n-workflow';

import { safeErrorBody, safeText, safeValue, secretsOf } from './redact';
import type { RequestContext, ServiceDefinition, ServiceErrorInfo } from './serviceDefinition';

function joinDetails(info: ServiceErrorInfo): string {
	return (info.details ?? []).map((line) => `• ${line}`).join('\n');
}

function defaultHint(service: ServiceDefinition, statusCode: number, info: ServiceErrorInfo): string {
	if (statusCode === 401) {
		return `Open the ${service.name} credential and check the ${service.tokenLabel} (it may be revoked or mistyped) and the base URL.`;
	}
	if (statusCode === 403) {
		return info.ability
			? `Create a ${service.tokenLabel} that has the "${info.ability}" ability, or add it to this one, and update the credential.`
			: `Check that the ${service.tokenLabel}'s account may do this in this workspace or project.`;
	}
	if (statusCode === 404) return 'Check the ID (and that it belongs to the account of this credential).';
	if (statusCode === 400 || statusCode === 422) return 'Correct the fields listed above and run again.';
	if (statusCode === 429) {
		return `${service.name}'s rate limit was still exceeded after waiting. Lower the batch size or spread the workflow's runs out.`;
	}
	if (statusCode >= 500) return `${service.name} had a problem on its side. Run again later; if it persists, contact ${service.name} support.`;
	return '';
}

function headline(
	service: ServiceDefinition,
	statusCode: number,
	info: ServiceErrorInfo,
	subject?: string,
): string {
	const said = info.message ? `: ${info.message}` : '';
	switch (statusCode) {
		case 401:
			return `${service.name} did not accept the ${service.tokenLabel}${said}`;
		case 403:
			return info.ability
				? `The ${service.tokenLabel} lacks the "${info.ability}" ability`
				: `${service.name} refused this request${said}`;
		case 404:
			return subject ? `${subject} was not found` : `${service.name} found nothing here${said}`;
		case 400:
		case 422:
			return `${service.name} rejected the request${said}`;
		case 429:
			return `${service.name} rate limit exceeded${said}`;
		default:
			return statusCode >= 500
				? `${service.name} server error (HTTP ${statusCode})${said}`
				: `${service.name} answered HTTP ${statusCode}${said}`;
	}
}

/** Turns an HTTP error answer into a NodeApiError that names the problem and the fix (its item is in the context). */
export function httpError(
	ctx: RequestContext,
	service: ServiceDefinition,
	statusCode: number,
	body: unknown,
	options: { subject?: string; itemIndex?: number; tried?: string; refused?: string },
): NodeApiError {
	const secrets = secretsOf(ctx);
	const info = errorInfo(ctx, service, statusCode, body);
	const said = headline(service, statusCode, info, options.subject);
	// How hard the request tried, and a wait the service asked for that the node did not make.
	const why = [options.tried, options.refused].filter((part) => part).join('; ');
	const message = safeText(why ? `${said} (${why})` : said, secrets, MAX_MESSAGE);
	const hint = service.hint?.(statusCode, info) ?? defaultHint(service, statusCode, info);
	const description = safeText([joinDetails(info), hint].filter((part) => part).join('\n'), secrets, MAX_DESCRIPTION);
	// NodeApiError keeps this object (errorResponse) and reads messages from it: only safe values.
	const response: IDataObject = {
		httpCode: String(statusCode),
		message: info.message ?? '',
		...(info.code ? { code: info.code } : {}),
		...(info.ability ? { ability: info.ability } : {}),
		...(info.details ? { details: info.details } : {}),
		...(info.extra ?? {}),
	};
	return new NodeApiError(ctx.getNode(), response as JsonObject, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: options.itemIndex,
	});
}

/**
 * What an error answer says, as the service parses it, safe to show: the body may echo the token
 * or a signed URL, be an HTML page, or be megabytes long, so the parser reads a redacted, bounded
 * body (an HTML page reduced to its status text) and every string it returns is redacted again.
 */
export function errorInfo(ctx: RequestContext, service: ServiceDefinition, statusCode: number, body: unknown): ServiceErrorInfo {
	const secrets = secretsOf(ctx);
	return safeInfo(service.parseError(statusCode, safeErrorBody(statusCode, body, secrets)), secrets);
}

/** A headline is the service's message plus our words; a description lists up to 20 details. */
const MAX_MESSAGE = 700;
const MAX_DESCRIPTION = 3000;
const MAX_DETAILS = 20;

/** The parsed error with every string redacted and bounded, and at most MAX_DETAILS details. */
function safeInfo(info: ServiceErrorInfo, secrets: readonly string[]): ServiceErrorInfo {
	const details = info.details?.slice(0, MAX_DETAILS).map((line) => safeText(line, secrets));
	if (details && info.details && info.details.length > MAX_DETAILS) details.push(`… and ${info.details.length - MAX_DETAILS} more`);
	return {
		message: info.message === undefined ? undefined : safeText(info.message, secrets),
		details,
		ability: info.ability === undefined ? undefined : safeText(info.ability, secrets, 100),
		code: info.code === undefined ? undefined : safeText(info.code, secrets, 100),
		extra: info.extra === undefined ? undefined : (safeValue(info.extra, secrets) as IDataObject),
	};
}

/** Errors that say nothing about the request itself: a connection that broke, timed out or was refused. */
const connectionErrors = new WeakSet<object>();

/** Statuses that are the service's momentary trouble, not the user's to fix. */
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * True when trying again later may well succeed (429, 5xx, timeouts, resets, refused
 * connections), false for what the user must fix (401, 403, 404, 4xx) or anything else. A
 * polling trigger logs the first kind and resumes from the same cursor on its next poll.
 */
export function isTransientError(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	if (connectionErrors.has(error)) return true;
	const httpCode = Number((error as { httpCode?: unknown }).httpCode);
	return TRANSIENT_STATUSES.has(httpCode);
}

const CONNECTION_WORDS: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection was reset',
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ECONNABORTED: 'timed out',
	ETIMEDOUT: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
};

/** A request that never got an HTTP answer. Built from plain facts: the raw error holds headers. */
export function transportError(
	ctx: RequestContext,
	service: ServiceDefinition,
	reason: string,
	options: { itemIndex?: number; maybeProcessed: boolean; what: string; tried?: string },
): NodeApiError {
	// In words: NodeApiError swaps a message that contains a socket code (ECONNRESET…) for a
	// generic one, losing what we tried to do and whether it may have happened.
	// The reason of an unknown failure is the raw error's message, which may quote the request.
	const secrets = secretsOf(ctx);
	const words = CONNECTION_WORDS[reason] ?? 'connection error';
	const tried = options.tried ? `; ${options.tried}` : '';
	const message = safeText(`Could not reach ${service.name} (${words}${tried}) while trying to ${options.what}`, secrets, MAX_MESSAGE);
	const facts = `Network error: ${safeText(reason, secrets)}. `;
	const description = facts + (options.maybeProcessed
		? `The connection broke after the request was sent, so ${service.name} may have done it anyway. It was not repeated automatically to avoid doing it twice: check in ${service.name} before running again.`
		: `Check the base URL in the credential and the network, then run again.`);
	const error = new NodeApiError(ctx.getNode(), { connectionError: words } as JsonObject, {
		message,
		description,
		itemIndex: options.itemIndex,
	});
	connectionErrors.add(error);
	return error;
}
