import type { IDataObject } from 'n8n-workflow';

import { collectPages } from '../shared/transport/paginate';
import type { RequestContext } from '../shared/transport/serviceDefinition';
import { llamaJson, type LlamaRequestOptions } from './transport';

/** The largest page LlamaCloud's token-paged lists serve. */
export const TOKEN_PAGE_SIZE = 100;

/**
 * The items of a LlamaCloud list paged with `page_token`: each answer is `{items, next_page_token}`,
 * the token absent or null on the last page. `limit` undefined: every item. The walk is guarded
 * (a token served twice, or the page cap, is an error naming the path).
 */
export async function collectTokenPages<T>(
	ctx: RequestContext,
	path: string,
	qs: IDataObject,
	limit: number | undefined,
	request: Partial<LlamaRequestOptions> & { maxPages?: number; beforePage?: () => void } = {},
): Promise<T[]> {
	const { maxPages, beforePage, ...options } = request;
	const pageSize = Math.min(TOKEN_PAGE_SIZE, limit ?? TOKEN_PAGE_SIZE);
	return await collectPages<T, string>(
		'',
		async (token) => {
			beforePage?.();
			const body = await llamaJson<{ items?: T[]; next_page_token?: string | null }>(ctx, {
				method: 'GET',
				...options,
				path,
				qs: { ...qs, page_size: pageSize, ...(token ? { page_token: token } : {}) },
				scoped: true,
			});
			return { items: body.items ?? [], next: body.next_page_token || undefined };
		},
		limit,
		{ ctx, service: 'LlamaCloud', path, position: 'page cursor', itemIndex: options.itemIndex, maxPages },
	);
}
