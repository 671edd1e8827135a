import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { collectPages, listItems, nextPageNumber } from '../../shared/paginate';
import { apiPath } from '../../shared/paths';
import { fileRefsOf } from '../actions/workflowRun/fileRefs';
import { raydocsJson } from '../transport';

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

async function workspaces(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return listItems<IDataObject>(await raydocsJson(ctx, { method: 'GET', path: '/workspaces' }));
}

export async function searchWorkspaces(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const results = (await workspaces(this))
		.filter((ws) => matches(filter, ws.name, ws.id))
		.map((ws) => ({ name: String(ws.name ?? ws.id), value: String(ws.id) }));
	return { results };
}

/**
 * Templates of the chosen workspace, or of every workspace the token sees when no workspace is
 * chosen (operations that only need a template have no workspace field). The API has no search
 * parameter, so the filter is applied here.
 */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	let chosen = '';
	try {
		chosen = String(this.getCurrentNodeParameter('workspace', { extractValue: true }) ?? '');
	} catch {
		chosen = '';
	}
	const spaces = chosen ? [{ id: chosen, name: '' }] : await workspaces(this);
	const results: INodeListSearchResult['results'] = [];
	for (const ws of spaces) {
		const path = apiPath`/workspaces/${ws.id}/extractions/templates`;
		const templates = await collectPages(
			1,
			async (page) => {
				const body = await raydocsJson<{ meta?: unknown }>(this, { method: 'GET', path, qs: { page } });
				return { items: listItems<IDataObject>(body), next: nextPageNumber(body.meta, page) };
			},
			undefined,
			{ ctx: this, service: 'Raydocs', path, position: 'page number' },
		);
		for (const template of templates) {
			if (!matches(filter, template.name, template.id, ws.name)) continue;
			const prefix = spaces.length > 1 && ws.name ? `${String(ws.name)} / ` : '';
			results.push({ name: `${prefix}${String(template.name ?? template.id)}`, value: String(template.id) });
		}
	}
	return { results };
}

function currentParameter(ctx: ILoadOptionsFunctions, name: string): string {
	try {
		return String(ctx.getCurrentNodeParameter(name, { extractValue: true }) ?? '').trim();
	} catch {
		return '';
	}
}

/**
 * The files a workflow run's final output names (its fileRefs), for Workflow Run → Get File.
 * Empty until workspace, workflow and run are set (and when they are expressions).
 */
export async function searchRunFiles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const workspace = currentParameter(this, 'workspace');
	const workflow = currentParameter(this, 'workflowId');
	const run = currentParameter(this, 'runId');
	if (!workspace || !workflow || !run || [workspace, workflow, run].some((value) => value.startsWith('='))) return { results: [] };
	const output = await raydocsJson<unknown>(this, {
		method: 'GET',
		path: apiPath`/workspaces/${workspace}/workflows/${workflow}/runs/${run}/output`,
	});
	const results = fileRefsOf(output)
		.filter((ref) => matches(filter, ref.filename, ref.id))
		.map((ref) => ({ name: ref.filename ? `${ref.filename} (${ref.id})` : ref.id, value: ref.id }));
	return { results };
}
