import type { IDataObject } from 'n8n-workflow';

import { credentialBaseUrl } from '../shared/transport/baseUrl';
import { apiRequest, type ApiRequestOptions, type ApiResponse } from '../shared/transport/http';
import type { RequestContext, ServiceDefinition, ServiceErrorInfo } from '../shared/transport/serviceDefinition';

/** What an error answer says, read tolerantly: `message`, then `error`, then the text itself. */
function errorMessage(body: IDataObject | string): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (!text) return undefined;
		// An HTML error page (a proxy's or the framework's): its title, not the markup.
		if (/^<(!doctype|html)/i.test(text)) {
			const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
			return title || undefined;
		}
		return text.length > 300 ? `${text.slice(0, 300)}…` : text;
	}
	for (const key of ['message', 'error']) {
		const value = body[key];
		if (typeof value === 'string' && value) return value;
		if (value && typeof value === 'object' && typeof (value as IDataObject).message === 'string') return (value as IDataObject).message as string;
	}
	return undefined;
}

/**
 * Raydocs error bodies are Laravel-shaped: `{message}` and, for validation, `{message, errors:
 * {field: [lines]}}`; a proxy in front may answer with an HTML page. A 403 names no ability in
 * the docs; `required_ability`/`ability` are read when present, otherwise the endpoint's ability
 * is named (see abilityFor).
 */
function parseError(statusCode: number, body: unknown): ServiceErrorInfo {
	const b = (typeof body === 'object' && body !== null ? body : String(body ?? '')) as IDataObject | string;
	const details: string[] = [];
	const errors = typeof b === 'object' ? (b.errors as Record<string, unknown> | undefined) : undefined;
	if (errors && typeof errors === 'object') {
		for (const [field, lines] of Object.entries(errors)) {
			for (const line of Array.isArray(lines) ? lines : [lines]) details.push(`${field}: ${String(line)}`);
		}
	}
	const ability = typeof b === 'object' ? ((b.required_ability ?? b.ability) as string | undefined) : undefined;
	return { message: errorMessage(b), details: details.length ? details : undefined, ability };
}

export const RAYDOCS_DEFAULT_URL = 'https://api.raydocs.com';

export const raydocs: ServiceDefinition = {
	name: 'Raydocs',
	credentialType: 'raydocsApi',
	tokenLabel: 'access token',
	credentialName: 'Raydocs API',
	secretFields: ['accessToken'],
	baseUrl: (credentials) => credentialBaseUrl(credentials.baseUrl, 'Base URL', RAYDOCS_DEFAULT_URL),
	// 100 requests a minute per IP; a 429 names no Retry-After, so the retry waits out the minute.
	rateLimitWindowMs: 60_000,
	// The limit is the calling IP's: every token used from this n8n draws on the same window.
	rateLimitPer: 'host',
	parseError,
	hint: (statusCode, info) =>
		statusCode === 403 && info.ability
			? `Give the token the "${info.ability}" ability (Raydocs → Settings → Access Tokens) and update the credential. If it already has it, your role in this workspace does not allow this (workflow endpoints need a workspace admin).`
			: undefined,
};

/** The ability an endpoint documents, for a 403 whose body names none. */
export function abilityFor(method: string, path: string): string | undefined {
	const write = method !== 'GET';
	if (/^\/workspaces\/[^/]+\/workflows\//.test(path)) {
		// The run file endpoint accepts workflow-runs-output-read (files in a completed run's final
		// output) or workflows-read (any runtime file); the output one is the one to ask for.
		return /\/(output|file)$/.test(path) ? 'workflow-runs-output-read' : 'workflows-read';
	}
	if (/^\/workspaces\/[^/]+\/(users|invites|leave)/.test(path)) return write ? 'workspace-users-write' : 'workspace-users-read';
	if (/^\/workspaces\/[^/]+\/documents/.test(path)) return write ? 'documents-write' : 'documents-read';
	if (/^\/workspaces\/[^/]+\/extractions\/templates/.test(path)) return 'templates-read';
	if (/^\/workspaces/.test(path)) return write ? 'workspaces-write' : 'workspaces-read';
	if (/^\/extractions\/templates\/[^/]+\/sessions\/batch\/export/.test(path)) return 'sessions-read';
	if (/^\/extractions\/templates\/[^/]+\/sessions/.test(path)) return 'sessions-write';
	if (/^\/extractions\/templates/.test(path)) return write ? 'templates-write' : 'templates-read';
	if (/^\/extractions\/(sessions|results|documents)/.test(path)) return write ? 'sessions-write' : 'sessions-read';
	return undefined;
}

/**
 * Tokens can be restricted to one workspace (new tokens are scoped to the current workspace by
 * default): on another workspace they get 404 or 403. Said in the hint of those answers.
 */
const WORKSPACE_RESTRICTION =
	'The access token may also be restricted to another workspace (Raydocs scopes new tokens to the current workspace by default): use a token allowed for this workspace.';

/**
 * A Raydocs request; a 403 without a named ability gets the one the endpoint documents, and a
 * 403 or 404 on a workspace path mentions workspace-restricted tokens.
 */
export async function raydocsRequest<T = unknown>(
	ctx: RequestContext,
	options: ApiRequestOptions,
): Promise<ApiResponse<T>> {
	const ability = abilityFor(options.method, options.path);
	const onWorkspace = !options.noAuth && /^\/workspaces\/[^/]+/.test(options.path);
	const service: ServiceDefinition = {
		...raydocs,
		parseError: (status, body) => {
			const info = parseError(status, body);
			return status === 403 && !info.ability && ability ? { ...info, ability } : info;
		},
		hint: (status, info) => {
			const base = raydocs.hint?.(status, info) ?? (status === 404 ? 'Check the ID (and that it belongs to the account of this credential).' : undefined);
			if (!onWorkspace || (status !== 403 && status !== 404)) return base;
			return [base, WORKSPACE_RESTRICTION].filter((part) => part).join(' ');
		},
	};
	return await apiRequest<T>(ctx, service, options);
}

export async function raydocsJson<T = unknown>(ctx: RequestContext, options: ApiRequestOptions): Promise<T> {
	return (await raydocsRequest<T>(ctx, options)).body;
}
