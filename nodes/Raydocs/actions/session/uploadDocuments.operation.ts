import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { raydocsFile, uploadFile } from '../../upload';
import { fileKeys, fileSourceFields, sessionId, sessionIdField } from '../parameters';

const show = { resource: ['session'], operation: ['uploadDocuments'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	...fileSourceFields('Storage keys from the signed-URL upload, separated by commas'),
]);

/**
 * Adds documents to an existing session: the current endpoint takes storage keys, so binaries
 * go through the signed-URL upload first. Raydocs reuses a workspace document with the same
 * content (sha256) and only attaches it. Parsing starts when a run needs it.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	let keys: string[];
	if (this.getNodeParameter('source', itemIndex, 'binary') === 'keys') {
		keys = fileKeys(this, itemIndex);
	} else {
		const file = await raydocsFile(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string);
		keys = [(await uploadFile(this, file)).key];
	}
	const body = await raydocsJson(this, {
		method: 'POST',
		path: apiPath`/extractions/sessions/${id}/documents/upload`,
		body: { keys },
		subject: `Session ${id}`,
		what: `add ${keys.length} documents to the session`,
		itemIndex,
	});
	// The answer is {data: [...]}; a bare array tolerated like every list.
	return outputItems(listItems<Record<string, never>>(body).map((document) => ({ ...document, session_id: id })));
}
