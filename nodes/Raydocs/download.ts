import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { extensionFromMime, mimeFromFileName } from '../shared/files/binary';
import type { ApiResponse } from '../shared/transport/http';
import { raydocsRequest } from './transport';

/** Bytes of a binary answer, whichever form n8n's HTTP layer handed back. */
export function bytesOf(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body);
	return Buffer.from(JSON.stringify(body ?? ''));
}

/**
 * GETs a signed storage URL. No credential: the signature in the URL is the authentication and
 * the access token must not reach the storage host. The URL itself is never put into messages:
 * its query string is a bearer secret for as long as it lives. Storage answers 401 (Raydocs'
 * workflow-run files) or 403 (S3) to a link that has expired: that is the link's fault, not the
 * access token's, so the answer is returned for the caller to ask for a fresh link.
 */
export async function downloadSignedUrl(
	ctx: IExecuteFunctions,
	url: string,
	itemIndex: number,
	what: string,
): Promise<ApiResponse<Buffer>> {
	const response = await raydocsRequest<unknown>(ctx, {
		method: 'GET',
		path: url,
		noAuth: true,
		binary: true,
		itemIndex,
		what,
		rateBucket: 'storage',
		acceptStatuses: [401, 403],
	});
	return { ...response, body: bytesOf(response.body) };
}

/**
 * Downloads through a signed link asked for just before (`freshUrl`). A link refused by storage
 * as expired is asked for once more; a second refusal ends in an error that says the link
 * expired, never that the access token was refused.
 */
export async function downloadWithFreshLink(
	ctx: IExecuteFunctions,
	freshUrl: () => Promise<string>,
	itemIndex: number,
	what: string,
): Promise<ApiResponse<Buffer> & { url: string }> {
	let status = 0;
	for (let attempt = 1; attempt <= 2; attempt++) {
		const url = await freshUrl();
		const response = await downloadSignedUrl(ctx, url, itemIndex, what);
		if (response.statusCode < 400) return { ...response, url };
		status = response.statusCode;
	}
	throw new NodeOperationError(ctx.getNode(), `The download link expired before the file could be fetched (${what})`, {
		itemIndex,
		description: `Storage refused two fresh signed links in a row (HTTP ${status}). Raydocs links live about ten minutes; check the n8n host's clock and network, then run the node again.`,
	});
}

/** The last path segment of a URL, without its query string. */
export function fileNameFromUrl(url: string): string | undefined {
	try {
		const segment = new URL(url).pathname.split('/').filter((part) => part).pop();
		return segment ? decodeURIComponent(segment) : undefined;
	} catch {
		return undefined;
	}
}

/** One output item carrying a file, with n8n's binary helpers doing the storing. */
export async function binaryItem(
	ctx: IExecuteFunctions,
	bytes: Buffer,
	fileName: string,
	mimeType: string | undefined,
	property: string,
	json: IDataObject,
): Promise<INodeExecutionData> {
	const mime = mimeType ?? mimeFromFileName(fileName) ?? 'application/octet-stream';
	const name = fileName.includes('.') ? fileName : `${fileName}.${extensionFromMime(mime) ?? 'bin'}`;
	const binary = await ctx.helpers.prepareBinaryData(bytes, name, mime);
	return { json: { ...json, file_name: name, mime_type: mime, file_size: bytes.length }, binary: { [property]: binary } };
}
