import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { withoutItem } from '../../../shared/errors';
import { apiPath } from '../../../shared/paths';
import type { ItemOutcome } from '../../../shared/router';
import { markRunOutcome } from '../../../shared/review';
import { waitForAll } from '../../../shared/wait';
import { checkSession, formatProgress } from '../../results';
import { raydocsJson } from '../../transport';
import { raydocsFile, uploadFile } from '../../upload';
import { fileKeys, fileSourceFields, simplifyField, templateId, templateLocator, waitFields, waitPolicy } from '../common';

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
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description: 'Whether to wait until each session\'s extraction has finished and return its result (needs Auto Extract)',
		displayOptions: { show: { autoExtract: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitFields, simplifyField],
	},
]);

/** One file headed for one new session. */
interface Planned {
	itemIndex: number;
	template: string;
	key?: string;
	fileName?: string;
	error?: Error;
}

async function planItem(ctx: IExecuteFunctions, itemIndex: number): Promise<Planned[]> {
	const template = templateId(ctx, itemIndex);
	// Max Wait is checked before anything is uploaded or created.
	if (ctx.getNodeParameter('autoExtract', itemIndex, true) && ctx.getNodeParameter('waitForCompletion', itemIndex, true)) waitPolicy(ctx, itemIndex);
	const source = ctx.getNodeParameter('source', itemIndex, 'binary') as string;
	if (source === 'keys') {
		const keys = fileKeys(ctx, itemIndex);
		return keys.map((key) => ({ itemIndex, template, key, fileName: key.split('/').pop() }));
	}
	const property = ctx.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const file = await raydocsFile(ctx, itemIndex, property);
	const uploaded = await uploadFile(ctx, file);
	return [{ itemIndex, template, key: uploaded.key, fileName: uploaded.fileName }];
}

interface CreatedSession {
	id: string;
	name?: string;
	created_at?: string;
}

/**
 * Creates one session per file in as few calls as the API allows (50 keys a call, per template),
 * then optionally waits for every run. Each input item gets one output per session it produced,
 * or an error of its own: a failed upload or batch never costs other items their sessions.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const planned: Planned[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			planned.push(...(await planItem(this, itemIndex)));
		} catch (error) {
			outcomes.push({ itemIndex, error: error as Error });
		}
	}

	const byTemplate = new Map<string, Planned[]>();
	for (const entry of planned) byTemplate.set(entry.template, [...(byTemplate.get(entry.template) ?? []), entry]);

	const created: Array<Planned & { session: CreatedSession }> = [];
	for (const [template, entries] of byTemplate) {
		for (let start = 0; start < entries.length; start += BATCH_MAX_FILES) {
			const chunk = entries.slice(start, start + BATCH_MAX_FILES);
			const autoExtract = this.getNodeParameter('autoExtract', chunk[0].itemIndex, true) as boolean;
			try {
				const body = await raydocsJson<unknown>(this, {
					method: 'POST',
					path: apiPath`/extractions/templates/${template}/sessions/batch`,
					body: { files: chunk.map((entry) => entry.key), settings: { auto_extract: autoExtract } },
					subject: `Template ${template}`,
					what: `create ${chunk.length} sessions`,
					itemIndex: chunk[0].itemIndex,
				});
				// A bare array, one session per key in request order; `{data: [...]}` tolerated too.
				const sessions = (Array.isArray(body) ? body : ((body as IDataObject)?.data as CreatedSession[]) ?? []) as CreatedSession[];
				chunk.forEach((entry, position) => {
					const session = sessions[position];
					if (session?.id) {
						created.push({ ...entry, session });
					} else {
						entry.error = new NodeOperationError(
							this.getNode(),
							`Raydocs returned ${sessions.length} sessions for ${chunk.length} files; "${entry.fileName}" got none [item ${entry.itemIndex}]`,
							{ itemIndex: entry.itemIndex, description: `File key ${entry.key} is uploaded and can be used again with "Files From: File Keys".` },
						);
						outcomes.push({ itemIndex: entry.itemIndex, error: entry.error });
					}
				});
			} catch (error) {
				// Keys stay valid in storage: say them, so nothing uploaded is lost. Each item of the
				// batch gets its own copy of the error, naming that item.
				const failure = error as Error & { description?: string };
				const keys = chunk.map((entry) => entry.key).join(', ');
				const reason = withoutItem(failure.message);
				const description = [failure.description, `Uploaded file keys of this batch (reusable with "Files From: File Keys"): ${keys}`]
					.filter((part) => part)
					.join('\n');
				for (const entry of chunk) {
					outcomes.push({
						itemIndex: entry.itemIndex,
						error: new NodeOperationError(this.getNode(), `${reason} [item ${entry.itemIndex}]`, { itemIndex: entry.itemIndex, description }),
					});
				}
			}
		}
	}

	const wait = created.length > 0 && (this.getNodeParameter('autoExtract', created[0].itemIndex, true) as boolean) &&
		(this.getNodeParameter('waitForCompletion', created[0].itemIndex, true) as boolean);
	const options = this.getNodeParameter('options', created[0]?.itemIndex ?? 0, {}) as { simplify?: boolean };
	const simplify = options.simplify ?? true;
	const describe = (entry: (typeof created)[number]): IDataObject => ({
		session_id: entry.session.id,
		filename: entry.fileName ?? null,
		file_key: entry.key ?? null,
		created_at: entry.session.created_at ?? null,
	});

	if (!wait) {
		for (const entry of created) {
			outcomes.push({
				itemIndex: entry.itemIndex,
				outputs: [{ json: { ...describe(entry), name: entry.session.name ?? null, status: 'pending' } }],
			});
		}
		return outcomes;
	}

	const policy = waitPolicy(this, created[0].itemIndex);
	const waited = await waitForAll(
		this,
		created,
		async (entry) => await checkSession(this, entry.session.id, entry.itemIndex),
		policy,
	);
	for (const entry of created) {
		const { value, timedOut } = waited.get(entry)!;
		if (value.error) {
			outcomes.push({ itemIndex: entry.itemIndex, error: value.error });
		} else if (timedOut && policy.fail) {
			outcomes.push({
				itemIndex: entry.itemIndex,
				error: markRunOutcome(
					new NodeOperationError(this.getNode(), `Session ${entry.session.id} ("${entry.fileName}") did not finish within the max wait [item ${entry.itemIndex}]`, {
						itemIndex: entry.itemIndex,
						description: `Its last status was "${value.status}". Use the Result → Wait operation with this session ID to pick it up later, or raise "Max Wait".`,
					}),
					'timedOut',
					value.status,
				),
			});
		} else {
			outcomes.push({ itemIndex: entry.itemIndex, outputs: [{ json: formatProgress(value, timedOut, simplify, describe(entry)) }] });
		}
	}
	return outcomes;
}

export { runReview as review } from '../../review';
