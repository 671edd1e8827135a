import { hmacSha256Matches } from '../shared/triggers/signature';

/**
 * Checks `X-PerfectParser-Signature`: the lowercase hex HMAC-SHA256 of the raw body bytes, keyed
 * with the webhook's signing secret as given (prefix included), no prefix and no timestamp.
 * An uppercase digest or a `sha256=` prefix is accepted too: neither makes a forgery easier, and
 * the casing is only inferred.
 */
export function verifySignature(rawBody: Buffer | string, header: unknown, signingSecret: string): boolean {
	return hmacSha256Matches(rawBody, header, signingSecret);
}
