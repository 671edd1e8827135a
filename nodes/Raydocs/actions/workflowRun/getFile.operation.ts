import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { fileNameFromHeaders, mimeFromHeaders } from '../../../shared/headers';
import { apiPath } from '../../../shared/paths';
import { idParameter, requireUuid } from '../../../shared/validate';
import { binaryItem, bytesOf, downloadSignedUrl, fileNameFromUrl } from '../../download';
import { raydocsRequest } from '../../transport';
import { binaryOutputField, workspaceLocator } from '../common';
import { runIdField, runIds, workflowIdField } from './fields';

const show = { resource: ['workflowRun'], operation: ['getFile'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, workflowIdField, runIdField, binaryOutputField]);

function parseJson(bytes: Buffer): IDataObject | undefined {
	try {
		const value = JSON.parse(bytes.toString('utf8')) as unknown;
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The answer's shape is not documented (§7.8, "presumably {url}"). Tolerant: a JSON answer with a
 * `url` (like the document URL endpoints) is followed without credentials; any other answer,
 * JSON without a `url` included, is taken as the file itself.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { workspace, workflow } = runIds(this, itemIndex);
	const run = requireUuid(this, idParameter(this, 'runId', 'Run', itemIndex), 'Run', itemIndex);
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	// The file may also come as a redirect to storage: followed without the token.
	const response = await raydocsRequest(this, {
		method: 'GET',
		path: apiPath`/workspaces/${workspace}/workflows/${workflow}/runs/${run}/file`,
		binary: true,
		subject: `Run ${run}`,
		itemIndex,
		signedRedirect: true,
	});
	const bytes = bytesOf(response.body);
	const isJson = /json/i.test(String(mimeFromHeaders(response.headers) ?? ''));
	const pointer = isJson ? parseJson(bytes) : undefined;
	if (bytes.length === 0) {
		throw new NodeOperationError(this.getNode(), `Raydocs answered run ${run}'s file request with neither a file nor a URL [item ${itemIndex}]`, {
			itemIndex,
			description: 'The run may have produced no runtime file. Use Workflow Run → Get Output to see what it produced.',
		});
	}
	if (pointer && typeof pointer.url === 'string') {
		const file = await downloadSignedUrl(this, pointer.url, itemIndex, `download the file of run ${run}`);
		const name = String(pointer.filename ?? '') || fileNameFromHeaders(file.headers) || fileNameFromUrl(pointer.url) || `workflow-run-${run}`;
		const mime = String(pointer.mime ?? pointer.content_type ?? '') || mimeFromHeaders(file.headers);
		return [await binaryItem(this, file.body, name, mime || undefined, property, { run_id: run, expires_at: pointer.expires_at ?? null })];
	}
	const name = fileNameFromHeaders(response.headers) ?? `workflow-run-${run}`;
	return [await binaryItem(this, bytes, name, mimeFromHeaders(response.headers), property, { run_id: run })];
}
