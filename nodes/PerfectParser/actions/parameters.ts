import { type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { collectPages } from '../../shared/transport/paginate';
import type { RequestContext } from '../../shared/transport/serviceDefinition';
import { readSimplify as readSimplifySwitch, requireId as requireServiceId, requireLocator } from '../../shared/description/parameters';
import { serviceWaitOptions } from '../../shared/waiting/waitOptions';
import { nextCursor, ppJson, type CursorPage } from '../transport';
import { inputBinaryField, listOrIdLocator, simplifyField as simplifyFieldOf } from '../../shared/description/fields';

/** Parser picker: searchable list, or the ID. */
export const parserLocator: INodeProperties = listOrIdLocator({
	displayName: 'Parser',
	name: 'parser',
	searchListMethod: 'searchParsers',
	placeholder: 'e.g. prs_999',
	description: 'The parser (extraction template) that defines the fields to extract',
});

/**
 * Optional parser filter of lists and the polling trigger. Named `parserId` as when it was a
 * plain string, so saved workflows still load; read it with `locatorString`.
 */
export const parserFilterLocator: INodeProperties = {
	...parserLocator,
	name: 'parserId',
	required: false,
	description: 'Only extractions of this parser; empty for all parsers',
};

/** Extraction picker: the account's extractions, or an ID (the extraction_id of a Submit output). */
export const extractionIdField: INodeProperties = listOrIdLocator({
	displayName: 'Extraction',
	name: 'extractionId',
	searchListMethod: 'searchExtractions',
	placeholder: 'e.g. ext_123',
	description: 'The extraction (batch job), picked from the list or mapped from the extraction_id of a Submit output',
});

/** Document picker: the files of the chosen extraction. */
export const documentIdField: INodeProperties = listOrIdLocator({
	displayName: 'Document',
	name: 'documentId',
	searchListMethod: 'searchExtractionDocuments',
	placeholder: 'e.g. doc_1',
	description: 'One file of the extraction, picked from the list or mapped from the document_id of a Submit output',
});

/** Webhook picker: the account's webhook subscriptions. */
export const webhookIdField: INodeProperties = listOrIdLocator({
	displayName: 'Webhook',
	name: 'webhookId',
	searchListMethod: 'searchWebhooks',
	placeholder: 'e.g. wh_123',
});

export const binaryPropertyField = inputBinaryField('upload');

export const simplifyField: INodeProperties = simplifyFieldOf(
	'IDs, file name, status, confidence and extracted data instead of the full record (page and credit counts, timings)',
);

export const WEBHOOK_EVENTS = [
	{ name: 'Document Completed', value: 'extraction.document_completed', description: 'One file finished (completed or failed)' },
	{ name: 'Job Completed', value: 'extraction.job_completed', description: 'Every file of a submission finished, whatever the outcome' },
];

export function parserId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireLocator(ctx, 'parser', 'Parser', itemIndex, 'Pick a parser from the list or enter its ID (prs_…).');
}

/**
 * A required ID parameter. PerfectParser IDs carry prefixes (ext_, doc_, wh_) in examples only,
 * so the prefix is not insisted on (tolerant).
 */
export function requireId(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	return requireServiceId(ctx, name, label, itemIndex, 'PerfectParser');
}

/** PerfectParser's Simplify is an option of the Options collection. */
export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return readSimplifySwitch(ctx, itemIndex, 'options');
}

/**
 * The global limit is 150 requests/min per key: status polls start at 2 s (as PerfectParser recommends) and
 * back off to 30 s. Mutable so tests can shorten it.
 */
export const statusPolling = { initialDelayMs: 2000 };

/** Wait options: 10 minutes by default, status polls from statusPolling.initialDelayMs. */
const perfectParserWait = serviceWaitOptions(10, () => ({ initialDelayMs: statusPolling.initialDelayMs }));
export const waitFields = perfectParserWait.fields;
export const waitPolicy = perfectParserWait.read;

/** Walks a cursor-paginated list (`{<key>: [...], pagination}`), stopping at `limit`. */
export async function listAll(
	ctx: RequestContext,
	path: string,
	key: string,
	options: { qs?: IDataObject; limit?: number; itemIndex?: number; startCursor?: string; subject?: string } = {},
): Promise<IDataObject[]> {
	return await collectPages<IDataObject, string>(
		options.startCursor ?? '',
		async (cursor) => {
			const pageSize = options.limit === undefined ? 100 : Math.min(100, options.limit);
			const body = await ppJson<CursorPage>(ctx, {
				method: 'GET',
				path,
				qs: { ...options.qs, limit: pageSize, ...(cursor ? { cursor } : {}) },
				itemIndex: options.itemIndex,
				subject: options.subject,
			});
			const items = Array.isArray(body[key]) ? (body[key] as IDataObject[]) : [];
			return { items, next: nextCursor(body) };
		},
		options.limit,
		{ ctx, service: 'PerfectParser', path: `/v1${path}`, position: 'page cursor', itemIndex: options.itemIndex },
	);
}
