import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { BinaryFile } from '../../../shared/binary';
import { withoutItem } from '../../../shared/errors';
import { multipartBody } from '../../../shared/multipart';
import type { ItemOutcome } from '../../../shared/router';
import { waitForAll } from '../../../shared/wait';
import { DEFAULT_MAX_FILE_MB, filePart, idempotencyKey, MAX_FILES_PER_SUBMIT, perfectParserFile, textPart } from '../../files';
import { markRunOutcome } from '../../../shared/review';
import { checkExtraction, documentsOf, formatDocument, getResults } from '../../results';
import { ppRequest, unwrap } from '../../transport';
import { binaryPropertyField, parserId, parserLocator, readSimplify, waitFields, waitPolicy } from '../common';

const show = { resource: ['extraction'], operation: ['submit'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	parserLocator,
	binaryPropertyField,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description: 'Whether to wait until every file is processed and return its extracted data (otherwise return the IDs at once)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_FILE_MB,
				description: 'Files larger than this are refused before anything is sent (0 = no check)',
			},
			...waitFields,
			simplifyField(),
		],
	},
]);

function simplifyField(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return only IDs, file name, status, confidence and extracted data when waiting (instead of page counts, credits and timings)',
	};
}

interface SubmittedFile {
	file: BinaryFile;
	extractionId?: string;
	document?: IDataObject;
	output: IDataObject;
}

/**
 * Pairs each sent file with its document. The API does not promise the documents come
 * back in upload order, so a position is trusted only when its file name matches; otherwise the
 * first unused document of that name is taken (duplicates are then matched in order).
 */
export function matchDocuments(files: BinaryFile[], documents: IDataObject[]): Array<IDataObject | undefined> {
	const used = new Set<number>();
	const take = (index: number) => {
		used.add(index);
		return documents[index];
	};
	return files.map((file, position) => {
		if (documents[position] && !used.has(position) && documents[position].filename === file.fileName) return take(position);
		const byName = documents.findIndex((doc, index) => !used.has(index) && doc.filename === file.fileName);
		if (byName >= 0) return take(byName);
		return documents[position] && !used.has(position) ? take(position) : undefined;
	});
}

/** Sends one request of at most 50 files; returns one output per file, in order. */
async function submitChunk(ctx: IExecuteFunctions, parser: string, files: BinaryFile[]): Promise<SubmittedFile[]> {
	const key = idempotencyKey(ctx.getExecutionId(), ctx.getNode().id, parser, files);
	const { body, contentType } = multipartBody([
		textPart('parser_id', parser),
		...files.map((file) => filePart('files', file)),
	]);
	const response = await ppRequest<IDataObject>(ctx, {
		method: 'POST',
		path: '/extractions',
		// The Blob-shaped body opens the files again each time it is streamed: a retry resends them whole.
		body,
		headers: { 'Content-Type': contentType, 'Idempotency-Key': key },
		// The key makes a repeat harmless (the service replays the original job, no second charge),
		// so a lost answer (5xx, reset) may be retried.
		idempotent: true,
		rateBucket: 'submit',
		subject: `Parser ${parser}`,
		itemIndex: files[0].itemIndex,
		what: `submit ${files.length} file(s) (items ${files[0].itemIndex}–${files[files.length - 1].itemIndex})`,
	});
	const extraction = unwrap(response.body, 'extraction');
	const replayedHeader = response.headers['idempotent-replayed'];
	const replayed = String(Array.isArray(replayedHeader) ? replayedHeader[0] : replayedHeader ?? '').toLowerCase() === 'true';
	const documents = matchDocuments(files, documentsOf(extraction));
	const extractionId = extraction.extraction_id as string | undefined;
	return files.map((file, index) => {
		const document = documents[index];
		return {
			file,
			extractionId,
			document,
			output: {
				extraction_id: extractionId ?? null,
				parser_id: extraction.parser_id ?? parser,
				document_id: document?.document_id ?? null,
				filename: document?.filename ?? file.fileName,
				status: document?.status ?? extraction.status ?? null,
				page_count: document?.page_count ?? null,
				credits_used: document?.credits_used ?? null,
				extraction_status: extraction.status ?? null,
				extraction_file_count: extraction.file_count ?? files.length,
				extraction_credits_used: extraction.credits_used ?? null,
				credits_remaining: extraction.credits_remaining ?? null,
				idempotent_replayed: replayed,
			},
		};
	});
}

/** Waits for every submitted job, then replaces each file's output with its document's result. */
async function waitAndCollect(ctx: IExecuteFunctions, submitted: SubmittedFile[], firstItem: number): Promise<Map<number, ItemOutcome>> {
	const policy = waitPolicy(ctx, firstItem);
	const simplify = readSimplify(ctx, firstItem);
	const ids = [...new Set(submitted.map((entry) => entry.extractionId).filter((id): id is string => !!id))];
	const waited = await waitForAll(ctx, ids, async (id) => await checkExtraction(ctx, id)(), policy);
	const finals = new Map<string, IDataObject>();
	for (const id of ids) {
		const outcome = waited.get(id)!;
		finals.set(id, outcome.timedOut ? outcome.value : await getResults(ctx, id));
	}
	const outcomes = new Map<number, ItemOutcome>();
	for (const entry of submitted) {
		const itemIndex = entry.file.itemIndex;
		const extraction = entry.extractionId ? finals.get(entry.extractionId) : undefined;
		const timedOut = entry.extractionId ? waited.get(entry.extractionId)!.timedOut : false;
		if (!extraction) {
			outcomes.set(itemIndex, { itemIndex, outputs: [{ json: entry.output }] });
			continue;
		}
		if (timedOut && policy.fail) {
			outcomes.set(itemIndex, {
				itemIndex,
				error: markRunOutcome(
					new NodeOperationError(ctx.getNode(), `Extraction ${entry.extractionId} did not finish within the max wait [item ${itemIndex}]`, {
						itemIndex,
						description: `Last status: ${String(extraction.status)}. Use Extraction → Wait or Get Results with this ID later, or raise "Max Wait".`,
					}),
					'timedOut',
					String(extraction.status),
				),
			});
			continue;
		}
		const documentId = entry.document?.document_id;
		const document = documentsOf(extraction).find((doc) => doc.document_id === documentId) ?? entry.document ?? {};
		const json: IDataObject = {
			...formatDocument({ filename: entry.file.fileName, ...document }, extraction, simplify),
			extraction_status: extraction.status,
			...(timedOut ? { timedOut: true } : {}),
			...(entry.output.idempotent_replayed ? { idempotent_replayed: true } : {}),
		};
		outcomes.set(itemIndex, { itemIndex, outputs: [{ json }] });
	}
	return outcomes;
}

/**
 * Submits the files of all input items: grouped by parser, 50 per request, each request with an
 * Idempotency-Key. Every item gets the document its file became (paired with it), or its own error;
 * a bad file is refused before sending and does not stop the others.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const outcomes = new Map<number, ItemOutcome>();
	const groups = new Map<string, BinaryFile[]>();
	for (const itemIndex of itemIndexes) {
		try {
			const parser = parserId(this, itemIndex);
			// Max Wait is checked before anything is submitted (and charged).
			if (this.getNodeParameter('waitForCompletion', itemIndex, true)) waitPolicy(this, itemIndex);
			const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
			const maxMb = ((this.getNodeParameter('options', itemIndex, {}) as IDataObject).maxFileSizeMb as number | undefined) ?? DEFAULT_MAX_FILE_MB;
			const file = await perfectParserFile(this, itemIndex, property, maxMb);
			groups.set(parser, [...(groups.get(parser) ?? []), file]);
		} catch (error) {
			outcomes.set(itemIndex, { itemIndex, error: error as Error });
		}
	}

	const submitted: SubmittedFile[] = [];
	for (const [parser, files] of groups) {
		for (let start = 0; start < files.length; start += MAX_FILES_PER_SUBMIT) {
			const chunk = files.slice(start, start + MAX_FILES_PER_SUBMIT);
			try {
				submitted.push(...(await submitChunk(this, parser, chunk)));
			} catch (error) {
				// One request failed: its items share the error (each naming itself), other requests stand.
				const failure = error as Error & { description?: string };
				const reason = withoutItem(failure.message);
				for (const file of chunk) {
					const own = file.itemIndex === chunk[0].itemIndex
						? failure
						: new NodeOperationError(this.getNode(), `${reason} [item ${file.itemIndex}]`, { itemIndex: file.itemIndex, description: failure.description });
					outcomes.set(file.itemIndex, { itemIndex: file.itemIndex, error: own });
				}
			}
		}
	}

	const firstItem = itemIndexes[0] ?? 0;
	if (submitted.length && this.getNodeParameter('waitForCompletion', firstItem, true)) {
		let collected: Map<number, ItemOutcome>;
		try {
			collected = await waitAndCollect(this, submitted, firstItem);
		} catch (error) {
			// The files were accepted (and charged): the error must still name the job of each item.
			collected = new Map(
				submitted.map((entry) => {
					const itemIndex = entry.file.itemIndex;
					const failure = new NodeOperationError(
						this.getNode(),
						`Submitted as extraction ${entry.extractionId ?? '?'}, but waiting for it failed: ${(error as Error).message}`,
						{ itemIndex, description: 'Do not submit again: use Extraction → Wait or Get Results with this extraction ID.' },
					);
					return [itemIndex, { itemIndex, error: failure }];
				}),
			);
		}
		for (const [itemIndex, outcome] of collected) outcomes.set(itemIndex, outcome);
	} else {
		for (const entry of submitted) {
			const outputs: INodeExecutionData[] = [{ json: entry.output }];
			outcomes.set(entry.file.itemIndex, { itemIndex: entry.file.itemIndex, outputs });
		}
	}
	return [...outcomes.values()];
}

export { documentReview as review } from '../../review';
