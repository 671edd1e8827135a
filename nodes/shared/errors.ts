import { NodeApiError, type IDataObject, type JsonObject } from 'n8n-workflow';

import type { RequestContext, ServiceDefinition, ServiceErrorInfo } from './types';

/** Appends n8n's usual "[item N]" so the user knows which input item failed. */
export function withItem(message: string, itemIndex?: number): string {
	return itemIndex === undefined ? message : `${message} [item ${itemIndex}]`;
}

function joinDetails(info: ServiceErrorInfo): string {
	return (info.details ?? []).map((line) => `• ${line}`).join('\n');
}

function defaultHint(service: ServiceDefinition, statusCode: number, info: ServiceErrorInfo): string {
	if (statusCode === 401) {
		return `Open the ${service.name} credential and check the ${service.tokenLabel} (it may be revoked or mistyped) and the base URL.`;
	}
	if (statusCode === 403) {
		return info.ability
			? `Create a ${service.tokenLabel} that has the "${info.ability}" ability, or add it to this one, and update the credential.`
			: `Check that the ${service.tokenLabel}'s account may do this in this workspace or project.`;
	}
	if (statusCode === 404) return 'Check the ID (and that it belongs to the account of this credential).';
	if (statusCode === 400 || statusCode === 422) return 'Correct the fields listed above and run again.';
	if (statusCode === 429) {
		return `${service.name}'s rate limit was still exceeded after waiting. Lower the batch size or spread the workflow's runs out.`;
	}
	if (statusCode >= 500) return `${service.name} had a problem on its side. Run again later; if it persists, contact ${service.name} support.`;
	return '';
}

function headline(
	service: ServiceDefinition,
	statusCode: number,
	info: ServiceErrorInfo,
	subject?: string,
): string {
	const said = info.message ? `: ${info.message}` : '';
	switch (statusCode) {
		case 401:
			return `${service.name} did not accept the ${service.tokenLabel}${said}`;
		case 403:
			return info.ability
				? `The ${service.tokenLabel} lacks the "${info.ability}" ability`
				: `${service.name} refused this request${said}`;
		case 404:
			return subject ? `${subject} was not found` : `${service.name} found nothing here${said}`;
		case 400:
		case 422:
			return `${service.name} rejected the request${said}`;
		case 429:
			return `${service.name} rate limit exceeded${said}`;
		default:
			return statusCode >= 500
				? `${service.name} server error (HTTP ${statusCode})${said}`
				: `${service.name} answered HTTP ${statusCode}${said}`;
	}
}

/** Turns an HTTP error answer into a NodeApiError that names the item, the problem and the fix. */
export function httpError(
	ctx: RequestContext,
	service: ServiceDefinition,
	statusCode: number,
	body: unknown,
	options: { subject?: string; itemIndex?: number },
): NodeApiError {
	const info = service.parseError(statusCode, body);
	const message = withItem(headline(service, statusCode, info, options.subject), options.itemIndex);
	const hint = service.hint?.(statusCode, info) ?? defaultHint(service, statusCode, info);
	const description = [joinDetails(info), hint].filter((part) => part).join('\n');
	const response: IDataObject = {
		httpCode: String(statusCode),
		message: info.message ?? '',
		...(info.code ? { code: info.code } : {}),
		...(info.ability ? { ability: info.ability } : {}),
		...(info.details ? { details: info.details } : {}),
		...(info.extra ?? {}),
	};
	return new NodeApiError(ctx.getNode(), response as JsonObject, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: options.itemIndex,
	});
}

/** A request that never got an HTTP answer. Built from plain facts: the raw error holds headers. */
export function transportError(
	ctx: RequestContext,
	service: ServiceDefinition,
	reason: string,
	options: { itemIndex?: number; maybeProcessed: boolean; what: string },
): NodeApiError {
	const message = withItem(`Could not reach ${service.name} (${reason}) while trying to ${options.what}`, options.itemIndex);
	const description = options.maybeProcessed
		? `The connection broke after the request was sent, so ${service.name} may have done it anyway. It was not repeated automatically to avoid doing it twice: check in ${service.name} before running again.`
		: `Check the base URL in the credential and the network, then run again.`;
	return new NodeApiError(ctx.getNode(), { message: reason, code: reason } as JsonObject, {
		message,
		description,
		itemIndex: options.itemIndex,
	});
}
