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

/**
 * The Idempotency-Key of one submit request. It depends only on what a retry of the same
 * execution sends again (execution, node, parser, item indexes, file names and sizes), so a retry
 * — by the core after a lost answer, or by the node's Retry On Fail — is answered with the
 * original job and charged once.
 */
export function idempotencyKey(
	executionId: string,
	nodeId: string,
	parserId: string,
	files: Array<Pick<BinaryFile, 'itemIndex' | 'fileName' | 'size'>>,
): string {
	const hash = createHash('sha256');
	hash.update(JSON.stringify([executionId, nodeId, parserId, files.map((f) => [f.itemIndex, f.fileName, f.size])]));
	return `n8n-${hash.digest('hex').slice(0, 48)}`;
}
