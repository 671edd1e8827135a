import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * The base URL of a credential, as every request and the credential test use it: trimmed, without
 * trailing slashes, and refused when it would send the token somewhere it should not go.
 */

/** Why a base URL is refused, in words for the user, and what to do about it. */
export interface BaseUrlProblem {
	problem: string;
	fix: string;
}

export type BaseUrlCheck = { url: string } | BaseUrlProblem;

/**
 * Hosts a token may reach over plain http: this machine and private networks, where a sandbox or
 * a self-hosted deployment lives. Elsewhere http would carry the token in clear. Read from the
 * host as written (the credential test's expression can only read text).
 */
export function isPrivateHost(host: string): boolean {
	return PRIVATE_HOST.test(host);
}

const PRIVATE_HOST_SOURCE =
	'^(localhost|[^/]+\\.localhost|[^/]+\\.local|\\[::1\\]|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|192\\.168\\.\\d{1,3}\\.\\d{1,3}|172\\.(1[6-9]|2\\d|3[01])\\.\\d{1,3}\\.\\d{1,3})$';
const PRIVATE_HOST = new RegExp(PRIVATE_HOST_SOURCE, 'i');

/** What the base URL looks like in a message: never its user info or query (either may be secret). */
export function shownBaseUrl(raw: string): string {
	return raw
		.trim()
		.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@')
		.replace(/[?#].*$/, (rest) => `${rest[0]}***`)
		.slice(0, 200);
}

/**
 * Trims the base URL and removes trailing slashes; refuses a query, a fragment, user info, a
 * scheme other than http(s), and http to a public host. An empty value means `fallback`.
 */
export function checkBaseUrl(raw: unknown, fallback?: string): BaseUrlCheck {
	const trimmed = (typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw)).trim();
	const text = (trimmed || fallback || '').replace(/\/+$/, '');
	if (!text) return { problem: 'is empty', fix: 'Enter the full address of the API, e.g. https://api.example.com.' };
	if (!/^https?:\/\//i.test(text)) {
		return { problem: 'does not start with https://', fix: 'Enter the full address of the API, starting with https://.' };
	}
	if (text.includes('?') || text.includes('#')) {
		return {
			problem: `has a ${text.includes('?') ? 'query string' : 'fragment'}`,
			fix: 'Remove everything from "?" or "#" on: the node adds paths and parameters to the base URL itself.',
		};
	}
	const authority = text.replace(/^https?:\/\//i, '').split('/')[0];
	if (authority.includes('@')) {
		return {
			problem: 'contains a user name or password',
			fix: 'Remove the "user:password@" part: the token or API key of the credential is what signs in.',
		};
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: 'is not a valid URL', fix: 'Enter the full address of the API, e.g. https://api.example.com.' };
	}
	if (/\s/.test(text) || !authority || url.hostname === '') {
		return { problem: 'is not a valid URL', fix: 'Enter the full address of the API, e.g. https://api.example.com.' };
	}
	if (url.protocol === 'http:' && !isPrivateHost(authority.replace(/:\d*$/, ''))) {
		return {
			problem: 'uses http:// for a public host',
			fix: 'Use https://: over plain http the token would travel in clear. http:// is accepted only for this machine and private networks (localhost, 127.x, 10.x, 172.16–31.x, 192.168.x, *.local).',
		};
	}
	return { url: text };
}

/**
 * The same rule as checkBaseUrl, as an n8n expression for a credential's test request: the value
 * of `$credentials.<field>` (or `fallback` when empty), trimmed and without trailing slashes, or
 * an address under the reserved .invalid domain that names the problem, so that the test fails
 * without sending the token anywhere. test/unit/shared/baseUrl.test.ts holds the two together.
 */
export function baseUrlExpression(value: string, fallback?: string): string {
	const start = fallback ? `(String(${value} || "").trim() || ${JSON.stringify(fallback)})` : `String(${value} || "").trim()`;
	return (
		`((u) => !/^https?:\\/\\//i.test(u) ? "https://base-url-must-start-with-https.invalid"` +
		` : /[?#]/.test(u) ? "https://base-url-has-a-query-or-fragment.invalid"` +
		` : u.replace(/^https?:\\/\\//i, "").split("/")[0].includes("@") ? "https://base-url-has-a-user-name.invalid"` +
		` : !/^https?:\\/\\/[^\\/\\s]+(\\/\\S*)?$/i.test(u) ? "https://base-url-is-not-valid.invalid"` +
		` : /^http:/i.test(u) && !new RegExp(${JSON.stringify(PRIVATE_HOST_SOURCE)}, "i").test(u.replace(/^http:\\/\\//i, "").split("/")[0].replace(/:\\d*$/, "")) ? "https://base-url-must-use-https.invalid"` +
		` : u)(${start}.replace(/\\/+$/, ""))`
	);
}

/** A credential's base URL that checkBaseUrl refused, with the field it came from. */
export class BaseUrlError extends Error {
	constructor(
		readonly field: string,
		readonly shown: string,
		readonly refusal: BaseUrlProblem,
	) {
		super(`${field} "${shown}" ${refusal.problem}`);
		this.name = 'BaseUrlError';
	}
}

/** Why the base URL in a credential field is refused, or undefined when it is fine. */
export function baseUrlRefusal(raw: unknown, field: string, fallback?: string): BaseUrlError | undefined {
	const checked = checkBaseUrl(raw, fallback);
	return 'url' in checked ? undefined : new BaseUrlError(field, shownBaseUrl(typeof raw === 'string' ? raw : ''), checked);
}

/** The checked base URL of a credential field; throws a BaseUrlError naming the field. */
export function credentialBaseUrl(raw: unknown, field: string, fallback?: string): string {
	const checked = checkBaseUrl(raw, fallback);
	if ('url' in checked) return checked.url;
	throw new BaseUrlError(field, shownBaseUrl(typeof raw === 'string' ? raw : ''), checked);
}

/** The error a node shows for a refused base URL: the credential, the field and the fix (its item is in the context). */
export function baseUrlRefused(node: INode, credentialName: string, error: BaseUrlError, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, `The ${credentialName} credential's ${error.field} "${error.shown}" ${error.refusal.problem}`, {
		itemIndex,
		description: `Open the ${credentialName} credential and correct the ${error.field}. ${error.refusal.fix}`,
	});
}
