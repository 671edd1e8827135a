import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { currentId, entryLabel, matchesFilter as matches } from '../../shared/description/listSearch';
import { listItems, nextListToken } from '../../shared/transport/paginate';
import { llamaJson } from '../transport';

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

/**
 * Saved extraction configurations (v2): the server filters to extract configurations, latest
 * version of each name (`product_type=extract_v2&latest_only=true`); one cursor page per call so
 * long lists load as the user scrolls. The API matches names only exactly, so the typed filter
 * narrows each page here.
 */
export async function searchConfigurations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const body = await llamaJson<{ items?: IDataObject[]; next_page_token?: string | null }>(this, {
		method: 'GET',
		path: '/api/v1/beta/configurations',
		qs: { product_type: ['extract_v2'], latest_only: true, page_size: 100, ...(paginationToken ? { page_token: paginationToken } : {}) },
		scoped: true,
	});
	const results = (body.items ?? [])
		.filter((configuration) => matches(filter, configuration.name, configuration.id))
		.map((configuration) => ({ name: String(configuration.name ?? configuration.id), value: String(configuration.id) }));
	const target = { ctx: this, service: 'LlamaCloud', path: '/api/v1/beta/configurations', position: 'page cursor' as const };
	return { results, paginationToken: nextListToken(target, paginationToken, body.items?.length ?? 0, body.next_page_token || undefined) };
}

interface CursorBody {
	items?: IDataObject[];
	next_page_token?: string | null;
}

/** One page of a cursor list (`page_size`/`page_token`), narrowed here by the typed filter. */
async function cursorPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
	paginationToken: string | undefined,
	toEntry: (item: IDataObject) => { name: string; value: string; texts: unknown[] },
	filter?: string,
): Promise<INodeListSearchResult> {
	const body = await llamaJson<CursorBody>(ctx, {
		method: 'GET',
		path,
		qs: { ...qs, page_size: 100, ...(paginationToken ? { page_token: paginationToken } : {}) },
		scoped: true,
	});
	const items = body.items ?? [];
	const results = items
		.map(toEntry)
		.filter((entry) => matches(filter, ...entry.texts))
		.map(({ name, value }) => ({ name, value }));
	const target = { ctx, service: 'LlamaCloud', path, position: 'page cursor' as const };
	return { results, paginationToken: nextListToken(target, paginationToken, items.length, body.next_page_token || undefined) };
}

/** Files of the project; the API matches names only exactly, so the filter narrows each page. */
export async function searchFiles(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await cursorPage(
		this,
		'/api/v1/beta/files',
		{},
		paginationToken,
		(file) => ({ name: String(file.name ?? file.id), value: String(file.id), texts: [file.name, file.id, file.external_file_id] }),
		filter,
	);
}

/** Extraction jobs (v2), newest first, labelled with their file and status. */
export async function searchExtractJobs(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await cursorPage(
		this,
		'/api/v2/extract',
		{},
		paginationToken,
		(job) => ({
			name: entryLabel(job.file_name ?? job.file_input ?? job.id, job.status, job.created_at),
			value: String(job.id),
			texts: [job.id, job.file_input, job.file_name, job.status, job.configuration_id],
		}),
		filter,
	);
}

/** The chosen agent, or every agent of the project (v1 jobs and runs are listed per agent). */
async function agentsToList(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const chosen = currentId(ctx, 'agent');
	if (chosen) return [{ id: chosen }];
	const body = await llamaJson(ctx, { method: 'GET', path: '/api/v1/extraction/extraction-agents', qs: { include_default: false }, scoped: true });
	return listItems<IDataObject>(body, 'items');
}

/** Extraction jobs (v1) of the chosen agent, or of every agent; the API lists them per agent in one plain array. */
export async function searchAgentJobs(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const agents = await agentsToList(this);
	const results: INodeListSearchResult['results'] = [];
	for (const agent of agents) {
		const body = await llamaJson(this, { method: 'GET', path: '/api/v1/extraction/jobs', qs: { extraction_agent_id: String(agent.id) }, scoped: true });
		for (const job of listItems<IDataObject>(body, 'items')) {
			const file = (job.file ?? {}) as IDataObject;
			if (!matches(filter, job.id, job.status, file.name, agent.name)) continue;
			const prefix = agents.length > 1 && agent.name ? `${String(agent.name)} / ` : '';
			results.push({ name: `${prefix}${entryLabel(file.name ?? job.id, job.status)}`, value: String(job.id) });
		}
	}
	return { results };
}

/** Extraction runs (v1) of the chosen agent, or of every agent: the first 100 of each, newest first. */
export async function searchAgentRuns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const agents = await agentsToList(this);
	const results: INodeListSearchResult['results'] = [];
	for (const agent of agents) {
		const body = await llamaJson(this, {
			method: 'GET',
			path: '/api/v1/extraction/runs',
			qs: { extraction_agent_id: String(agent.id), skip: 0, limit: 100 },
			scoped: true,
		});
		for (const run of listItems<IDataObject>(body, 'items')) {
			if (!matches(filter, run.id, run.status, run.job_id, agent.name)) continue;
			const prefix = agents.length > 1 && agent.name ? `${String(agent.name)} / ` : '';
			results.push({ name: `${prefix}${entryLabel(run.created_at ?? run.id, run.status)}`, value: String(run.id) });
		}
	}
	return { results };
}
