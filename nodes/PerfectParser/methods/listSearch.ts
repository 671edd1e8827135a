import { NodeOperationError, type IDataObject, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';

import { currentId, entryLabel, matchesFilter } from '../../shared/description/listSearch';
import { nextListToken } from '../../shared/transport/paginate';
import { apiPath } from '../../shared/transport/paths';
import { nextCursor, ppJson, unwrap, type CursorPage } from '../transport';

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

/** One cursor page of 100 of a list (the API has no search), narrowed here by the typed filter. */
async function cursorPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	key: string,
	paginationToken: string | undefined,
	toEntry: (item: IDataObject) => { name: string; value: string; texts: unknown[] },
	filter?: string,
): Promise<INodeListSearchResult> {
	const body = await ppJson<CursorPage>(ctx, { method: 'GET', path, qs: { limit: 100, ...(paginationToken ? { cursor: paginationToken } : {}) } });
	const items = (Array.isArray(body[key]) ? body[key] : []) as IDataObject[];
	const results = items
		.map(toEntry)
		.filter((entry) => matchesFilter(filter, ...entry.texts))
		.map(({ name, value }) => ({ name, value }));
	const target = { ctx, service: 'PerfectParser', path: `/v1${path}`, position: 'page cursor' as const };
	return { results, paginationToken: nextListToken(target, paginationToken, items.length, nextCursor(body)) };
}

/** Extractions (batch jobs), labelled with their parser, status, file count and date. */
export async function searchExtractions(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await cursorPage(
		this,
		'/extractions',
		'extractions',
		paginationToken,
		(job) => ({
			name: entryLabel(job.parser_name ?? job.parser_id, job.status, job.file_count === undefined ? undefined : `${String(job.file_count)} file(s)`, job.created_at, job.extraction_id),
			value: String(job.extraction_id),
			texts: [job.extraction_id, job.parser_name, job.parser_id, job.status],
		}),
		filter,
	);
}

/** Where a webhook delivers, as host only: a callback URL's path or query may carry a token. */
function webhookHost(url: unknown): string | undefined {
	try {
		return new URL(String(url)).host || undefined;
	} catch {
		return undefined;
	}
}

/** Webhook subscriptions, labelled with the receiving host and events. */
export async function searchWebhooks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await cursorPage(
		this,
		'/webhooks',
		'webhooks',
		paginationToken,
		(hook) => {
			const events = Array.isArray(hook.events) ? hook.events.map((event) => String(event).replace(/^extraction\./, '')).join(', ') : undefined;
			const host = webhookHost(hook.url);
			return {
				name: entryLabel(host ?? hook.webhook_id, events, hook.is_active === false ? 'inactive' : undefined, host ? hook.webhook_id : undefined),
				value: String(hook.webhook_id),
				texts: [hook.webhook_id, host, events],
			};
		},
		filter,
	);
}

/** The files (documents) of the chosen extraction. */
export async function searchExtractionDocuments(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const extraction = currentId(this, 'extractionId');
	if (!extraction) throw new NodeOperationError(this.getNode(), 'Choose the extraction first, then open this list');
	const body = await ppJson(this, { method: 'GET', path: apiPath`/extractions/${extraction}` });
	const documents = unwrap(body, 'extraction').documents;
	const results = (Array.isArray(documents) ? (documents as IDataObject[]) : [])
		.filter((doc) => matchesFilter(filter, doc.file_name, doc.filename, doc.document_id, doc.status))
		.map((doc) => ({ name: entryLabel(doc.file_name ?? doc.filename ?? doc.document_id, doc.status), value: String(doc.document_id) }));
	return { results };
}
