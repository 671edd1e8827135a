import type { IDataObject } from 'n8n-workflow';

/** What replaces a secret in anything the node shows. */
export const REDACTED = '***';

/** Longest text taken from a response body into a message, description or item. */
export const MAX_BODY_TEXT = 500;

/** Secrets shorter than this are not searched for: replacing them would garble every message. */
const MIN_SECRET_LENGTH = 4;

/**
 * The credential's secret values: the fields the credential type marks as passwords (the access
 * token, the API key), each also in its URL-encoded form, longest first so that a secret that
 * contains another is replaced whole.
 */
export function secretValues(credentials: IDataObject | undefined, fields: readonly string[]): string[] {
	const values = new Set<string>();
	for (const field of fields) {
		const value = credentials?.[field];
		if (typeof value !== 'string' || value.trim().length < MIN_SECRET_LENGTH) continue;
		for (const form of [value, value.trim(), encodeURIComponent(value.trim())]) values.add(form);
	}
	return [...values].sort((a, b) => b.length - a.length);
}

/** The secrets of the credential each execution context used, recorded by the HTTP core. */
const contextSecrets = new WeakMap<object, string[]>();

export function rememberSecrets(ctx: object, secrets: readonly string[]): void {
	const known = new Set([...(contextSecrets.get(ctx) ?? []), ...secrets]);
	contextSecrets.set(ctx, [...known].sort((a, b) => b.length - a.length));
}

export function secretsOf(ctx: object): string[] {
	return contextSecrets.get(ctx) ?? [];
}

// The query string of any URL: signed URLs carry their signature (a bearer secret) there.
const URL_QUERY = /\b(https?:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;
// Credentials in the forms services echo them: a Bearer header, an X-API-Key header or JSON key,
// or a token-like query parameter outside a URL.
const BEARER = /\b(Bearer)\s+[^\s"',;<>]+/gi;
const KEY_HEADER = /\b(x-api-key|api[-_]?key|access[-_]?token|authorization)(["']?\s*[:=]\s*["']?)(?!\*\*\*)[^\s"',;&<>]+/gi;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces the secrets, Bearer and API-key forms and every URL's query string with `***`. */
export function redact(text: string, secrets: readonly string[] = []): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= MIN_SECRET_LENGTH) result = result.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
	}
	return result
		.replace(URL_QUERY, `$1?${REDACTED}`)
		.replace(BEARER, `$1 ${REDACTED}`)
		.replace(KEY_HEADER, `$1$2${REDACTED}`);
}

/** At most `max` characters, with an ellipsis when cut. */
export function bound(text: string, max = MAX_BODY_TEXT): string {
	return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Redacted, then bounded: for any text that came from a response body or an error. */
export function safeText(text: string, secrets: readonly string[] = [], max = MAX_BODY_TEXT): string {
	// Bound first (a 5 MB body is not scanned whole), with room for the secret at the cut.
	const longestSecret = secrets.reduce((longest, secret) => Math.max(longest, secret.length), 0);
	const head = text.length > max * 4 + longestSecret ? text.slice(0, max * 4 + longestSecret) : text;
	return bound(redact(head, secrets), max);
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	408: 'Request Timeout',
	409: 'Conflict',
	410: 'Gone',
	413: 'Payload Too Large',
	415: 'Unsupported Media Type',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

/** "HTTP 502 Bad Gateway": what an HTML error page says, without its markup. */
export function statusText(statusCode: number): string {
	return `HTTP ${statusCode}${REASONS[statusCode] ? ` ${REASONS[statusCode]}` : ''}`;
}

/** A body that is an HTML page (a proxy's or load balancer's error page), not the API's answer. */
export function isHtml(text: string): boolean {
	return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<title[\s>])/i.test(text.slice(0, 1024));
}

/** An HTML page in a word: its title ("502 Bad Gateway") or else the status text. */
export function htmlStatus(statusCode: number, html: string, secrets: readonly string[] = []): string {
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html.slice(0, 4096))?.[1].replace(/\s+/g, ' ').trim();
	return title ? safeText(title, secrets, 100) : statusText(statusCode);
}

/**
 * An error body as the service parsers may read it: an HTML page becomes its status text, a long
 * text is bounded, and every string inside a JSON body is redacted and bounded.
 */
export function safeErrorBody(statusCode: number, body: unknown, secrets: readonly string[]): unknown {
	if (typeof body === 'string') return isHtml(body) ? htmlStatus(statusCode, body, secrets) : safeText(body, secrets);
	return safeValue(body, secrets);
}

/** A copy with every string redacted and bounded (arrays and objects walked, depth-bounded). */
export function safeValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
	if (typeof value === 'string') return safeText(value, secrets);
	if (depth > 6 || typeof value !== 'object' || value === null) return depth > 6 ? '…' : value;
	if (Array.isArray(value)) {
		const items = value.slice(0, 50).map((entry) => safeValue(entry, secrets, depth + 1));
		return value.length > 50 ? [...items, `… ${value.length - 50} more`] : items;
	}
	const copy: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject).slice(0, 100)) {
		copy[safeText(key, secrets, 100)] = safeValue(entry, secrets, depth + 1) as IDataObject[string];
	}
	return copy;
}
