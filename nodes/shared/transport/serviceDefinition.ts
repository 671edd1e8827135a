import type { IDataObject, IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Every n8n context our code makes HTTP requests from. */
export type RequestContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

/** What the service's error body says, pulled out by the service's own parser. */
export interface ServiceErrorInfo {
	/** The service's own message, e.g. "Template not found". */
	message?: string;
	/** Validation or detail lines, e.g. "files: must not have more than 50 items". */
	details?: string[];
	/** The missing permission named by a 403, e.g. `sessions-write`. */
	ability?: string;
	/** The service's machine-readable code, e.g. `INSUFFICIENT_CREDITS`. */
	code?: string;
	/** Extra facts worth showing, e.g. credits needed/available. */
	extra?: IDataObject;
}

/** A service, as the shared core needs to know it. One per service, in its transport.ts. */
export interface ServiceDefinition {
	/** Display name used in messages: "Raydocs". */
	name: string;
	/** n8n credential type name: "raydocsApi". */
	credentialType: string;
	/**
	 * Base URL from the decrypted credential, checked by shared/transport/baseUrl's credentialBaseUrl
	 * (trimmed, no trailing slash; throws a BaseUrlError naming the field when refused).
	 */
	baseUrl(credentials: IDataObject): string;
	/** The credential's display name, for messages: "Raydocs API". */
	credentialName: string;
	/** The credential's password-typed fields (token, API key): redacted from everything shown. */
	secretFields: readonly string[];
	/** Parses the service's error body. */
	parseError(statusCode: number, body: unknown): ServiceErrorInfo;
	/** The fix to suggest for a status, in this service's words; falls back to the core's. */
	hint?(statusCode: number, info: ServiceErrorInfo): string | undefined;
	/** Name of the token field, so a message can say which field to check. */
	tokenLabel: string;
	/**
	 * Rate buckets that sit inside the service's global budget, with their own tighter limit
	 * (PerfectParser's `submit: 20`): a request in one waits for both windows. Buckets not listed
	 * (Raydocs' `storage`, another host) stay independent of the default one.
	 */
	nestedRateBuckets?: Record<string, { limit: number }>;
	/**
	 * Shortest wait after a 429 that says nothing of when to come back (no Retry-After, no reset
	 * header): a service whose limit is a per-minute window (Raydocs: 100 requests a minute per IP)
	 * frees up only when the window turns, so a shorter retry would be refused again.
	 */
	rateLimitWindowMs?: number;
	/**
	 * Whom the service's quota belongs to: each credential (an API key's own limit, the default),
	 * or the calling host (Raydocs: 100 requests a minute per IP), where every credential used
	 * from this process draws on one window at the base URL.
	 */
	rateLimitPer?: 'credential' | 'host';
}
