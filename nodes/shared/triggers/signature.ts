import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Whether `header` carries the hex HMAC-SHA256 of the raw body bytes keyed with `secret`. A
 * `sha256=` prefix and either hex casing are accepted (neither makes a forgery easier); the
 * comparison takes constant time.
 */
export function hmacSha256Matches(rawBody: Buffer | string, header: unknown, secret: string): boolean {
	const given = String((Array.isArray(header) ? header[0] : header) ?? '')
		.trim()
		.replace(/^sha256=/i, '')
		.toLowerCase();
	if (!given || !secret) return false;
	const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
