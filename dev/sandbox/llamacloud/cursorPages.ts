/** Cursor pagination of LlamaCloud's list endpoints: `page_size`, opaque `page_token`. */
import { Ctx, intParam } from '../http';
import { v422 } from './errors';

function encodeToken(seq: number): string {
	return Buffer.from(`seq:${seq}`).toString('base64url');
}
function decodeToken(t: string | null): number | undefined {
	if (!t) return undefined;
	const m = /^seq:(\d+)$/.exec(Buffer.from(t, 'base64url').toString('utf8'));
	if (!m) throw v422([{ loc: ['query', 'page_token'], msg: 'Invalid page token', type: 'value_error', input: t }]);
	return Number(m[1]);
}
/** Cursor list: newest first; `page_token` = last returned sequence. */
export function cursorList<T extends { seq: number }>(items: T[], ctx: Ctx, def: number, max: number) {
	const size = intParam(ctx.query.get('page_size'), def, 1, max);
	const after = decodeToken(ctx.query.get('page_token'));
	const sorted = items.sort((a, b) => b.seq - a.seq).filter((x) => after === undefined || x.seq < after);
	const page = sorted.slice(0, size);
	const more = sorted.length > size;
	return { page, next_page_token: more ? encodeToken(page[page.length - 1].seq) : null, total_size: sorted.length + (after === undefined ? 0 : items.length - sorted.length) };
}
