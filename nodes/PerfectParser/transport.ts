import type { IDataObject } from 'n8n-workflow';

import { credentialBaseUrl } from '../shared/transport/baseUrl';
import { apiRequest, type ApiRequestOptions, type ApiResponse } from '../shared/transport/http';
import type { RequestContext, ServiceDefinition, ServiceErrorInfo } from '../shared/transport/serviceDefinition';

/** First number found under any of the names (the 402 body's field names are undocumented). */
function firstNumber(sources: IDataObject[], names: string[]): number | undefined {
	for (const source of sources) {
		for (const name of names) {
			const value = Number(source[name]);
			if (source[name] !== undefined && source[name] !== null && Number.isFinite(value)) return value;
		}
	}
	return undefined;
}

/**
 * The error body shape is undocumented. We read the status first, then the code
 * from `error.code`, `code` or a string `error`, and the message from `error.message` or
 * `message` — tolerant of each of those shapes.
 */
export function parseError(statusCode: number, body: unknown): ServiceErrorInfo {
	const b = (typeof body === 'object' && body !== null ? body : { message: String(body ?? '') }) as IDataObject;
	const nested = (typeof b.error === 'object' && b.error !== null ? b.error : {}) as IDataObject;
	const code = [nested.code, b.code, typeof b.error === 'string' ? b.error : undefined].find(
		(value) => typeof value === 'string' && value,
	) as string | undefined;
	let message = [nested.message, b.message].find((value) => typeof value === 'string' && value) as string | undefined;
	const info: ServiceErrorInfo = { code, message };

	if (statusCode === 402 || code === 'INSUFFICIENT_CREDITS') {
		const sources = [nested, b, (nested.details ?? b.details ?? {}) as IDataObject];
		let needed = firstNumber(sources, ['credits_required', 'credits_needed', 'required', 'needed', 'credits_requested']);
		let available = firstNumber(sources, ['credits_available', 'available', 'credits_remaining', 'balance']);
		// Last resort: "needs 12 credits but only 5 are available".
		const numbers = (message ?? '').match(/\d+/g)?.map(Number) ?? [];
		if (needed === undefined && numbers.length >= 2) [needed, available] = [numbers[0], available ?? numbers[1]];
		const facts = [
			needed !== undefined ? `${needed} credits needed` : undefined,
			available !== undefined ? `${available} available` : undefined,
		].filter((part) => part);
		message = `Not enough credits${facts.length ? ` (${facts.join(', ')})` : ''}${message ? ` — ${message}` : ''}`;
		info.message = message;
		info.extra = {
			...(needed !== undefined ? { creditsNeeded: needed } : {}),
			...(available !== undefined ? { creditsAvailable: available } : {}),
		};
	}
	return info;
}

function hint(statusCode: number, info: ServiceErrorInfo): string | undefined {
	switch (info.code) {
		case 'INSUFFICIENT_CREDITS':
			return 'Buy a credit pack in PerfectParser (Billing), or submit fewer pages. 1 page = 1 credit; nothing was charged for this request.';
		case 'PARSER_NOT_FOUND':
			return 'Pick the parser from the list, or copy its ID (prs_…) from PerfectParser. It must belong to the account of this API key.';
		case 'PARSER_NOT_CONFIGURED':
			return 'The parser has no fields yet. Add fields (Parser → Update) or run Parser → Detect Fields on a sample first.';
		case 'UNSUPPORTED_FILE_TYPE':
			return 'Send PDF or image files (PNG, JPG/JPEG, WebP…). Convert other files first or filter them out before this node.';
		case 'PAGE_COUNT_FAILED':
			return 'PerfectParser could not read one of the files (damaged or password-protected PDF?). Check the files and run again.';
		case 'SCHEMA_ALREADY_EXISTS':
			return 'The parser already has fields. Turn on "Replace Existing Schema" to overwrite them.';
		case 'CONFLICT':
			return 'Parser names are unique per account: choose another name.';
		default:
			break;
	}
	if (statusCode === 402) return 'Buy a credit pack in PerfectParser (Billing), or submit fewer pages.';
	if (statusCode === 422 && /idempoten/i.test(`${info.code ?? ''} ${info.message ?? ''}`)) {
		return 'This Idempotency Key was used in the last 24 hours for a different submission (another parser or other files). Give each submission its own key in the options, or leave the option empty to derive the key from the files.';
	}
	return undefined;
}

export const PERFECTPARSER_DEFAULT_URL = 'https://api.perfectparser.com';

export const perfectParser: ServiceDefinition = {
	name: 'PerfectParser',
	credentialType: 'perfectParserApi',
	tokenLabel: 'API key',
	credentialName: 'PerfectParser API',
	secretFields: ['apiKey', 'dashboardSigningSecret'],
	baseUrl: (credentials) => credentialBaseUrl(credentials.baseUrl, 'Base URL', PERFECTPARSER_DEFAULT_URL),
	parseError,
	hint,
	// 150/min on every endpoint and 20/min on submissions; a submission is assumed
	// to count against the global budget as well (the docs suggest so).
	nestedRateBuckets: { submit: { limit: 20 } },
};

/** Every PerfectParser path starts with /v1. */
export async function ppRequest<T = unknown>(ctx: RequestContext, options: ApiRequestOptions): Promise<ApiResponse<T>> {
	return await apiRequest<T>(ctx, perfectParser, { ...options, path: `/v1${options.path}` });
}

export async function ppJson<T = unknown>(ctx: RequestContext, options: ApiRequestOptions): Promise<T> {
	return (await ppRequest<T>(ctx, options)).body;
}

/** Success bodies wrap the resource in a named envelope: `{"parser": {...}}`. */
export function unwrap(body: unknown, key: string): IDataObject {
	const b = (body ?? {}) as IDataObject;
	const inner = b[key];
	return (typeof inner === 'object' && inner !== null ? inner : b) as IDataObject;
}

export interface CursorPage {
	pagination?: { has_next_page?: boolean; next_cursor?: string | null };
	[key: string]: unknown;
}

/** The cursor of the next page, or undefined on the last one. */
export function nextCursor(body: CursorPage): string | undefined {
	const pagination = body.pagination ?? {};
	return pagination.has_next_page && pagination.next_cursor ? pagination.next_cursor : undefined;
}

