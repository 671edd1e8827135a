import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { findSameContent, sessionWorkspace, skipUploadedField } from '../../reuse';
import { raydocsFile, uploadFile } from '../../upload';
import { fileKeys, fileSourceFields, sessionId, sessionIdField } from '../parameters';

const show = { resource: ['session'], operation: ['uploadDocuments'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	...fileSourceFields('Storage keys from the signed-URL upload, separated by commas', [skipUploadedField]),
]);

/**
 * Adds documents to an existing session: the current endpoint takes storage keys, so binaries
 * go through the signed-URL upload first. Raydocs reuses a workspace document with the same
 * content (sha256) and only attaches it. Parsing starts when a run needs it. With "Skip Already
 * Uploaded Files" a binary whose content the workspace holds is attached without being uploaded;
 * `reused` then says, per document, which happened.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	let keys: string[];
	let reused: boolean | undefined;
	if (this.getNodeParameter('source', itemIndex, 'binary') === 'keys') {
		keys = fileKeys(this, itemIndex);
	} else {
		const file = await raydocsFile(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string);
		if (this.getNodeParameter('skipUploaded', itemIndex, false) === true) {
			const found = await findSameContent(this, await sessionWorkspace(this, id, itemIndex), file);
			if (found) {
				const attached = await raydocsJson(this, {
					method: 'POST',
					path: apiPath`/extractions/sessions/${id}/documents/attach`,
					body: { document_ids: [found.documentId] },
					subject: `Session ${id}`,
					what: `attach document ${found.documentId} ("${file.fileName}")`,
					// Attaching the same document again changes nothing: safe to repeat after a lost answer.
					idempotent: true,
					itemIndex,
				});
				return outputItems(listItems<Record<string, never>>(attached).map((document) => ({ ...document, session_id: id, reused: true })));
			}
			reused = false;
		}
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
	return outputItems(listItems<Record<string, never>>(body).map((document) => ({ ...document, session_id: id, ...(reused !== undefined ? { reused } : {}) })));
}
