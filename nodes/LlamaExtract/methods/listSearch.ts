import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listItems, nextListToken } from '../../shared/paginate';
import { llamaJson } from '../transport';

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

/** Extraction agents (v1) of the project: one plain array, filtered here (the API has no search). */
export async function searchAgents(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const body = await llamaJson(this, {
		method: 'GET',
		path: '/api/v1/extraction/extraction-agents',
		qs: { include_default: false },
		scoped: true,
	});
	const results = listItems<IDataObject>(body, 'items')
		.filter((agent) => matches(filter, agent.name, agent.id))
		.map((agent) => ({ name: String(agent.name ?? agent.id), value: String(agent.id) }));
	return { results };
}

/** Saved extraction configurations (v2), one cursor page per call so long lists load as the user scrolls. */
export async function searchConfigurations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const body = await llamaJson<{ items?: IDataObject[]; next_page_token?: string | null }>(this, {
		method: 'GET',
		path: '/api/v1/beta/configurations',
		qs: { page_size: 100, ...(paginationToken ? { page_token: paginationToken } : {}) },
		scoped: true,
	});
	const results = (body.items ?? [])
		.filter((configuration) => {
			const productType = (configuration.parameters as IDataObject | undefined)?.product_type;
			return productType === undefined || productType === 'extract_v2';
		})
		.filter((configuration) => matches(filter, configuration.name, configuration.id))
		.map((configuration) => ({ name: String(configuration.name ?? configuration.id), value: String(configuration.id) }));
	const target = { ctx: this, service: 'LlamaCloud', path: '/api/v1/beta/configurations', position: 'page cursor' as const };
	return { results, paginationToken: nextListToken(target, paginationToken, body.items?.length ?? 0, body.next_page_token || undefined) };
}
