/**
 * n8n's HTTP APIs as the dev tools call them: a small JSON client, and the owner's sign-in that
 * yields the public API key (`/api/v1`) and the session for the editor's internal `/rest` API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The instance owner the dev tools sign in as (the editor's sign-in too). */
export const OWNER = {
	email: 'owner@example.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

export interface HttpResponse<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

export class ApiClient {
	constructor(
		readonly baseUrl: string,
		private readonly headers: Record<string, string>,
	) {}

	async request<T = any>(method: string, urlPath: string, body?: unknown): Promise<HttpResponse<T>> {
		const res = await fetch(this.baseUrl + urlPath, {
			method,
			headers: {
				...this.headers,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		let parsed: any = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: res.status, body: parsed as T, headers: res.headers };
	}

	/** Like request(), but throws on a non-2xx answer. */
	async call<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const res = await this.request<T>(method, urlPath, body);
		if (res.status < 200 || res.status >= 300) {
			throw new Error(
				`${method} ${this.baseUrl}${urlPath} → ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`,
			);
		}
		return res.body;
	}

	get<T = any>(p: string) {
		return this.call<T>('GET', p);
	}
	post<T = any>(p: string, body?: unknown) {
		return this.call<T>('POST', p, body ?? {});
	}
	put<T = any>(p: string, body?: unknown) {
		return this.call<T>('PUT', p, body ?? {});
	}
	delete<T = any>(p: string) {
		return this.call<T>('DELETE', p);
	}
}

/** Public API (`/api/v1`, X-N8N-API-KEY) plus the owner's session for internal `/rest` calls. */
export interface ApiAccess {
	apiKey: string;
	/** `/api/v1/...` with the API key: workflows activate/deactivate, executions. */
	api: ApiClient;
	/** `/rest/...` with the owner's session cookie (the editor's internal API). */
	rest: ApiClient;
	/** The server root with the owner's session cookie (e.g. `/types/nodes.json`). */
	web: ApiClient;
}

/** Every call sends it: n8n binds the owner's session to the browser id it signed in with. */
const BROWSER_ID = 'e2e-browser';

/**
 * Creates the owner (first start only), logs in, and creates an API key with every scope; the
 * key is kept in `userFolder` and reused after restarts. n8n must be running at `baseUrl`.
 */
export async function signInOwner(baseUrl: string, userFolder: string): Promise<ApiAccess> {
	const anon = new ApiClient(baseUrl, { 'browser-id': BROWSER_ID });
	const setup = await anon.request('POST', '/rest/owner/setup', OWNER);
	if (setup.status !== 200 && setup.status !== 400) {
		throw new Error(`owner setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
	}
	const login = await anon.request('POST', '/rest/login', {
		emailOrLdapLoginId: OWNER.email,
		password: OWNER.password,
	});
	const cookie = (login.headers.getSetCookie?.() ?? [])
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	if (login.status !== 200 || !cookie) {
		throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
	}
	const rest = new ApiClient(`${baseUrl}/rest`, { 'browser-id': BROWSER_ID, cookie });
	const keyFile = path.join(userFolder, 'e2e-api-key');
	let apiKey = fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : '';
	if (!apiKey) {
		const scopes = (await rest.get<{ data: string[] }>('/api-keys/scopes')).data;
		const created = await rest.post<{ data: { rawApiKey: string } }>('/api-keys', {
			label: `e2e ${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		apiKey = created.data.rawApiKey;
		fs.writeFileSync(keyFile, apiKey);
	}
	const api = new ApiClient(`${baseUrl}/api/v1`, { 'X-N8N-API-KEY': apiKey });
	const web = new ApiClient(baseUrl, { 'browser-id': BROWSER_ID, cookie });
	return { apiKey, api, rest, web };
}
