import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { workspaceId, workspaceLocator } from '../parameters';
import { reportedDocument } from './reported';
import { optionsCollection } from '../../../shared/description/fields';
import { readCollection, readText } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['importUrl'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/invoice.pdf',
		description: 'Where Raydocs fetches the file from',
	},
	optionsCollection([{ displayName: 'File Name', name: 'fileName', type: 'string', default: '', placeholder: 'e.g. invoice.pdf' }]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const url = readText(this, 'url', itemIndex);
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol)) {
		throw new NodeOperationError(this.getNode(), `URL "${url}" is not an http(s) address`, {
			itemIndex,
			description: 'Enter the full address of the file, starting with https://.',
		});
	}
	const fileName = String((readCollection(this, 'options', itemIndex)).fileName ?? '').trim();
	// The path has a literal colon (`documents:importUrl`), as the API documents it.
	const response = await raydocsRequest(this, {
		method: 'POST',
		path: apiPath`/workspaces/${workspace}/documents:importUrl`,
		body: { url, ...(fileName ? { filename: fileName } : {}) },
		subject: `Workspace ${workspace}`,
		what: 'import the document from the URL',
		// Deduplicated by content within the workspace: importing again yields the same document.
		idempotent: true,
		itemIndex,
	});
	return [{ json: reportedDocument(response) }];
}
