import { NodeApiError, NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import type { ItemOutcome } from '../../../shared/description/router';
import { submitAndWait, type BatchService } from '../../../shared/waiting/submitAndWait';
import { waitForCompletionField, waitOptionsCollection } from '../../../shared/waiting/waitOptions';
import { checkSession, formatProgress, type SessionProgress } from '../../sessionResults';
import { findSameContent, skipUploadedField, templateWorkspace } from '../../reuse';
import { startRun } from '../../startRun';
import { raydocsJson } from '../../transport';
import { raydocsFile, uploadFile } from '../../upload';
import { fileKeys, fileSourceFields, simplifyField, templateId, templateLocator, waitFields, waitPolicy } from '../parameters';

/** The API's maximum number of files per batch call (sessions/batch-create). */
export const BATCH_MAX_FILES = 50;

const show = { resource: ['batch'], operation: ['createSessions'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	...fileSourceFields('One or more storage keys (comma-separated) from the signed-URL upload; each key becomes one session', [skipUploadedField]),
	{
		displayName: 'Auto Extract',
		name: 'autoExtract',
		type: 'boolean',
		default: true,
		description: 'Whether Raydocs starts extraction by itself once each document is parsed',
	},
	waitForCompletionField('Whether to wait until each session\'s extraction has finished and return its result (needs Auto Extract)', {
		displayOptions: { show: { autoExtract: [true] } },
	}),
	waitOptionsCollection(waitFields, simplifyField),
]);

/**
 * One file headed for one new session: a storage key for the batch call, or, when "Skip Already
 * Uploaded Files" found the same content in the workspace, that document. `reused` is set only
 * when the option is on, so the items of runs without it keep their shape.
 */
interface Planned {
	itemIndex: number;
	template: string;
	autoExtract: boolean;
	key?: string;
	documentId?: string;
	reused?: boolean;
	fileName?: string;
}

interface CreatedSession {
	id: string;
	name?: string;
	created_at?: string;
}

interface Created {
	entry: Planned;
	session: CreatedSession;
}

/** The ids every output and error item of a created session carries. */
function describe({ entry, session }: Created): IDataObject {
	return {
		session_id: session.id,
		filename: entry.fileName ?? null,
		file_key: entry.key ?? null,
		...(entry.reused !== undefined ? { reused: entry.reused, document_id: entry.documentId ?? null } : {}),
		created_at: session.created_at ?? null,
	};
}

/** A failure after the session was created says so, so the session is not lost. */
function withSessionHint(error: unknown, session: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = [error.description, `Session ${session} was created for it; use it (Session → Attach Documents, Result → Run Extraction) or delete it.`]
			.filter((part) => part)
			.join('\n');
	}
	return error;
}

/**
 * A session for a document the workspace already holds: the batch call takes only storage keys,
 * so the session is created, the document attached and, with Auto Extract, the run started, one
 * request each. None of them is repeated blindly: a failure after the session exists names it.
 */
async function sessionFromDocument(ctx: IExecuteFunctions, entry: Planned): Promise<Created> {
	const { template, itemIndex, documentId } = entry;
	const session = await raydocsJson<CreatedSession>(ctx, {
		method: 'POST',
		path: '/extractions/sessions',
		body: { extraction_template_id: template, ...(entry.fileName ? { name: entry.fileName } : {}) },
		subject: `Template ${template}`,
		what: `create a session for "${entry.fileName}"`,
		itemIndex,
	});
	if (!session?.id) {
		throw new NodeOperationError(ctx.getNode(), `Raydocs created no session for "${entry.fileName}"`, { itemIndex, description: `Its document ${documentId} stays in the workspace.` });
	}
	try {
		await raydocsJson(ctx, {
			method: 'POST',
			path: apiPath`/extractions/sessions/${session.id}/documents/attach`,
			body: { document_ids: [documentId] },
			subject: `Session ${session.id}`,
			what: `attach document ${documentId} ("${entry.fileName}")`,
			// Attaching the same document again changes nothing: safe to repeat after a lost answer.
			idempotent: true,
			itemIndex,
		});
		if (entry.autoExtract) await startRun(ctx, session.id, itemIndex, waitPolicy(ctx, itemIndex).maxWaitMs ?? 10 * 60_000);
	} catch (error) {
		throw withSessionHint(error, session.id);
	}
	return { entry, session };
}

/** Sessions as the batch core drives them: 50 keys a call, per template and Auto Extract setting. */
const sessions: BatchService<Planned, Created, SessionProgress> = {
	maxPerCall: BATCH_MAX_FILES,
	waitSettings: (ctx, itemIndex) =>
		ctx.getNodeParameter('autoExtract', itemIndex, true) && ctx.getNodeParameter('waitForCompletion', itemIndex, true) ? waitPolicy(ctx, itemIndex) : undefined,
	async plan(ctx, itemIndex) {
		const template = templateId(ctx, itemIndex);
		const autoExtract = ctx.getNodeParameter('autoExtract', itemIndex, true) as boolean;
		if (ctx.getNodeParameter('source', itemIndex, 'binary') === 'keys') {
			return fileKeys(ctx, itemIndex).map((key) => ({ itemIndex, template, autoExtract, key, fileName: key.split('/').pop() }));
		}
		const file = await raydocsFile(ctx, itemIndex, ctx.getNodeParameter('binaryPropertyName', itemIndex) as string);
		const skipUploaded = ctx.getNodeParameter('skipUploaded', itemIndex, false) === true;
		if (skipUploaded) {
			const found = await findSameContent(ctx, await templateWorkspace(ctx, template, itemIndex), file);
			if (found) return [{ itemIndex, template, autoExtract, documentId: found.documentId, reused: true, fileName: file.fileName }];
		}
		const uploaded = await uploadFile(ctx, file);
		return [{ itemIndex, template, autoExtract, key: uploaded.key, fileName: uploaded.fileName, ...(skipUploaded ? { reused: false } : {}) }];
	},
	// One call carries one template and one Auto Extract setting; reused documents go apart, one session each.
	groupKey: (entry) => JSON.stringify([entry.template, entry.autoExtract, entry.documentId !== undefined]),
	async submit(ctx, chunk) {
		if (chunk[0].documentId !== undefined) {
			const made: Array<Created | Error> = [];
			for (const entry of chunk) {
				try {
					made.push(await sessionFromDocument(ctx, entry));
				} catch (error) {
					made.push(error as Error);
				}
			}
			return made;
		}
		const { template, autoExtract, itemIndex } = chunk[0];
		const body = await raydocsJson<unknown>(ctx, {
			method: 'POST',
			path: apiPath`/extractions/templates/${template}/sessions/batch`,
			body: { files: chunk.map((entry) => entry.key as string), settings: { auto_extract: autoExtract } },
			subject: `Template ${template}`,
			what: `create ${chunk.length} sessions`,
			itemIndex,
		});
		// A bare array, one session per key in request order; `{data: [...]}` tolerated too.
		const created = (Array.isArray(body) ? body : ((body as IDataObject)?.data as CreatedSession[]) ?? []) as CreatedSession[];
		return chunk.map((entry, position) =>
			created[position]?.id
				? { entry, session: created[position] }
				: new NodeOperationError(ctx.getNode(), `Raydocs returned ${created.length} sessions for ${chunk.length} files; "${entry.fileName}" got none`, {
						itemIndex: entry.itemIndex,
						description: `File key ${entry.key} is uploaded and can be used again with "Files From: File Keys".`,
					}),
		);
	},
	// Keys stay valid in storage: say them, so nothing uploaded is lost.
	failedCallHint: (chunk) => chunk[0].documentId !== undefined ? '' : `Uploaded file keys of this batch (reusable with "Files From: File Keys"): ${chunk.map((entry) => entry.key).join(', ')}`,
	waitId: ({ session }) => session.id,
	check: async (ctx, id, _created, entry) => await checkSession(ctx, id, entry.itemIndex),
	statusOf: (progress) => progress.status,
	describe: (created) => ({
		label: `Session ${created.session.id} ("${created.entry.fileName}")`,
		later: 'Use the Result → Wait operation with this session ID to pick it up later.',
		fields: describe(created),
	}),
	format(ctx, entry, created, waited) {
		if (!waited) return { ...describe(created), name: created.session.name ?? null, status: 'pending' };
		if (waited.value.error) throw waited.value.error;
		const simplify = ((ctx.getNodeParameter('options', entry.itemIndex, {}) as { simplify?: boolean }).simplify) ?? true;
		return formatProgress(waited.value, waited.timedOut, simplify, describe(created));
	},
};

/**
 * Creates one session per file in as few calls as the API allows (50 keys a call, per template),
 * then optionally waits for every run. Each input item gets one output per session it produced,
 * or an error of its own: a failed upload or batch never costs other items their sessions.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	return await submitAndWait(this, itemIndexes, sessions);
}

export { runReview as review } from '../../review';
