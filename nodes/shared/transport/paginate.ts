import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * Pagination walkers. Each takes a `fetchPage` that performs one request and says where the next
 * page is; the walker stops at the end of the data or as soon as `limit` items are collected, so
 * Limit = 5 costs one request, not the whole list. Every walk is guarded: a position asked for
 * twice, a page that is empty yet says more follow, or more pages than the cap end the walk with
 * an error naming the endpoint, never with a loop or silently truncated data.
 */
export interface Page<T, Next> {
	items: T[];
	/** Undefined when this was the last page. */
	next?: Next;
	/** Entries the page held before the caller filtered some out (default: `items.length`). */
	received?: number;
}

/** Most pages one walk may request. */
export const MAX_PAGES = 10_000;

/** What a walk lists, for its errors. */
export interface WalkTarget {
	/** Anything that knows its node: an execute, poll or load-options context. */
	ctx: { getNode(): INode };
	/** Display name of the service: "Raydocs". */
	service: string;
	method?: string;
	/** The request path; a query string, if any, is left out of messages. */
	path: string;
	/** What a position is called in a message. */
	position: 'page cursor' | 'page number' | 'offset';
	itemIndex?: number;
	/** Most pages the walk may request (default `MAX_PAGES`). */
	maxPages?: number;
}

function endpointOf(target: WalkTarget): string {
	return `${target.method ?? 'GET'} ${target.path.split('?')[0]}`;
}

function walkError(target: WalkTarget, problem: string, description: string): NodeOperationError {
	return new NodeOperationError(target.ctx.getNode(), `${target.service} ${problem} for ${endpointOf(target)}; stopped to avoid an endless loop`, {
		itemIndex: target.itemIndex,
		description,
	});
}

/**
 * The one guard of every page walk. `enter` before each request refuses a position already asked
 * for in this walk and a walk longer than the cap; `leave` after each page refuses an empty page
 * that says more follow.
 */
export class PageGuard<Next> {
	private readonly asked = new Set<string>();

	constructor(private readonly target: WalkTarget) {}

	enter(position: Next): void {
		const key = JSON.stringify(position ?? null);
		if (this.asked.has(key)) {
			throw walkError(
				this.target,
				`returned the same ${this.target.position} twice`,
				`The service handed back a ${this.target.position} it had already served in this listing, so the list would never end. Try again later, or contact the service if it keeps happening.`,
			);
		}
		const maxPages = this.target.maxPages ?? MAX_PAGES;
		if (this.asked.size >= maxPages) {
			throw walkError(
				this.target,
				`still had more pages after ${maxPages}`,
				`The listing was stopped rather than returning part of it. Narrow it with filters, or turn off "Return All" and set a Limit.`,
			);
		}
		this.asked.add(key);
	}

	leave(received: number, more: boolean): void {
		if (received === 0 && more) {
			throw walkError(
				this.target,
				'returned an empty page that says more pages follow',
				'An empty page cannot be followed by more data, so the list would never end. Try again later, or contact the service if it keeps happening.',
			);
		}
	}
}

/**
 * One page of a searchable list: n8n asks for the next page with the token handed back. A token
 * that names the page just served, or an empty page that hands one back, is refused; otherwise
 * the token to hand back (undefined on the last page).
 */
export function nextListToken(target: WalkTarget, requested: string | undefined, received: number, next: string | undefined): string | undefined {
	const guard = new PageGuard<string>(target);
	guard.enter(requested ?? '');
	guard.leave(received, next !== undefined);
	if (next !== undefined) guard.enter(next);
	return next;
}

/** `limit` undefined = Return All. */
export async function collectPages<T, Next>(
	first: Next,
	fetchPage: (position: Next) => Promise<Page<T, Next>>,
	limit: number | undefined,
	target: WalkTarget,
): Promise<T[]> {
	const guard = new PageGuard<Next>(target);
	const collected: T[] = [];
	let position: Next | undefined = first;
	while (position !== undefined) {
		guard.enter(position);
		const { items, next, received } = await fetchPage(position);
		collected.push(...items);
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
		guard.leave(received ?? items.length, next !== undefined);
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
