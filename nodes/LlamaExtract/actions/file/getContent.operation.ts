import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { extensionFromMime, mimeFromFileName } from '../../../shared/files/binary';
import { mimeFromHeaders } from '../../../shared/transport/headers';
import { llamaJson, llamaRequest } from '../../transport';
import { fileId, fileIdField, formatFile, getFile } from './fileById';
import { outputBinaryField } from '../../../shared/description/fields';

const show = { resource: ['file'], operation: ['getContent'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	fileIdField,
	outputBinaryField,
]);

function bytesOf(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
}

/**
 * The file's name (GET file), a presigned download URL (GET …/content), then its bytes from that
 * URL without the API key: the signature is the authentication, and the URL itself never appears
 * in an output or a message.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = fileId(this, itemIndex);
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const file = await getFile(this, id, itemIndex);
	const presigned = await llamaJson<{ url?: string }>(this, {
		method: 'GET',
		path: apiPath`/api/v1/beta/files/${id}/content`,
		subject: `File ${id}`,
		itemIndex,
		scoped: true,
	});
	const response = await llamaRequest<unknown>(this, {
		method: 'GET',
		path: String(presigned.url ?? ''),
		noAuth: true,
		binary: true,
		what: `download file ${id}`,
		itemIndex,
	});
	const bytes = bytesOf(response.body);
	const name = String(file.name ?? id);
	const mime = mimeFromFileName(name) ?? mimeFromHeaders(response.headers) ?? 'application/octet-stream';
	const fileName = name.includes('.') ? name : `${name}.${extensionFromMime(mime) ?? 'bin'}`;
	const binary = await this.helpers.prepareBinaryData(bytes, fileName, mime);
	return [{ json: { ...formatFile(file), file_name: fileName, mime_type: mime, file_size: bytes.length }, binary: { [property]: binary } }];
}
