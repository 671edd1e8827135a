import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { extensionFromMime, mimeFromFileName } from '../shared/binary';
import type { ApiResponse } from '../shared/http';
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
 * its query string is a bearer secret for as long as it lives.
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
	});
	return { ...response, body: bytesOf(response.body) };
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
