import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { raydocsFile, uploadFile } from '../../upload';
import { binaryPropertyField, sessionId, sessionIdField } from '../parameters';

const show = { resource: ['session'], operation: ['uploadDocumentLegacy'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [sessionIdField, binaryPropertyField]);

/**
 * The legacy (v1) session-document endpoint, for deployments that predate workspace documents:
 * one file per call, registered by its storage key and file name; Raydocs starts processing it
 * at once (uploaded → processing → ready). Its docs show two request forms: JSON
 * {key, filename} and multipart `file`. We send the JSON form, which reuses the
 * streamed signed-URL upload every other operation uses.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	const file = await raydocsFile(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string);
	const { key, fileName } = await uploadFile(this, file);
	const document = await raydocsJson<Record<string, unknown>>(this, {
		method: 'POST',
		path: apiPath`/extractions/sessions/${id}/documents`,
		body: { key, filename: fileName },
		subject: `Session ${id}`,
		what: `add "${fileName}" to the session`,
		itemIndex,
	});
	return outputItems([{ ...document, session_id: (document.extraction_session_id as string | undefined) ?? id, file_key: key }]);
}
