import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { collectPages, listItems, nextPageNumber } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { readLimit } from '../../../shared/description/parameters';
import { raydocsJson } from '../../transport';
import { sessionId, sessionIdField } from '../parameters';
import { returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['session'], operation: ['getDocuments'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [sessionIdField, ...returnAllOrLimit({})]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	// Current API: {data, meta} pages (no query parameters documented, so `page` is the Laravel
	// one the meta implies); legacy: a bare array, which has no meta and so ends the walk.
	const path = apiPath`/extractions/sessions/${id}/documents`;
	const documents = await collectPages(
		1,
		async (page) => {
			const body = await raydocsJson<{ meta?: unknown }>(this, {
				method: 'GET',
				path,
				qs: page > 1 ? { page } : undefined,
				subject: `Session ${id}`,
				itemIndex,
			});
			return { items: listItems<Record<string, never>>(body), next: Array.isArray(body) ? undefined : nextPageNumber(body?.meta, page) };
		},
		limit,
		{ ctx: this, service: 'Raydocs', path, position: 'page number', itemIndex },
	);
	return outputItems(documents);
}
