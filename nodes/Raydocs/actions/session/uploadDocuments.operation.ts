import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/paginate';
import { toItems } from '../../../shared/router';
import { raydocsJson } from '../../transport';
import { raydocsFile, uploadFile } from '../../upload';
import { binaryPropertyField, sessionId, sessionIdField } from '../common';

const show = { resource: ['session'], operation: ['uploadDocuments'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	{
		displayName: 'Files From',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'Upload the file each input item carries' },
			{ name: 'File Keys', value: 'keys', description: 'Use keys of files already uploaded to Raydocs storage' },
		],
		default: 'binary',
	},
	{ ...binaryPropertyField, displayOptions: { show: { source: ['binary'] } } },
	{
		displayName: 'File Keys',
		name: 'fileKeys',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. tmp/abc123-invoice.pdf',
		description: 'Storage keys from the signed-URL upload, separated by commas',
		displayOptions: { show: { source: ['keys'] } },
	},
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
		keys = String(this.getNodeParameter('fileKeys', itemIndex, ''))
			.split(/[\s,]+/)
			.map((key) => key.trim())
			.filter((key) => key);
		if (keys.length === 0) {
			throw new NodeOperationError(this.getNode(), `No file keys given [item ${itemIndex}]`, {
				itemIndex,
				description: 'Enter the keys returned by the upload (e.g. tmp/abc123), separated by commas.',
			});
		}
	} else {
		const file = await raydocsFile(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string);
		keys = [(await uploadFile(this, file)).key];
	}
	const body = await raydocsJson(this, {
		method: 'POST',
		path: `/extractions/sessions/${id}/documents/upload`,
		body: { keys },
		subject: `Session ${id}`,
		what: `add ${keys.length} documents to the session`,
		itemIndex,
	});
	// {data: [...]} per the reference; a bare array tolerated like every list.
	return toItems(listItems<Record<string, never>>(body).map((document) => ({ ...document, session_id: id })));
}
