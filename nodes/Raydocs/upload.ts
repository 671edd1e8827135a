import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readBinaryFile, type BinaryFile, type FileTypeRule } from '../shared/files/binary';
import { httpError } from '../shared/transport/errors';
import { raydocs, raydocsRequest } from './transport';

/** The formats Raydocs accepts for documents (sessions/create-document). */
export const RAYDOCS_FILE_TYPES: FileTypeRule = {
	extensions: ['pdf', 'docx', 'doc', 'png', 'jpg', 'jpeg', 'tif', 'tiff', 'pptx'],
	label: 'PDF, DOCX/DOC, PNG, JPG/JPEG, TIFF, PPTX',
};

interface SignedUrl {
	key: string;
	url: string;
	headers?: Record<string, string | string[]>;
	uuid?: string;
}

export interface UploadedFile {
	key: string;
	fileName: string;
	mimeType: string;
	size: number;
	itemIndex: number;
}

/** Reads and checks an item's file before anything is sent. */
export async function raydocsFile(ctx: IExecuteFunctions, itemIndex: number, property: string): Promise<BinaryFile> {
	return await readBinaryFile(ctx, itemIndex, property, RAYDOCS_FILE_TYPES);
}

/** Whether a refused signed-URL request names the content type as the reason. */
function refusesContentType(statusCode: number, body: unknown): boolean {
	if (statusCode !== 400 && statusCode !== 422) return false;
	const b = (typeof body === 'object' && body !== null ? body : { message: String(body ?? '') }) as IDataObject;
	const errors = b.errors as IDataObject | undefined;
	if (errors && typeof errors === 'object' && 'content_type' in errors) return true;
	return /content[ _-]?type/i.test(String(b.message ?? ''));
}

/**
 * Asks for a signed storage URL. The API docs list `content_type` as required with PDF,
 * PNG and JPEG only, the cookbook calls it optional (storage then takes octet-stream): the real
 * MIME type is sent when known, and a refusal of it is asked once more without it.
 */
async function signedUploadUrl(ctx: IExecuteFunctions, file: BinaryFile): Promise<SignedUrl> {
	const known = file.mimeType && file.mimeType !== 'application/octet-stream' ? file.mimeType : undefined;
	const ask = async (contentType?: string) =>
		await raydocsRequest<SignedUrl>(ctx, {
			method: 'POST',
			path: '/vapor/signed-storage-url',
			body: { ...(contentType ? { content_type: contentType } : {}), visibility: 'private' },
			// Asking for a URL creates nothing that lasts; a lost answer is safe to ask again.
			idempotent: true,
			itemIndex: file.itemIndex,
			what: `get an upload URL for "${file.fileName}"`,
			acceptStatuses: [400, 422],
		});
	let response = await ask(known);
	if (known && refusesContentType(response.statusCode, response.body)) response = await ask(undefined);
	if (response.statusCode >= 400) throw httpError(ctx, raydocs, response.statusCode, response.body, { itemIndex: file.itemIndex });
	return response.body;
}

/**
 * The signed-URL flow: ask Raydocs for a signed storage URL, PUT the bytes there with the headers
 * it returned, and keep the key. The PUT goes through n8n's plain httpRequest, not the
 * authenticated one: the URL's signature is the authentication and the access token must never
 * reach the storage host. The body is streamed from n8n's binary store.
 */
export async function uploadFile(ctx: IExecuteFunctions, file: BinaryFile): Promise<UploadedFile> {
	const signed = await signedUploadUrl(ctx, file);
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(signed.headers ?? {})) {
		if (name.toLowerCase() === 'host' || name.toLowerCase() === 'authorization') continue;
		headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
		headers['Content-Type'] = file.mimeType;
	}
	// Object stores refuse chunked uploads: say the length up front.
	headers['Content-Length'] = String(file.size);
	await raydocsRequest(ctx, {
		method: 'PUT',
		path: signed.url,
		noAuth: true,
		bodyFactory: async () => await file.open(),
		headers,
		itemIndex: file.itemIndex,
		what: `upload "${file.fileName}" to Raydocs storage`,
		rateBucket: 'storage',
	});
	return { key: signed.key, fileName: file.fileName, mimeType: file.mimeType, size: file.size, itemIndex: file.itemIndex };
}
