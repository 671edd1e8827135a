/** Cursor pagination of PerfectParser's lists: `limit` 1–100, opaque `cursor`, newest first. */
import type { Ctx } from '../http';
import { invalid } from './errors';

function encodeCursor(seq: number): string {
	return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}
function decodeCursor(c: string | null): number | undefined {
	if (!c) return undefined;
	try {
		const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
		if (typeof v.s === 'number') return v.s;
	} catch {
		/* fallthrough */
	}
	throw invalid('Invalid cursor');
}

/** Newest first by creation sequence; cursor = the last returned sequence. */
export function cursorPage<T extends { seq: number }>(items: T[], ctx: Ctx, def: number): { page: T[]; pagination: { limit: number; has_next_page: boolean; next_cursor: string | null } } {
	const lraw = ctx.query.get('limit');
	const limit = lraw === null ? def : Number(lraw);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit must be an integer between 1 and 100');
	const after = decodeCursor(ctx.query.get('cursor'));
	const sorted = items.sort((a, b) => b.seq - a.seq).filter((x) => after === undefined || x.seq < after);
	const page = sorted.slice(0, limit);
	const more = sorted.length > limit;
	return { page, pagination: { limit, has_next_page: more, next_cursor: more ? encodeCursor(page[page.length - 1].seq) : null } };
}
