import { NodeOperationError } from 'n8n-workflow';

import { shownBaseUrl } from './baseUrl';
import { safeText, secretsOf } from './redact';
import type { RequestContext, ServiceDefinition } from './serviceDefinition';

/**
 * n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED=true) refuses a request to a blocked address
 * before it is sent. n8n 2.41 (@n8n/backend-network) throws one of two errors, named by `name`:
 * `SsrfBlockedIpError` (the address, in `ip`, is in a blocked range: private, loopback,
 * link-local… unless N8N_SSRF_ALLOWED_IP_RANGES covers it) and `SsrfBlockedHostnameError` (the
 * name, in `hostname`, is in N8N_SSRF_BLOCKED_HOSTNAMES). httpRequest throws it as it is;
 * httpRequestWithAuthentication wraps it in a NodeApiError whose `cause` it is.
 */
const SSRF_ERROR_NAMES = new Set(['SsrfBlockedIpError', 'SsrfBlockedHostnameError']);

/** What n8n's refusal says: the blocked address and/or host name. */
export interface SsrfBlock {
	ip?: string;
	hostname?: string;
}

/** The refusal of n8n's SSRF protection somewhere in the error's `cause` chain, or undefined. */
export function ssrfBlock(error: unknown): SsrfBlock | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const candidate = current as { name?: unknown; ip?: unknown; hostname?: unknown; cause?: unknown };
		if (typeof candidate.name === 'string' && SSRF_ERROR_NAMES.has(candidate.name)) {
			return {
				ip: typeof candidate.ip === 'string' ? candidate.ip : undefined,
				hostname: typeof candidate.hostname === 'string' ? candidate.hostname : undefined,
			};
		}
		current = candidate.cause;
	}
	return undefined;
}

/** A request n8n refused, with the address it was going to (thrown by send, turned into ssrfError). */
export class SsrfRefusal extends Error {
	constructor(
		readonly url: string,
		readonly block: SsrfBlock,
	) {
		super('n8n SSRF protection refused the request');
		this.name = 'SsrfRefusal';
	}
}

function isIpAddress(host: string): boolean {
	return /^\[?[0-9a-f:.]+\]?$/i.test(host) && (host.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host));
}

/**
 * The error for a request n8n's SSRF protection refused: not an answer of the service and not
 * worth a retry (n8n would refuse it again), but n8n's configuration, which only its administrator
 * can change. It names the host, the credential's base URL and the two settings that allow it.
 */
export function ssrfError(
	ctx: RequestContext,
	service: ServiceDefinition,
	refusal: SsrfRefusal,
	options: { baseUrl?: string; what: string; itemIndex?: number; signedUrl: boolean },
): NodeOperationError {
	let target: URL | undefined;
	try {
		target = new URL(refusal.url);
	} catch {
		target = undefined;
	}
	// Only the host: a signed URL's path and query are its signature.
	const host = refusal.block.hostname ?? target?.hostname ?? 'the address';
	const bareHost = host.replace(/^\[|\]$/g, '');
	const ip = refusal.block.ip && refusal.block.ip !== bareHost ? refusal.block.ip : undefined;
	const shownHost = ip ? `${host} (${ip})` : host;
	const base = options.baseUrl ? shownBaseUrl(options.baseUrl) : undefined;
	const whose = options.signedUrl
		? `a storage address ${service.name} gave${base ? `; the ${service.credentialName} credential's base URL is ${base}` : ''}`
		: `the ${service.credentialName} credential's base URL${base ? ` ${base}` : ''}`;
	const message = `n8n's SSRF protection blocked the request to ${shownHost} (${whose}) while trying to ${options.what}. Allow the host with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES`;

	const address = ip ?? (isIpAddress(bareHost) ? bareHost : undefined);
	const range = address ? `${address}/${address.includes(':') ? 128 : 32}` : undefined;
	const byName = isIpAddress(bareHost) ? undefined : `N8N_SSRF_ALLOWED_HOSTNAMES=${bareHost} (by name)`;
	const byRange = range ? `N8N_SSRF_ALLOWED_IP_RANGES=${range} (by address)` : 'N8N_SSRF_ALLOWED_IP_RANGES with its address range (by address)';
	const description = [
		`n8n itself refused to send this request: with N8N_SSRF_PROTECTION_ENABLED=true it blocks private, loopback and link-local addresses (and any in N8N_SSRF_BLOCKED_IP_RANGES or N8N_SSRF_BLOCKED_HOSTNAMES). ${service.name} was not reached, and the request was not retried: n8n would refuse it again.`,
		`If ${host} is a ${service.name} address you trust (a self-hosted or private-network deployment, a local sandbox), ask your n8n administrator to allow it and restart n8n: ${[byName, byRange].filter((part) => part).join(', or ')}.`,
		options.signedUrl ? '' : `Otherwise correct the base URL in the ${service.credentialName} credential.`,
	]
		.filter((part) => part)
		.join('\n');
	const secrets = secretsOf(ctx);
	return new NodeOperationError(ctx.getNode(), safeText(message, secrets, 900), {
		description: safeText(description, secrets, 3000),
		itemIndex: options.itemIndex,
	});
}
