import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { legacyDocumentIdField } from './legacyFields';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['getChunks'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...legacyDocumentIdField, hint: 'Chunks exist once the document is parsed (status ready or processed)' },
]);

function pageNumber(pageRef: unknown): number | undefined {
	const match = /(\d+)/.exec(String(pageRef ?? ''));
	return match ? Number(match[1]) : undefined;
}

/**
 * Raydocs documents three chunk shapes: blocks (`blocks[{content, page_ref}]`),
 * legacy text (`content`, `page_numbers`) and OpenAPI (`{data: [{content, page_number}]}`). Every
 * chunk keeps its own fields and gains the same two: `content` (text) and `pages` (numbers).
 */
export function normaliseChunk(chunk: IDataObject, documentId: string): IDataObject {
	const blocks = Array.isArray(chunk.blocks) ? (chunk.blocks as IDataObject[]) : [];
	const content =
		typeof chunk.content === 'string'
			? chunk.content
			: blocks.map((block) => (typeof block.content === 'string' ? block.content : '')).filter((text) => text).join('\n\n');
	let pages: number[] = [];
	if (Array.isArray(chunk.page_numbers)) pages = (chunk.page_numbers as unknown[]).map(Number).filter(Number.isFinite);
	else if (chunk.page_number !== undefined && chunk.page_number !== null) pages = [Number(chunk.page_number)];
	else pages = [...new Set(blocks.map((block) => pageNumber(block.page_ref)).filter((page): page is number => page !== undefined))];
	return { ...chunk, document_id: chunk.document_id ?? documentId, content, pages };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	const body = await raydocsJson(this, {
		method: 'GET',
		path: apiPath`/extractions/documents/${id}/chunks`,
		subject: `Document ${id}`,
		itemIndex,
	});
	return outputItems(listItems<IDataObject>(body).map((chunk) => normaliseChunk(chunk, id)));
}
