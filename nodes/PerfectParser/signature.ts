import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Checks `X-PerfectParser-Signature`: the lowercase hex HMAC-SHA256 of the raw body bytes, keyed
 * with the webhook's signing secret as given (prefix included), no prefix and no timestamp
 * (reference §7.2). Compared in constant time. An uppercase digest or a `sha256=` prefix is
 * accepted too: neither makes a forgery easier, and the casing is only inferred.
 */
export function verifySignature(rawBody: Buffer | string, header: unknown, signingSecret: string): boolean {
	const given = String((Array.isArray(header) ? header[0] : header) ?? '')
		.trim()
		.replace(/^sha256=/i, '')
		.toLowerCase();
	if (!given || !signingSecret) return false;
	const expected = createHmac('sha256', signingSecret).update(rawBody).digest('hex');
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
