/** PerfectParser's error bodies: `{ error: { code, message } }`, and the code each status gets by default. */
import { HttpError } from '../http';

export const CODES: Record<number, string> = { 400: 'INVALID_PAYLOAD', 401: 'UNAUTHORIZED', 402: 'INSUFFICIENT_CREDITS', 404: 'RESOURCE_NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 429: 'RATE_LIMITED', 500: 'INTERNAL_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE' };

// PerfectParser's documentation shows no error body beyond `{error:{code,message}}`; that shape is used throughout.
export const ppError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
	new HttpError(status, { error: { code, message, ...extra } });
export const invalid = (message: string) => ppError(400, 'INVALID_PAYLOAD', message);
