import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { baseUrlRefusal, baseUrlRefused, credentialBaseUrl } from '../shared/transport/baseUrl';
import { apiRequest, type ApiRequestOptions, type ApiResponse } from '../shared/transport/http';
import type { RequestContext, ServiceDefinition, ServiceErrorInfo } from '../shared/transport/serviceDefinition';

export const CREDENTIAL_TYPE = 'llamaCloudExtractApi';

/** API base URLs per region. */
export const REGION_URLS: Record<string, string> = {
	us: 'https://api.cloud.llamaindex.ai',
	eu: 'https://api.cloud.eu.llamaindex.ai',
};

const CUSTOM_URL_FIELD = 'Custom Base URL';

/** An empty region is US (the credential's default, also for credentials saved before it existed). */
const regionOf = (credentials: IDataObject) => String(credentials.region || 'us');

function baseUrl(credentials: IDataObject): string {
	const region = regionOf(credentials);
	if (region === 'custom') return credentialBaseUrl(credentials.baseUrl, CUSTOM_URL_FIELD);
	const url = REGION_URLS[region];
	// loadScope reports this first with the item; never fall back to US for a key from elsewhere.
	if (!url) throw new Error(`Unknown LlamaCloud region "${region}"`);
	return url;
}

function locText(loc: unknown): string {
	if (!Array.isArray(loc)) return '';
	// "body" / "query" / "path" only say where; the field path is what the user can act on.
	const parts = loc.map(String);
	const trimmed = ['body', 'query', 'path'].includes(parts[0]) && parts.length > 1 ? parts.slice(1) : parts;
	return trimmed.join('.');
}

/**
 * FastAPI error bodies: `{detail: [{loc, msg, type}]}` for 422 validation (every line is listed
 * with its location), `{detail: "message"}` otherwise (the latter unverified, so
 * `message` / `error` are read too).
 */
function parseError(_statusCode: number, body: unknown): ServiceErrorInfo {
	if (typeof body === 'string') return { message: body.trim().slice(0, 500) || undefined };
	const b = (typeof body === 'object' && body !== null ? body : {}) as IDataObject;
	const detail = b.detail;
	if (Array.isArray(detail)) {
		const details = detail.map((entry) => {
			if (typeof entry !== 'object' || entry === null) return String(entry);
			const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
			const where = locText(loc);
			return where ? `${where}: ${String(msg ?? '')}` : String(msg ?? '');
		});
		return { message: details.length === 1 ? details[0] : `${details.length} fields are invalid`, details };
	}
	if (typeof detail === 'string' && detail) return { message: detail };
	if (detail && typeof detail === 'object') {
		const inner = detail as IDataObject;
		if (typeof inner.message === 'string') return { message: inner.message };
	}
	const message = [b.message, b.error].find((value) => typeof value === 'string' && value) as string | undefined;
	return { message };
}

function hint(statusCode: number): string | undefined {
	if (statusCode === 401) {
		return 'Open the LlamaCloud Extract credential and check the API key (revoked or mistyped?) and the region: a US key does not work against the EU API and vice versa.';
	}
	if (statusCode === 402) return 'The LlamaCloud organization has run out of credits. Add credits or upgrade the plan in LlamaCloud, then run again.';
	if (statusCode === 403) {
		return "The key's project may not access this (it belongs to another project or organization, or the project is disabled). Check the Project ID and Organization ID in the credential.";
	}
	return undefined;
}

export const llamaCloud: ServiceDefinition = {
	name: 'LlamaCloud',
	credentialType: CREDENTIAL_TYPE,
	tokenLabel: 'API key',
	credentialName: 'LlamaCloud Extract API',
	secretFields: ['apiKey'],
	baseUrl,
	parseError,
	hint,
};

export interface LlamaRequestOptions extends ApiRequestOptions {
	/** Adds project_id / organization_id from the credential: only where the API declares them. */
	scoped?: boolean;
}

interface Scope {
	projectId: string;
	organizationId: string;
}

const scopes = new WeakMap<object, Promise<Scope>>();

async function loadScope(ctx: RequestContext, itemIndex?: number): Promise<Scope> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
	const region = regionOf(credentials);
	if (region !== 'custom' && !REGION_URLS[region]) {
		throw new NodeOperationError(ctx.getNode(), `The credential's Region "${region}" is not known`, {
			itemIndex,
			description: 'Open the LlamaCloud Extract credential and pick US, EU or Custom (with a Custom Base URL) as the Region.',
		});
	}
	const refusal = region === 'custom' ? baseUrlRefusal(credentials.baseUrl, CUSTOM_URL_FIELD) : undefined;
	if (refusal) throw baseUrlRefused(ctx.getNode(), llamaCloud.credentialName, refusal, itemIndex);
	return {
		projectId: String(credentials.projectId ?? '').trim(),
		organizationId: String(credentials.organizationId ?? '').trim(),
	};
}

/** A LlamaCloud request through the shared core, with the credential's project scope where declared. */
export async function llamaRequest<T = unknown>(ctx: RequestContext, options: LlamaRequestOptions): Promise<ApiResponse<T>> {
	let scope = scopes.get(ctx);
	if (!scope) {
		scope = loadScope(ctx, options.itemIndex);
		scopes.set(ctx, scope);
		// A rejected check must not be cached: the next item reports it with its own index.
		scope.catch(() => scopes.delete(ctx));
	}
	const { projectId, organizationId } = await scope;
	const { scoped, ...rest } = options;
	const qs: IDataObject = { ...(options.qs ?? {}) };
	if (scoped) {
		if (projectId) qs.project_id = projectId;
		if (organizationId) qs.organization_id = organizationId;
	}
	// LlamaCloud reads a list as the name repeated (`job_ids=a&job_ids=b`); n8n's request helper
	// would write `job_ids[0]=a`, so lists go into the path's query string here.
	const repeated = new URLSearchParams();
	for (const [name, value] of Object.entries(qs)) {
		if (!Array.isArray(value)) continue;
		for (const entry of value) repeated.append(name, String(entry));
		delete qs[name];
	}
	const query = repeated.toString();
	const path = query ? `${options.path}${options.path.includes('?') ? '&' : '?'}${query}` : options.path;
	return await apiRequest<T>(ctx, llamaCloud, { ...rest, path, qs: Object.keys(qs).length ? qs : undefined });
}

export async function llamaJson<T = unknown>(ctx: RequestContext, options: LlamaRequestOptions): Promise<T> {
	return (await llamaRequest<T>(ctx, options)).body;
}
