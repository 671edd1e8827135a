import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { nextListToken } from '../../shared/paginate';
import { nextCursor, ppJson, type CursorPage } from '../transport';

/**
 * Parsers for the resource locator. The API has no search parameter, so the filter is applied
 * here to one page of 100; n8n's list asks for the next page with the cursor we hand back.
 */
export async function searchParsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const body = await ppJson<CursorPage>(this, {
		method: 'GET',
		path: '/parsers',
		qs: { limit: 100, ...(paginationToken ? { cursor: paginationToken } : {}) },
	});
	const needle = (filter ?? '').toLowerCase();
	const parsers = (Array.isArray(body.parsers) ? body.parsers : []) as Array<{ parser_id?: string; name?: string }>;
	const results = parsers
		.filter((parser) => !needle || `${parser.name ?? ''} ${parser.parser_id ?? ''}`.toLowerCase().includes(needle))
		.map((parser) => ({ name: String(parser.name ?? parser.parser_id), value: String(parser.parser_id) }));
	const target = { ctx: this, service: 'PerfectParser', path: '/v1/parsers', position: 'page cursor' as const };
	return { results, paginationToken: nextListToken(target, paginationToken, parsers.length, nextCursor(body)) };
}
