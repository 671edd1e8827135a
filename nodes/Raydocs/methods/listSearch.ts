import { NodeOperationError, type IDataObject, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';

import { currentId, entryLabel, matchesFilter as matches } from '../../shared/description/listSearch';
import { collectPages, listItems, nextListToken, nextPageNumber } from '../../shared/transport/paginate';
import { apiPath } from '../../shared/transport/paths';
import { isUuid } from '../../shared/description/validate';
import { fileRefsOf } from '../actions/workflowRun/fileRefs';
import { raydocsJson } from '../transport';

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

/** The API's largest page for workspace documents and workflow runs. */
const PICKER_PAGE_SIZE = 100;

function pageToken(token: string | undefined): number {
	const page = Number(token);
	return Number.isInteger(page) && page > 0 ? page : 1;
}

function nextPageToken(ctx: ILoadOptionsFunctions, path: string, token: string | undefined, received: number, meta: unknown): string | undefined {
	const page = pageToken(token);
	const next = nextPageNumber(meta, page);
	const target = { ctx, service: 'Raydocs', path, position: 'page number' as const };
	return nextListToken(target, token, received, next === undefined ? undefined : String(next));
}

async function sessionDocuments(ctx: ILoadOptionsFunctions, session: string, filter?: string): Promise<INodeListSearchResult> {
	const body = await raydocsJson(ctx, { method: 'GET', path: apiPath`/extractions/sessions/${session}/documents` });
	const results = listItems<IDataObject>(body)
		.filter((doc) => matches(filter, doc.filename, doc.id, doc.status))
		.map((doc) => ({ name: entryLabel(doc.filename ?? doc.id, doc.status), value: String(doc.id) }));
	return { results };
}

/**
 * Documents: the chosen workspace's documents (the API searches filename, source URL and hash;
 * newest first, one page of 100 per call). Without a workspace field, the chosen session's
 * documents; with neither, the first page of each workspace the token sees.
 */
export async function searchDocuments(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const workspace = currentId(this, 'workspace');
	if (!workspace) {
		const session = currentId(this, 'sessionId');
		if (isUuid(session)) return await sessionDocuments(this, session, filter);
	}
	const spaces = workspace ? [{ id: workspace, name: '' }] : await workspaces(this);
	const results: INodeListSearchResult['results'] = [];
	let token: string | undefined;
	for (const ws of spaces) {
		const path = apiPath`/workspaces/${ws.id}/documents`;
		const qs: IDataObject = { sort: 'created_at', order: 'desc', per_page: PICKER_PAGE_SIZE, page: pageToken(paginationToken) };
		if (filter) qs.query = filter;
		const body = await raydocsJson<{ meta?: unknown }>(this, { method: 'GET', path, qs });
		const documents = listItems<IDataObject>(body);
		const prefix = spaces.length > 1 && ws.name ? `${String(ws.name)} / ` : '';
		for (const doc of documents) {
			results.push({ name: `${prefix}${entryLabel(doc.filename ?? doc.id, doc.status)}`, value: String(doc.id) });
		}
		if (spaces.length === 1) token = nextPageToken(this, path, paginationToken, documents.length, body.meta);
	}
	return { results, paginationToken: token };
}

/**
 * Results (runs) of the session whose ID is typed in the search box. Raydocs lists results per
 * session only (there is no workspace-wide list) and no operation with a Result field has a
 * session field, so the search box is where the session is named (the field asks for a search
 * term before it lists anything).
 */
export async function searchSessionResults(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const session = (filter ?? '').trim();
	// Nothing to list until the search box holds a whole session ID. An error here would not
	// help: the editor hides the search box while it shows a list's error, so the user could not
	// finish typing the ID.
	if (!isUuid(session)) return { results: [] };
	const body = await raydocsJson(this, { method: 'GET', path: apiPath`/extractions/sessions/${session}/results` });
	const results = listItems<IDataObject>(body).map((run) => ({
		name: entryLabel(run.title, run.status, run.created_at, run.title ? undefined : run.id),
		value: String(run.id),
	}));
	return { results };
}

/** Runs of the chosen workflow, newest first, one page of 100 per call; the filter narrows each page. */
export async function searchWorkflowRuns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const workspace = currentId(this, 'workspace');
	const workflow = currentId(this, 'workflowId');
	if (!workspace || !isUuid(workflow)) {
		throw new NodeOperationError(this.getNode(), 'Choose the workspace and enter the workflow ID first, then open this list', {
			description: 'Workflow runs are listed per workflow.',
		});
	}
	const path = apiPath`/workspaces/${workspace}/workflows/${workflow}/runs`;
	const body = await raydocsJson<{ meta?: unknown }>(this, { method: 'GET', path, qs: { page: pageToken(paginationToken), per_page: PICKER_PAGE_SIZE } });
	const runs = listItems<IDataObject>(body);
	const results = runs
		.filter((run) => matches(filter, run.id, run.status, run.created_at))
		.map((run) => ({ name: entryLabel(run.created_at ?? run.id, run.status), value: String(run.id) }));
	return { results, paginationToken: nextPageToken(this, path, paginationToken, runs.length, body.meta) };
}

/** Members of the chosen workspace (a plain list; filtered here). */
export async function searchMembers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const workspace = currentId(this, 'workspace');
	if (!workspace) throw new NodeOperationError(this.getNode(), 'Choose the workspace first, then open this list');
	const body = await raydocsJson(this, { method: 'GET', path: apiPath`/workspaces/${workspace}/users` });
	const results = listItems<IDataObject>(body)
		.filter((user) => matches(filter, user.name, user.email, user.id))
		.map((user) => ({ name: entryLabel(user.name ?? user.email ?? user.id, user.name ? user.email : undefined, user.role), value: String(user.id) }));
	return { results };
}

/** Pending invites of the chosen workspace (a plain list; filtered here). */
export async function searchInvites(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const workspace = currentId(this, 'workspace');
	if (!workspace) throw new NodeOperationError(this.getNode(), 'Choose the workspace first, then open this list');
	const body = await raydocsJson(this, { method: 'GET', path: apiPath`/workspaces/${workspace}/invites` });
	const results = listItems<IDataObject>(body)
		.filter((invite) => matches(filter, invite.email, invite.id, invite.status))
		.map((invite) => ({ name: entryLabel(invite.email ?? invite.id, invite.role, invite.status), value: String(invite.id) }));
	return { results };
}

/**
 * The files a workflow run's final output names (its fileRefs), for Workflow Run → Get File.
 * Empty until workspace, workflow and run are set (and when they are expressions).
 */
export async function searchRunFiles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const workspace = currentId(this, 'workspace');
	const workflow = currentId(this, 'workflowId');
	const run = currentId(this, 'runId');
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
