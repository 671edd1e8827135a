/**
 * The one way an id enters a URL path. Every interpolated value becomes exactly one path segment:
 * it is percent-encoded, so `/`, `?`, `#` and `%` in an id (typed by a user or read from an API
 * answer) cannot change which endpoint is called or add a query string; values that cannot be a
 * segment (empty, `.`, `..`, anything but a string or a finite number) are refused.
 *
 *     apiPath`/extractions/sessions/${sessionId}/results`
 */
export class PathSegmentError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PathSegmentError';
	}
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `"${value}"`;
	return `${typeof value} ${String(value)}`;
}

/** One value as an encoded path segment, or an error that says which path it was meant for. */
export function pathSegment(value: unknown, template = ''): string {
	let text: string | undefined;
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	const where = template ? ` in ${template}` : '';
	if (text === undefined) {
		throw new PathSegmentError(`An ID${where} must be text or a number, not ${describe(value)}`);
	}
	if (text.trim() === '') throw new PathSegmentError(`An ID${where} is empty`);
	if (text === '.' || text === '..') throw new PathSegmentError(`${describe(text)} is not a valid ID${where}`);
	return encodeURIComponent(text);
}

/** Tagged template: the literal parts are kept as written, every value is one encoded segment. */
export function apiPath(strings: TemplateStringsArray, ...values: unknown[]): string {
	const template = strings.reduce((shape, part, index) => `${shape}${index > 0 ? '{id}' : ''}${part}`, '');
	return strings.reduce((path, part, index) => `${path}${index > 0 ? pathSegment(values[index - 1], template) : ''}${part}`, '');
}
