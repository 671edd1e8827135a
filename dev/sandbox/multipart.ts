/** Streaming multipart/form-data parser. The request is consumed chunk by chunk; file parts go
 * straight into a BlobWriter (memory, or a temp file once large), text parts are collected as
 * strings. Nothing is buffered twice. */
import type { IncomingMessage } from 'node:http';
import type { BlobStore, BlobWriter, StoredBlob } from './blobs';

export interface MultipartFile {
	field: string;
	blob: StoredBlob;
}
export interface MultipartResult {
	fields: Record<string, string[]>;
	files: MultipartFile[];
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;

export function boundaryOf(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
	const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : undefined;
}

export function parseMultipart(req: IncomingMessage, blobs: BlobStore): Promise<MultipartResult> {
	const boundary = boundaryOf(req.headers['content-type']);
	if (!boundary) return Promise.reject(new MultipartError('Expected a multipart/form-data body with a boundary'));
	const delim = Buffer.from(`\r\n--${boundary}`);
	const result: MultipartResult = { fields: {}, files: [] };
	const pending: Promise<void>[] = [];
	// Prepend CRLF so the very first boundary looks like every other delimiter.
	let buf: Buffer = Buffer.from(CRLF);
	let state: 'preamble' | 'afterDelim' | 'headers' | 'body' | 'done' = 'preamble';
	let part: { name: string; writer?: BlobWriter; text?: Buffer[]; textLen: number } | undefined;

	const emit = (data: Buffer) => {
		if (!part || data.length === 0) return;
		if (part.writer) part.writer.write(data);
		else {
			part.textLen += data.length;
			if (part.textLen > MAX_FIELD_BYTES) throw new MultipartError(`Field ${part.name} is too large`);
			part.text!.push(data);
		}
	};
	const endPart = () => {
		if (!part) return;
		const p = part;
		part = undefined;
		if (p.writer) {
			pending.push(
				p.writer.end().then((blob) => {
					result.files.push({ field: p.name, blob });
				}),
			);
		} else {
			(result.fields[p.name] ??= []).push(Buffer.concat(p.text!).toString('utf8'));
		}
	};
	const startPart = (rawHeaders: string) => {
		const headers: Record<string, string> = {};
		for (const line of rawHeaders.split('\r\n')) {
			const i = line.indexOf(':');
			if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
		}
		const cd = headers['content-disposition'] ?? '';
		const name = /\bname="([^"]*)"/i.exec(cd)?.[1] ?? /\bname=([^;\s]+)/i.exec(cd)?.[1];
		if (name === undefined) throw new MultipartError('Multipart part without a name');
		const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(cd)?.[1];
		const plain = /\bfilename="([^"]*)"/i.exec(cd)?.[1] ?? /\bfilename=([^;\s"]+)/i.exec(cd)?.[1];
		const filename = star ? safeDecode(star.trim()) : plain;
		if (filename !== undefined) {
			const ctype = headers['content-type'] ?? 'application/octet-stream';
			const base = filename.split(/[\\/]/).pop() || 'upload.bin';
			part = { name, writer: blobs.writer({ contentType: ctype, filename: base }), textLen: 0 };
		} else part = { name, text: [], textLen: 0 };
	};

	const process = () => {
		for (;;) {
			if (state === 'preamble') {
				const i = buf.indexOf(delim);
				if (i < 0) {
					buf = buf.subarray(Math.max(0, buf.length - delim.length + 1));
					return;
				}
				buf = buf.subarray(i + delim.length);
				state = 'afterDelim';
			} else if (state === 'afterDelim') {
				// allow transport padding (spaces/tabs) after the boundary
				let j = 0;
				while (j < buf.length && (buf[j] === 0x20 || buf[j] === 0x09)) j++;
				if (buf.length - j < 2) return;
				if (buf[j] === 0x2d && buf[j + 1] === 0x2d) {
					state = 'done';
					return;
				}
				if (buf[j] === 0x0d && buf[j + 1] === 0x0a) {
					buf = buf.subarray(j + 2);
					state = 'headers';
				} else throw new MultipartError('Malformed multipart boundary');
			} else if (state === 'headers') {
				// a part may have no headers at all: CRLF CRLF directly
				const i = buf.indexOf(HEADER_END);
				if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
					startPart('');
					buf = buf.subarray(2);
					state = 'body';
					continue;
				}
				if (i < 0) {
					if (buf.length > MAX_HEADER_BYTES) throw new MultipartError('Multipart headers too large');
					return;
				}
				startPart(buf.subarray(0, i).toString('utf8'));
				buf = buf.subarray(i + HEADER_END.length);
				state = 'body';
			} else if (state === 'body') {
				const i = buf.indexOf(delim);
				if (i < 0) {
					const keep = delim.length - 1;
					if (buf.length > keep) {
						emit(buf.subarray(0, buf.length - keep));
						buf = Buffer.from(buf.subarray(buf.length - keep));
					}
					return;
				}
				emit(buf.subarray(0, i));
				endPart();
				buf = buf.subarray(i + delim.length);
				state = 'afterDelim';
			} else return;
		}
	};

	return new Promise((resolve, reject) => {
		let failed = false;
		const fail = (e: unknown) => {
			if (failed) return;
			failed = true;
			reject(e instanceof MultipartError ? e : new MultipartError(String((e as Error)?.message ?? e)));
			req.resume();
		};
		req.on('data', (c: Buffer) => {
			if (failed || state === 'done') return;
			buf = buf.length ? Buffer.concat([buf, c]) : c;
			try {
				process();
			} catch (e) {
				fail(e);
			}
		});
		req.on('end', () => {
			if (failed) return;
			if (state !== 'done') return fail(new MultipartError('Unexpected end of multipart body'));
			Promise.all(pending).then(() => resolve(result), fail);
		});
		req.on('error', fail);
	});
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s.replace(/^"|"$/g, ''));
	} catch {
		return s;
	}
}
