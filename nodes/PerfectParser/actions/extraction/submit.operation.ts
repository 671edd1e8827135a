import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { BinaryFile } from '../../../shared/files/binary';
import { contentSha256 } from '../../../shared/files/contentHash';
import { header } from '../../../shared/transport/headers';
import { multipartBody } from '../../../shared/transport/multipart';
import type { ItemOutcome } from '../../../shared/description/router';
import { submitAndWait, type BatchService } from '../../../shared/waiting/submitAndWait';
import { waitForCompletionField } from '../../../shared/waiting/waitOptions';
import {
	DEFAULT_MAX_FILE_MB,
	filePart,
	IDEMPOTENCY_WINDOW_HOURS,
	idempotencyKey,
	MAX_FILES_PER_SUBMIT,
	perfectParserFile,
	textPart,
	userIdempotencyKey,
} from '../../files';
import { documentsOf, formatDocument, getExtraction, getResults, isTerminal } from '../../extractions';
import { ppRequest, unwrap } from '../../transport';
import { binaryPropertyField, parserId, parserLocator, readSimplify, waitFields, waitPolicy } from '../parameters';

const show = { resource: ['extraction'], operation: ['submit'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	parserLocator,
	binaryPropertyField,
	waitForCompletionField('Whether to wait until every file is processed and return its extracted data (otherwise return the IDs at once)'),
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
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.messageId }}',
				description: `PerfectParser answers a submission whose key it has seen in the last ${IDEMPOTENCY_WINDOW_HOURS} hours with the first extraction, without a new one and without charging again (the item then says idempotent_replay: true). Empty (default): the key is derived from the parser and each file's content, in order, so the same files sent again by a re-run or a later execution within ${IDEMPOTENCY_WINDOW_HOURS} hours are extracted and billed once. Set it by expression to decide yourself what counts as the same submission, e.g. an email's Message-ID; items with the same key go out together (a further request under it, for more than 50 files or another parser, gets -part2, …). After ${IDEMPOTENCY_WINDOW_HOURS} hours the same key starts a new extraction.`,
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

/**
 * The request's Idempotency-Key: the user's (a second request under one key — more than 50 files,
 * or another parser — gets `-part2`, … so it is not taken for a repeat of the first), else one derived from the
 * parser and the files' content, each hashed as a stream.
 */
async function keyOf(parser: string, files: BinaryFile[], userKey: string | undefined, part: number): Promise<string> {
	if (userKey !== undefined) return part === 1 ? userKey : `${userKey}-part${part}`;
	const hashes: string[] = [];
	for (const file of files) hashes.push(await contentSha256(file));
	// The submit sends no options besides the parser; any it sends one day joins the key here.
	return idempotencyKey(parser, {}, hashes);
}

/** Sends one request of at most 50 files; returns one output per file, in order. */
async function submitChunk(ctx: IExecuteFunctions, parser: string, files: BinaryFile[], key: string): Promise<SubmittedFile[]> {
	const { body, contentType } = multipartBody([textPart('parser_id', parser), ...files.map((file) => filePart('files', file))]);
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
	const replayed = (header(response.headers, 'Idempotent-Replayed') ?? '').toLowerCase() === 'true';
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
				idempotent_replay: replayed,
			},
		};
	});
}

interface Planned {
	itemIndex: number;
	parser: string;
	/** The user's Idempotency Key, if set. */
	userKey?: string;
	file: BinaryFile;
}

/**
 * PerfectParser's extractions as the batch core drives them: one request per parser (and user
 * Idempotency Key), 50 files each. Made per execution: it counts the requests sent per user key.
 */
const extractions = (): BatchService<Planned, SubmittedFile, IDataObject> => {
	// Requests sent per user key: a key may span parsers and chunks, each request needs its own.
	const requestsPerKey = new Map<string, number>();
	const groupKey = (entry: Planned) => JSON.stringify([entry.parser, entry.userKey ?? null]);
	return {
		maxPerCall: MAX_FILES_PER_SUBMIT,
		waitSettings: (ctx, itemIndex) => (ctx.getNodeParameter('waitForCompletion', itemIndex, true) ? waitPolicy(ctx, itemIndex) : undefined),
		async plan(ctx, itemIndex) {
			const parser = parserId(ctx, itemIndex);
			const property = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
			const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const maxMb = (options.maxFileSizeMb as number | undefined) ?? DEFAULT_MAX_FILE_MB;
			const userKey = userIdempotencyKey(ctx, itemIndex, options.idempotencyKey);
			return [
				{
					itemIndex,
					parser,
					userKey,
					file: await perfectParserFile(ctx, itemIndex, property, maxMb),
				},
			];
		},
		groupKey,
		async submit(ctx, chunk) {
			const userKey = chunk[0].userKey ?? '';
			const part = (requestsPerKey.get(userKey) ?? 0) + 1;
			requestsPerKey.set(userKey, part);
			const files = chunk.map((entry) => entry.file);
			return await submitChunk(ctx, chunk[0].parser, files, await keyOf(chunk[0].parser, files, chunk[0].userKey, part));
		},
		// Many files share one extraction: it is looked at once, and its results fetched once it ends.
		waitId: (submitted) => submitted.extractionId,
		async check(ctx, id) {
			const extraction = await getExtraction(ctx, id);
			return isTerminal(extraction.status) ? { done: true, value: await getResults(ctx, id) } : { done: false, value: extraction };
		},
		statusOf: (extraction) => String(extraction.status),
		describe: (submitted) => ({
			label: `Extraction ${submitted.extractionId ?? '?'}`,
			later: 'Do not submit the file again: use Extraction → Wait or Get Results with this extraction ID later.',
			fields: {
				extraction_id: submitted.extractionId ?? null,
				document_id: submitted.document?.document_id ?? null,
			},
		}),
		format(ctx, entry, submitted, waited) {
			if (!waited) return submitted.output;
			const extraction = waited.value;
			const documentId = submitted.document?.document_id;
			const document = documentsOf(extraction).find((doc) => doc.document_id === documentId) ?? submitted.document ?? {};
			return {
				...formatDocument({ filename: submitted.file.fileName, ...document }, extraction, readSimplify(ctx, entry.itemIndex)),
				extraction_status: extraction.status,
				...(submitted.output.idempotent_replay ? { idempotent_replay: true } : {}),
			};
		},
	};
};

/**
 * Submits the files of all input items: grouped by parser, 50 per request, each request with an
 * Idempotency-Key (the user's, or derived from the files' content). Every item gets the document
 * its file became (paired with it), or its own error; a bad file is refused before sending and
 * does not stop the others.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	return await submitAndWait(this, itemIndexes, extractions());
}

export { documentReview as review } from '../../review';
