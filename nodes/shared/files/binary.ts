import { BINARY_ENCODING, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { SIGNATURE_BYTES, kindLabel, signatureMismatch } from './fileSignature';

/** The Readable n8n hands out for stored binaries (typed without importing `stream`). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface BinaryFile {
	fileName: string;
	mimeType: string;
	/** Bytes. */
	size: number;
	itemIndex: number;
	property: string;
	/** A fresh body each call: a stream from n8n's binary store, or the bytes kept in memory. */
	open(): Promise<Buffer | BinaryStream>;
}

export interface FileTypeRule {
	/** Lower-case extensions without the dot: ['pdf', 'png']. */
	extensions: string[];
	/** What the service calls them, for the message: "PDF, DOCX, PNG…". */
	label: string;
}

const MIME_BY_EXTENSION: Record<string, string> = {
	pdf: 'application/pdf',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	ppt: 'application/vnd.ms-powerpoint',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	xls: 'application/vnd.ms-excel',
	csv: 'text/csv',
	txt: 'text/plain',
	html: 'text/html',
	json: 'application/json',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	gif: 'image/gif',
	webp: 'image/webp',
	bmp: 'image/bmp',
};

const EXTENSION_BY_MIME: Record<string, string> = Object.fromEntries(
	Object.entries(MIME_BY_EXTENSION).map(([ext, mime]) => [mime, ext]),
);
EXTENSION_BY_MIME['image/jpeg'] = 'jpg';
EXTENSION_BY_MIME['image/tiff'] = 'tiff';

export function extensionOf(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	return dot >= 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

export function mimeFromFileName(fileName: string): string | undefined {
	return MIME_BY_EXTENSION[extensionOf(fileName)];
}

export function extensionFromMime(mimeType: string): string | undefined {
	return EXTENSION_BY_MIME[mimeType.split(';')[0].trim().toLowerCase()];
}

/**
 * Reads an item's binary property as a file description without loading it: stored binaries are
 * opened as streams, only binaries n8n already keeps in memory come back as bytes.
 */
export async function readBinaryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	rule?: FileTypeRule,
): Promise<BinaryFile> {
	const node = ctx.getNode();
	const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
	if (!binary) {
		const present = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		throw new NodeOperationError(node, `Item ${itemIndex} has no binary field "${property}"`, {
			itemIndex,
			description: present.length
				? `This item's binary fields are: ${present.join(', ')}. Set "Input Binary Field" to one of them.`
				: 'This item carries no file. Put a node that reads the file (e.g. Read Files from Disk, HTTP Request) before this one, or set "Input Binary Field" to the field that holds it.',
		});
	}

	const fileName = binary.fileName ?? `file.${extensionFromMime(binary.mimeType ?? '') ?? 'bin'}`;
	const declared = (binary.mimeType ?? '').toLowerCase();
	const mimeType =
		declared && declared !== 'application/octet-stream' ? declared : mimeFromFileName(fileName) ?? 'application/octet-stream';

	if (rule) {
		const extension = extensionOf(fileName) || extensionFromMime(mimeType) || '';
		const byMime = extensionFromMime(mimeType);
		const accepted = rule.extensions.includes(extension) || (byMime !== undefined && rule.extensions.includes(byMime));
		if (!accepted) {
			throw new NodeOperationError(node, `Item ${itemIndex}: "${fileName}" is a file type this service does not accept`, {
				itemIndex,
				description: `Field "${property}" holds ${mimeType}. Accepted types: ${rule.label}. Convert the file first, or filter such items out before this node.`,
			});
		}
	}

	let size: number;
	let open: BinaryFile['open'];
	let head: () => Promise<Buffer>;
	if (binary.id) {
		const id = binary.id;
		size = typeof binary.bytes === 'number' ? binary.bytes : Number((await ctx.helpers.getBinaryMetadata(id)).fileSize);
		open = async () => await ctx.helpers.getBinaryStream(id);
		head = async () => await firstBytes(await ctx.helpers.getBinaryStream(id, SIGNATURE_BYTES), SIGNATURE_BYTES);
	} else {
		const bytes = Buffer.from(binary.data ?? '', BINARY_ENCODING);
		size = bytes.length;
		open = async () => bytes;
		head = async () => bytes.subarray(0, SIGNATURE_BYTES);
	}
	if (!Number.isFinite(size) || size <= 0) {
		throw new NodeOperationError(node, `Item ${itemIndex}: the file "${fileName}" is empty`, {
			itemIndex,
			description: `Field "${property}" holds 0 bytes. Check the node that produced the file.`,
		});
	}
	const mismatch = signatureMismatch(await head(), mimeType, extensionOf(fileName));
	if (mismatch) {
		const declared = kindLabel(mismatch.declared);
		const content = kindLabel(mismatch.content);
		throw new NodeOperationError(node, `Item ${itemIndex}: "${fileName}" is declared as ${declared} but its content is ${content}`, {
			itemIndex,
			description: `Field "${property}" is named or typed (${mimeType}) as ${declared}, but its first bytes are those of ${content}. Give the file its real name and type in the node that produced it, or convert it.`,
		});
	}
	return { fileName, mimeType, size, itemIndex, property, open };
}

/** Up to `count` bytes from the start of a stream, which is then closed unread. */
async function firstBytes(stream: BinaryStream, count: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let length = 0;
	try {
		for await (const chunk of stream) {
			const bytes = Buffer.from(chunk as Buffer);
			chunks.push(bytes);
			length += bytes.length;
			if (length >= count) break;
		}
	} finally {
		stream.destroy();
	}
	return Buffer.concat(chunks).subarray(0, count);
}
