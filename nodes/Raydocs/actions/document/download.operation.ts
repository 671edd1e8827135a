import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { fileNameFromHeaders, mimeFromHeaders } from '../../../shared/transport/headers';
import { apiPath } from '../../../shared/transport/paths';
import { binaryItem, downloadWithFreshLink } from '../../download';
import { raydocsJson } from '../../transport';
import { documentIdField, workspaceId, workspaceLocator } from '../parameters';
import { requireUuidParam } from '../../../shared/description/parameters';
import { outputBinaryField } from '../../../shared/description/fields';

const show = { resource: ['document'], operation: ['download'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, documentIdField, outputBinaryField]);

/**
 * The document's name and type come from its record; the bytes from a signed URL asked for just
 * now (it lives 10 minutes, so it is never reused or stored, and never appears in the output);
 * a link storage refuses as expired is asked for once more.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const base = apiPath`/workspaces/${workspace}/documents/${id}`;
	const document = await raydocsJson<IDataObject>(this, { method: 'GET', path: base, subject: `Document ${id}`, itemIndex });
	const fileName = String(document.filename ?? '');
	const signedUrl = async (): Promise<string> => {
		const signed = await raydocsJson<IDataObject>(this, { method: 'GET', path: `${base}/url`, subject: `Document ${id}`, itemIndex });
		if (typeof signed?.url !== 'string' || !signed.url) {
			throw new NodeOperationError(this.getNode(), `Raydocs gave no download URL for document ${id}`, {
				itemIndex,
				description: 'Run again; if it persists, check the document\'s status with Document → Get.',
			});
		}
		return signed.url;
	};
	const file = await downloadWithFreshLink(this, signedUrl, itemIndex, `download document ${id}`);
	const name = fileName || fileNameFromHeaders(file.headers) || `document-${id}`;
	const mime = (typeof document.mime === 'string' && document.mime) || (typeof document.mime_type === 'string' && document.mime_type) || mimeFromHeaders(file.headers);
	return [
		await binaryItem(this, file.body, name, mime || undefined, property, {
			document_id: id,
			workspace_id: document.workspace_id ?? workspace,
			filename: name,
			sha256: document.sha256 ?? null,
		}),
	];
}
