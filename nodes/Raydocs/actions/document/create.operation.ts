import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { raydocsFile, uploadFile } from '../../upload';
import { binaryPropertyField, workspaceId, workspaceLocator } from '../parameters';
import { reportedDocument } from './reported';
import { optionsCollection } from '../../../shared/description/fields';
import { readCollection } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	binaryPropertyField,
	optionsCollection([
		{ displayName: 'File Name', name: 'fileName', type: 'string', default: '', description: 'Name to store instead of the binary\'s own file name' },
	]),
]);

/** Uploads the item's file through the signed URL and registers it as a workspace document. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const options = readCollection(this, 'options', itemIndex);
	const file = await raydocsFile(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string);
	const uploaded = await uploadFile(this, file);
	const fileName = String(options.fileName ?? '').trim() || uploaded.fileName;
	const response = await raydocsRequest(this, {
		method: 'POST',
		path: apiPath`/workspaces/${workspace}/documents`,
		body: { key: uploaded.key, filename: fileName, mime: uploaded.mimeType },
		subject: `Workspace ${workspace}`,
		what: `register "${fileName}" as a workspace document`,
		// Documents are deduplicated by content: sending the same key twice yields the same document.
		idempotent: true,
		itemIndex,
	});
	return [{ json: { ...reportedDocument(response), file_key: uploaded.key } }];
}
