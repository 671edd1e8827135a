import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import type { ItemOutcome } from '../../../shared/description/router';
import { submitAndWait, type BatchService } from '../../../shared/waiting/submitAndWait';
import { waitForCompletionField, waitOptionsCollection } from '../../../shared/waiting/waitOptions';
import { checkSession, formatProgress, type SessionProgress } from '../../sessionResults';
import { raydocsJson } from '../../transport';
import { raydocsFile, uploadFile } from '../../upload';
import { fileKeys, fileSourceFields, simplifyField, templateId, templateLocator, waitFields, waitPolicy } from '../parameters';

/** The API's maximum number of files per batch call (sessions/batch-create). */
export const BATCH_MAX_FILES = 50;

const show = { resource: ['batch'], operation: ['createSessions'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	...fileSourceFields('One or more storage keys (comma-separated) from the signed-URL upload; each key becomes one session'),
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

/** One file headed for one new session. */
interface Planned {
	itemIndex: number;
	template: string;
	autoExtract: boolean;
	key: string;
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
	return { session_id: session.id, filename: entry.fileName ?? null, file_key: entry.key, created_at: session.created_at ?? null };
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
		const uploaded = await uploadFile(ctx, file);
		return [{ itemIndex, template, autoExtract, key: uploaded.key, fileName: uploaded.fileName }];
	},
	// One call carries one template and one Auto Extract setting.
	groupKey: (entry) => JSON.stringify([entry.template, entry.autoExtract]),
	async submit(ctx, chunk) {
		const { template, autoExtract, itemIndex } = chunk[0];
		const body = await raydocsJson<unknown>(ctx, {
			method: 'POST',
			path: apiPath`/extractions/templates/${template}/sessions/batch`,
			body: { files: chunk.map((entry) => entry.key), settings: { auto_extract: autoExtract } },
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
	failedCallHint: (chunk) => `Uploaded file keys of this batch (reusable with "Files From: File Keys"): ${chunk.map((entry) => entry.key).join(', ')}`,
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
