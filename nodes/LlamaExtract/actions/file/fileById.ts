import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { llamaJson } from '../../transport';
import type { LlamaFile } from '../../upload';
import { requireId } from '../parameters';
import { listOrIdLocator } from '../../../shared/description/fields';

/** File picker: the project's files. */
export const fileIdField: INodeProperties = listOrIdLocator({
	displayName: 'File',
	name: 'fileId',
	searchListMethod: 'searchFiles',
	placeholder: 'e.g. dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
	description: 'A file uploaded to LlamaCloud (File → Upload returns its ID)',
});

export function fileId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireId(ctx, 'fileId', 'File ID', itemIndex, 'dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
}

export async function getFile(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<LlamaFile> {
	return await llamaJson<LlamaFile>(ctx, {
		method: 'GET',
		path: apiPath`/api/v1/beta/files/${id}`,
		subject: `File ${id}`,
		itemIndex,
		scoped: true,
	});
}

/** A file as users map it; `download_url` is a signed URL (a secret while it lives) and is left out. */
export function formatFile(file: IDataObject): IDataObject {
	const out: IDataObject = { file_id: file.id, ...file };
	delete out.download_url;
	return out;
}
