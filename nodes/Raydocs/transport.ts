import type { IDataObject } from 'n8n-workflow';

import { credentialBaseUrl } from '../shared/baseUrl';
import { apiRequest, type ApiRequestOptions, type ApiResponse } from '../shared/http';
import type { RequestContext, ServiceDefinition, ServiceErrorInfo } from '../shared/types';

/**
 * Raydocs error bodies are Laravel's (the reference infers it, §4): `{message}` and, for
 * validation, `{message, errors: {field: [lines]}}`. The 403 body names no ability in the
 * reference; we read `required_ability`/`ability` when present and otherwise guess from the
 * path (see abilityFor) — tolerant either way.
 */
function parseError(statusCode: number, body: unknown): ServiceErrorInfo {
	const b = (typeof body === 'object' && body !== null ? body : { message: String(body ?? '') }) as IDataObject;
	const details: string[] = [];
	const errors = b.errors as Record<string, unknown> | undefined;
	if (errors && typeof errors === 'object') {
		for (const [field, lines] of Object.entries(errors)) {
			for (const line of Array.isArray(lines) ? lines : [lines]) details.push(`${field}: ${String(line)}`);
		}
	}
	const ability = (b.required_ability ?? b.ability) as string | undefined;
	const message = typeof b.message === 'string' && b.message ? b.message : undefined;
	return { message, details: details.length ? details : undefined, ability };
}

export const RAYDOCS_DEFAULT_URL = 'https://api.raydocs.com';

export const raydocs: ServiceDefinition = {
	name: 'Raydocs',
	credentialType: 'raydocsApi',
	tokenLabel: 'access token',
	credentialName: 'Raydocs API',
	secretFields: ['accessToken'],
	baseUrl: (credentials) => credentialBaseUrl(credentials.baseUrl, 'Base URL', RAYDOCS_DEFAULT_URL),
	parseError,
	hint: (statusCode, info) =>
		statusCode === 403 && info.ability
			? `Give the token the "${info.ability}" ability (Raydocs → Settings → Access Tokens) and update the credential. If it already has it, your role in this workspace does not allow this (workflow endpoints need a workspace admin).`
			: undefined,
};

/** The ability an endpoint needs, per the reference (§7), for a 403 that does not name one. */
export function abilityFor(method: string, path: string): string | undefined {
	const write = method !== 'GET';
	if (/^\/workspaces\/[^/]+\/workflows\//.test(path)) {
		// The run file endpoint names no ability; it serves run output, so we name the output one.
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

/** A Raydocs request; a 403 without a named ability gets the one the endpoint documents. */
export async function raydocsRequest<T = unknown>(
	ctx: RequestContext,
	options: ApiRequestOptions,
): Promise<ApiResponse<T>> {
	const ability = abilityFor(options.method, options.path);
	const service: ServiceDefinition = ability
		? {
				...raydocs,
				parseError: (status, body) => {
					const info = parseError(status, body);
					return status === 403 && !info.ability ? { ...info, ability } : info;
				},
			}
		: raydocs;
	return await apiRequest<T>(ctx, service, options);
}

export async function raydocsJson<T = unknown>(ctx: RequestContext, options: ApiRequestOptions): Promise<T> {
	return (await raydocsRequest<T>(ctx, options)).body;
}
