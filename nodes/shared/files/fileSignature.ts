/**
 * File types recognised by their first bytes ("magic numbers"), to catch a file whose name or
 * MIME type says one thing while its content is another (PNG bytes named `.pdf`). Only types with
 * a fixed signature are compared; content without one (plain text, CSV, JSON, old Office…) is
 * never refused.
 */
export type SignatureKind = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'gif' | 'webp' | 'office';

/** Bytes enough to tell every kind below apart. */
export const SIGNATURE_BYTES = 16;

const LABELS: Record<SignatureKind, string> = {
	pdf: 'PDF',
	png: 'PNG',
	jpeg: 'JPEG',
	tiff: 'TIFF',
	gif: 'GIF',
	webp: 'WebP',
	office: 'a ZIP-based Office file (DOCX, XLSX, PPTX)',
};

const KIND_BY_EXTENSION: Record<string, SignatureKind> = {
	pdf: 'pdf',
	png: 'png',
	jpg: 'jpeg',
	jpeg: 'jpeg',
	tif: 'tiff',
	tiff: 'tiff',
	gif: 'gif',
	webp: 'webp',
	docx: 'office',
	xlsx: 'office',
	pptx: 'office',
};

const KIND_BY_MIME: Record<string, SignatureKind> = {
	'application/pdf': 'pdf',
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/tiff': 'tiff',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'office',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'office',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'office',
};

function startsWith(bytes: Buffer, signature: number[] | string, at = 0): boolean {
	const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
	return bytes.length >= at + expected.length && bytes.subarray(at, at + expected.length).equals(expected);
}

/** The kind the first bytes show, or undefined when they match no known signature. */
export function kindOfContent(bytes: Buffer): SignatureKind | undefined {
	if (startsWith(bytes, '%PDF-')) return 'pdf';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
	if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
	if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'office';
	return undefined;
}

export function kindLabel(kind: SignatureKind): string {
	return LABELS[kind];
}

/**
 * When the declared kinds (by MIME type, then by extension) disagree with the content, the pair
 * to report; undefined when they agree or either side is unknown.
 */
export function signatureMismatch(
	bytes: Buffer,
	mimeType: string,
	extension: string,
): { declared: SignatureKind; content: SignatureKind } | undefined {
	const content = kindOfContent(bytes);
	if (!content) return undefined;
	for (const declared of [KIND_BY_MIME[mimeType.split(';')[0].trim().toLowerCase()], KIND_BY_EXTENSION[extension.toLowerCase()]]) {
		if (declared && declared !== content) return { declared, content };
	}
	return undefined;
}
