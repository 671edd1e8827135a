import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readBinaryFile, type BinaryFile } from '../shared/files/binary';
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
