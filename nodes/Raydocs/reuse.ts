import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { skipUploadedField as skipUploadedFieldOf } from '../shared/description/fields';
import type { BinaryFile } from '../shared/files/binary';
import { contentSha256 } from '../shared/files/contentHash';
import { listItems } from '../shared/transport/paginate';
import { apiPath } from '../shared/transport/paths';
import { readSession, readTemplate } from './lookups';
import { raydocsJson } from './transport';

/**
 * Off by default: Raydocs keeps one copy per content anyway, and the look-up is one more request
 * from the per-IP allowance every Raydocs credential of this n8n shares.
 */
export const skipUploadedField = skipUploadedFieldOf({
	default: false,
	description:
		"Whether to look for a document of the workspace with the same content (its SHA-256; one look-up request per file) and attach that document instead of uploading the file again. Off by default: Raydocs already stores one copy per content, so this saves only the upload's bytes, while each look-up spends a request of the 100 a minute per IP that all Raydocs credentials of this n8n share (and Batch → Create Sessions creates a reused file's session, attaches the document and starts the run with one request each instead of in the batch call). Needs the documents-read and templates-read abilities (and sessions-read for Session → Upload Documents).",
});

const OPTION = '"Skip Already Uploaded Files (Same Content)"';

/** Adds to a 403 of a look-up which option made it, so the user can give the ability or turn it off. */
function withOptionHint(error: unknown): unknown {
	const said = `This request is made only because ${OPTION} is on: turn it off to upload the file without looking for an earlier copy.`;
	if (error instanceof NodeApiError && String(error.httpCode) === '403' && !error.description?.includes(said)) {
		error.description = [error.description, said]
			.filter((part) => part)
			.join('\n');
	}
	return error;
}

/** A workspace read for the look-up; a 403 says which option made the request. */
async function workspaceRead<T>(read: () => Promise<T>): Promise<T> {
	try {
		return await read();
	} catch (error) {
		throw withOptionHint(error);
	}
}

/** An id the answer must carry for the look-up to know where to look. */
function requiredId(ctx: IExecuteFunctions, value: unknown, missing: string, itemIndex: number): string {
	if ((typeof value === 'number' || typeof value === 'string') && String(value) !== '') return String(value);
	throw new NodeOperationError(ctx.getNode(), missing, {
		itemIndex,
		description: `Without it there is no workspace to look for an earlier copy in. Turn off ${OPTION} to upload the file.`,
	});
}

/** The workspace a template belongs to: where its sessions' documents live (the template is read once per execution). */
export async function templateWorkspace(ctx: IExecuteFunctions, template: string, itemIndex: number): Promise<string> {
	const body = await workspaceRead(async () => await readTemplate(ctx, template, itemIndex));
	return requiredId(ctx, body?.workspace_id, `Raydocs did not say which workspace template ${template} belongs to`, itemIndex);
}

/** The workspace of a session: that of its template. */
export async function sessionWorkspace(ctx: IExecuteFunctions, session: string, itemIndex: number): Promise<string> {
	const body = (await workspaceRead(async () => await readSession(ctx, session, itemIndex))) as IDataObject;
	const template = requiredId(ctx, body?.extraction_template_id, `Raydocs did not say which template session ${session} belongs to`, itemIndex);
	return await templateWorkspace(ctx, template, itemIndex);
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
