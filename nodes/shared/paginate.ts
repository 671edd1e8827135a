/**
 * Pagination walkers. Each takes a `fetchPage` that performs one request and says where the next
 * page is; the walker stops at the end of the data or as soon as `limit` items are collected, so
 * Limit = 5 costs one request, not the whole list.
 */
export interface Page<T, Next> {
	items: T[];
	/** Undefined when this was the last page. */
	next?: Next;
}

/** `limit` undefined = Return All. */
export async function collectPages<T, Next>(
	first: Next,
	fetchPage: (position: Next) => Promise<Page<T, Next>>,
	limit?: number,
	maxPages = 10_000,
): Promise<T[]> {
	const collected: T[] = [];
	let position: Next | undefined = first;
	for (let page = 0; position !== undefined && page < maxPages; page++) {
		const { items, next } = await fetchPage(position);
		collected.push(...items);
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
		if (items.length === 0) break;
		position = next;
	}
	return collected;
}

/** Laravel-style `{data, meta: {current_page, last_page}}` pages, numbered from 1. */
export function nextPageNumber(meta: unknown, current: number): number | undefined {
	const m = (meta ?? {}) as { current_page?: number; last_page?: number };
	const at = Number(m.current_page ?? current);
	const last = Number(m.last_page ?? at);
	return at < last ? at + 1 : undefined;
}

/**
 * Skip/limit pages. With a `total`, walk until it is reached: a server may cap `limit` (LlamaCloud
 * runs default to 25) so a short page is not the end. Without one, a short page is the last. An
 * empty page always ends the walk, so a total that never comes true cannot loop.
 */
export function nextOffset(offset: number, pageSize: number, received: number, total?: number): number | undefined {
	if (received === 0) return undefined;
	const next = offset + received;
	if (total !== undefined) return next < total ? next : undefined;
	return received < pageSize ? undefined : next;
}

/** A list answer that may be a bare array or wrapped in `{data: [...]}` (both are documented). */
export function listItems<T>(body: unknown, key = 'data'): T[] {
	if (Array.isArray(body)) return body as T[];
	const wrapped = (body ?? {}) as Record<string, unknown>;
	return Array.isArray(wrapped[key]) ? (wrapped[key] as T[]) : [];
}
