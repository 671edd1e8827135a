import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { skipUploadedField as skipUploadedFieldOf } from '../shared/description/fields';
import type { BinaryFile } from '../shared/files/binary';
import { contentSha256 } from '../shared/files/contentHash';
import { listItems } from '../shared/transport/paginate';
import { apiPath } from '../shared/transport/paths';
import { raydocsJson } from './transport';

/**
 * Off by default: Raydocs keeps one copy per content anyway, and the look-up is one more request
 * from the per-IP allowance every Raydocs credential of this n8n shares.
 */
export const skipUploadedField = skipUploadedFieldOf({
	default: false,
	description:
		"Whether to look for a document of the template's workspace with the same content (SHA-256, one look-up request per file) and start its session from that document instead of uploading the file again. Off by default: Raydocs already stores one copy per content, so this saves only the upload's bytes, while each look-up (and, for a reused file, creating its session, attaching the document and starting the run one by one instead of in the batch call) spends requests from the 100 a minute per IP that all Raydocs credentials of this n8n share. Needs the templates-read and documents-read abilities.",
});

const OPTION = '"Skip Already Uploaded Files (Same Content)"';

/** Adds to a 403 of a look-up which option made it, so the user can give the ability or turn it off. */
function withOptionHint(error: unknown): unknown {
	if (error instanceof NodeApiError && String(error.httpCode) === '403') {
		error.description = [error.description, `This request is made only because ${OPTION} is on: turn it off to upload the file without looking for an earlier copy.`]
			.filter((part) => part)
			.join('\n');
	}
	return error;
}

/** Template → its workspace, asked once per template and execution. */
const workspaces = new WeakMap<IExecuteFunctions, Map<string, Promise<string>>>();

/** The workspace a template belongs to: where its sessions' documents live. */
export async function templateWorkspace(ctx: IExecuteFunctions, template: string, itemIndex: number): Promise<string> {
	let known = workspaces.get(ctx);
	if (!known) workspaces.set(ctx, (known = new Map()));
	let workspace = known.get(template);
	if (!workspace) {
		workspace = (async () => {
			const body = await raydocsJson<IDataObject>(ctx, {
				method: 'GET',
				path: apiPath`/extractions/templates/${template}`,
				subject: `Template ${template}`,
				what: 'read the template\'s workspace',
				itemIndex,
			});
			const id = body?.workspace_id;
			if ((typeof id !== 'number' && typeof id !== 'string') || String(id) === '') {
				throw new NodeOperationError(ctx.getNode(), `Raydocs did not say which workspace template ${template} belongs to`, {
					itemIndex,
					description: `Without it there is no workspace to look for an earlier copy in. Turn off ${OPTION} to upload the file.`,
				});
			}
			return String(id);
		})();
		known.set(template, workspace);
		// A failed look-up is not remembered: the next item asks again.
		workspace.catch(() => known?.delete(template));
	}
	try {
		return await workspace;
	} catch (error) {
		throw withOptionHint(error);
	}
}

/** A workspace document with the same content as the file, if the workspace holds one. */
export interface ContentMatch {
	documentId: string;
	sha256: string;
}

/**
 * Hashes the file as a stream and asks the workspace's document list for that hash: one request.
 * The list's `query` is a search (filename, source URL or hash), so only a document whose `sha256`
 * is exactly the file's counts; a list without `sha256` fields matches nothing.
 */
export async function findSameContent(ctx: IExecuteFunctions, workspace: string, file: BinaryFile): Promise<ContentMatch | undefined> {
	const sha256 = await contentSha256(file);
	let body: unknown;
	try {
		body = await raydocsJson(ctx, {
			method: 'GET',
			path: apiPath`/workspaces/${workspace}/documents`,
			qs: { query: sha256, per_page: 100 },
			subject: `Workspace ${workspace}`,
			what: `look for an earlier upload of "${file.fileName}"`,
			itemIndex: file.itemIndex,
		});
	} catch (error) {
		throw withOptionHint(error);
	}
	const match = listItems<IDataObject>(body).find(
		(document) => typeof document?.id === 'string' && document.id !== '' && typeof document.sha256 === 'string' && document.sha256.toLowerCase() === sha256,
	);
	return match ? { documentId: match.id as string, sha256 } : undefined;
}
