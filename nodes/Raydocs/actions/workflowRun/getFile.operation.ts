import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { fileNameFromHeaders, mimeFromHeaders } from '../../../shared/transport/headers';
import type { ApiResponse } from '../../../shared/transport/http';
import { apiPath } from '../../../shared/transport/paths';
import { idParameter, locatorValue } from '../../../shared/description/parameters';
import { requireUuid } from '../../../shared/description/validate';
import { binaryItem, bytesOf, downloadWithFreshLink, fileNameFromUrl } from '../../download';
import { raydocsRequest } from '../../transport';
import { listOrIdLocator, outputBinaryField } from '../../../shared/description/fields';
import { workspaceLocator } from '../parameters';
import { runIdField, runIds, workflowIdField } from './fields';

const show = { resource: ['workflowRun'], operation: ['getFile'] };

export const fileIdLocator: INodeProperties = listOrIdLocator({
	displayName: 'File',
	name: 'fileId',
	searchListMethod: 'searchRunFiles',
	listName: 'From Run Output',
	placeholder: 'e.g. the "id" of a fileRef in Get Output',
	description: 'A runtime file named by a fileRef in the run\'s final output (its ID)',
});

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, workflowIdField, runIdField, fileIdLocator, outputBinaryField]);

function parseJson(bytes: Buffer): IDataObject | undefined {
	try {
		const value = JSON.parse(bytes.toString('utf8')) as unknown;
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * GET …/runs/{run}/file?file_id= answers a signed link (ten minutes) to a file the completed
 * run's final output names. The link is read from `url`, as on every other signed-URL endpoint,
 * and followed without credentials; an expired link (storage answers 401) is asked for once more.
 * An answer that is not JSON is taken as the file itself. 404 means the run has not finished or
 * its output names no such file.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { workspace, workflow } = runIds(this, itemIndex);
	const run = requireUuid(this, idParameter(this, 'runId', 'Run', itemIndex), 'Run', itemIndex);
	const fileId = locatorValue(this, 'fileId', itemIndex);
	if (!fileId) {
		throw new NodeOperationError(this.getNode(), `File is empty`, {
			itemIndex,
			description: 'Pick a file from the run\'s output, or enter the "id" of a fileRef that Workflow Run → Get Output shows.',
		});
	}
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	let pointer: IDataObject | undefined;
	let direct: { body: Buffer; headers: ApiResponse['headers'] } | undefined;

	const signedUrl = async (): Promise<string> => {
		const response = await raydocsRequest(this, {
			method: 'GET',
			path: apiPath`/workspaces/${workspace}/workflows/${workflow}/runs/${run}/file`,
			qs: { file_id: fileId },
			// The file may also come as a redirect to storage: followed without the token.
			signedRedirect: true,
			binary: true,
			subject: `Run ${run}`,
			itemIndex,
			acceptStatuses: [404],
		});
		if (response.statusCode === 404) {
			throw new NodeOperationError(this.getNode(), `Run ${run} has no file "${fileId}" to give`, {
				itemIndex,
				description:
					'Raydocs serves only files named by a fileRef in the final output of a completed run. Use Workflow Run → Get Output to see whether the run has finished and which file IDs its output holds.',
			});
		}
		const bytes = bytesOf(response.body);
		const isJson = /json/i.test(String(mimeFromHeaders(response.headers) ?? ''));
		pointer = isJson ? parseJson(bytes) : undefined;
		if (pointer && typeof pointer.url === 'string' && pointer.url) return pointer.url;
		if (!isJson && bytes.length > 0) {
			direct = { body: bytes, headers: response.headers };
			return '';
		}
		throw new NodeOperationError(this.getNode(), `Raydocs answered run ${run}'s file request without a download URL`, {
			itemIndex,
			description: 'The answer held no "url". Run again; if it persists, check the file ID with Workflow Run → Get Output.',
		});
	};

	// The first answer decides: a signed link to follow, or the file itself.
	const first = await signedUrl();
	if (direct) {
		const name = fileNameFromHeaders(direct.headers) ?? `workflow-run-${run}`;
		return [await binaryItem(this, direct.body, name, mimeFromHeaders(direct.headers), property, { run_id: run, file_id: fileId })];
	}
	let handed = false;
	const file = await downloadWithFreshLink(
		this,
		async () => {
			if (!handed) {
				handed = true;
				return first;
			}
			return await signedUrl();
		},
		itemIndex,
		`download file ${fileId} of run ${run}`,
	);
	const link = pointer ?? {};
	const name = String(link.filename ?? '') || fileNameFromHeaders(file.headers) || fileNameFromUrl(file.url) || `workflow-run-${run}`;
	const mime = String(link.mime ?? link.content_type ?? '') || mimeFromHeaders(file.headers);
	return [await binaryItem(this, file.body, name, mime || undefined, property, { run_id: run, file_id: fileId, expires_at: link.expires_at ?? null })];
}
