import { createHash } from 'crypto';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { readBinaryFile, type BinaryFile, type FileTypeRule } from '../shared/files/binary';

/**
 * The submit page names "PDF, PNG, JPG, JPEG, WebP etc." and no full list; we accept those
 * plus the other common image formats and let the service refuse the rest (tolerant).
 */
export const PERFECTPARSER_FILE_TYPES: FileTypeRule = {
	extensions: ['pdf', 'png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'bmp', 'heic'],
	label: 'PDF, PNG, JPG/JPEG, WebP, GIF, TIFF, BMP, HEIC',
};

/** A text part of a multipart body. */
export function textPart(name: string, value: string): { name: string; value: string } {
	return { name, value };
}

/** A file part of a multipart body. */
export function filePart(name: string, file: BinaryFile): { name: string; file: BinaryFile } {
	return { name, file };
}

/** Files per submit request (at most 50). */
export const MAX_FILES_PER_SUBMIT = 50;

/**
 * No size limit is documented (no 413 is listed). We check against a default of 50 MB per file,
 * which the user can raise or turn off (0), so a huge file fails here, named, instead of mid-upload.
 */
export const DEFAULT_MAX_FILE_MB = 50;

/** Reads and checks an item's file (present, non-empty, accepted type, within the size limit). */
export async function perfectParserFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	maxFileMb: number,
): Promise<BinaryFile> {
	const file = await readBinaryFile(ctx, itemIndex, property, PERFECTPARSER_FILE_TYPES);
	if (maxFileMb > 0 && file.size > maxFileMb * 1024 * 1024) {
		const mb = (file.size / 1024 / 1024).toFixed(1);
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: "${file.fileName}" is ${mb} MB, over the ${maxFileMb} MB limit`, {
			itemIndex,
			description: 'Split or compress the file, or raise "Max File Size (MB)" in the options if your PerfectParser plan accepts larger files.',
		});
	}
	return file;
}

/** How long PerfectParser remembers an Idempotency-Key (it replays the first answer within it). */
export const IDEMPOTENCY_WINDOW_HOURS = 24;

/**
 * The default Idempotency-Key of one submit request, derived only from what the request sends:
 * the parser, the request's options and the SHA-256 of each file's content, in order. A retry, a
 * re-run of the execution, or the same files sent again by any execution within the service's
 * window is then answered with the first extraction and charged once. File names, item positions
 * and the execution are left out on purpose: a renamed copy of a file is the same document.
 */
export function idempotencyKey(parserId: string, options: Record<string, string>, contentHashes: string[]): string {
	const hash = createHash('sha256');
	const sortedOptions = Object.keys(options)
		.sort()
		.map((name) => [name, options[name]]);
	hash.update(JSON.stringify(['perfectparser-submit', parserId, sortedOptions, contentHashes]));
	return `n8n-${hash.digest('hex').slice(0, 48)}`;
}

/**
 * A user's Idempotency-Key (e.g. an email's message id), checked: an HTTP header carries only
 * visible ASCII characters and spaces. Empty: none set.
 */
export function userIdempotencyKey(ctx: IExecuteFunctions, itemIndex: number, value: unknown): string | undefined {
	const key = String(value ?? '').trim();
	if (!key) return undefined;
	if (/[^\x20-\x7e]/.test(key)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: the "Idempotency Key" option holds characters an HTTP header cannot carry`, {
			itemIndex,
			description:
				"Use visible ASCII characters only (letters, digits, punctuation), e.g. an email's Message-ID, or leave the option empty to derive the key from the files.",
		});
	}
	return key;
}
