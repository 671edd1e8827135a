import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { skipUploadedField as skipUploadedFieldOf } from '../shared/description/fields';
import { readBinaryFile, type BinaryFile } from '../shared/files/binary';
import { contentSha256 } from '../shared/files/contentHash';
import { multipartBody, type MultipartPart } from '../shared/transport/multipart';
import { llamaJson } from './transport';

export interface LlamaFile extends IDataObject {
	id: string;
	name?: string;
}

/** Reads and checks an item's file before anything is sent (missing, empty). */
export async function llamaFile(ctx: IExecuteFunctions, itemIndex: number, property: string): Promise<BinaryFile> {
	// LlamaCloud infers the type from the file name and accepts most office, image and text
	// formats, so no type rule here: an unsupported file gets LlamaCloud's own message.
	return await readBinaryFile(ctx, itemIndex, property);
}

/** A text field of a multipart form (a helper, so form fields do not read like UI options). */
export function formField(name: string, value: string): MultipartPart {
	return { name, value };
}

/** POSTs a streamed multipart body; the same body re-opens the file for every attempt. */
export async function postMultipart<T>(
	ctx: IExecuteFunctions,
	path: string,
	parts: MultipartPart[],
	options: { itemIndex: number; what: string; scoped?: boolean; subject?: string },
): Promise<T> {
	const { body, contentType } = multipartBody(parts);
	return await llamaJson<T>(ctx, {
		method: 'POST',
		path,
		body,
		headers: { 'Content-Type': contentType },
		itemIndex: options.itemIndex,
		what: options.what,
		subject: options.subject,
		scoped: options.scoped,
	});
}

/** Current upload endpoint: `file` + `purpose=extract`, answers a `dfl-…` file. */
export async function uploadFile(ctx: IExecuteFunctions, file: BinaryFile, externalFileId?: string): Promise<LlamaFile> {
	const parts: MultipartPart[] = [
		{ name: 'file', file },
		formField('purpose', 'extract'),
	];
	if (externalFileId) parts.push(formField('external_file_id', externalFileId));
	return await postMultipart<LlamaFile>(ctx, '/api/v1/beta/files', parts, {
		itemIndex: file.itemIndex,
		what: `upload "${file.fileName}"`,
		scoped: true,
	});
}

/** The external_file_id a file uploaded with "Skip Already Uploaded Files" carries: its content's SHA-256. */
export function contentFileId(sha256: string): string {
	return `sha256:${sha256}`;
}

/**
 * Uploads the file, or, with `skipUploaded`, first looks for a file of the project uploaded before
 * with the same content (one list request filtered by external_file_id = the content's SHA-256,
 * hashed as a stream) and reuses it. A new upload is tagged so the next one finds it.
 * `reused` says which happened.
 */
export async function uploadOrReuse(ctx: IExecuteFunctions, file: BinaryFile, skipUploaded: boolean): Promise<LlamaFile & { reused: boolean }> {
	if (!skipUploaded) return { ...(await uploadFile(ctx, file)), reused: false };
	const tag = contentFileId(await contentSha256(file));
	const found = await llamaJson<{ items?: LlamaFile[] }>(ctx, {
		method: 'GET',
		path: '/api/v1/beta/files',
		qs: { external_file_id: tag, page_size: 1 },
		itemIndex: file.itemIndex,
		what: `look for an earlier upload of "${file.fileName}"`,
		scoped: true,
	});
	const earlier = Array.isArray(found.items) ? found.items.find((item) => typeof item.id === 'string' && item.id && item.external_file_id === tag) : undefined;
	if (earlier) return { ...earlier, reused: true };
	return { ...(await uploadFile(ctx, file, tag)), reused: false };
}

/** The option that turns the look-up on: one extra request per file, so on by default. */
export const skipUploadedField = skipUploadedFieldOf({
	default: true,
	description:
		'Whether to reuse a file of the project uploaded before by this node with the same content instead of uploading it again (one look-up request per file; the file is found by its SHA-256, stored as its external_file_id). The extraction itself still runs, and is billed, again.',
});
