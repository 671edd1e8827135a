import { randomBytes } from 'crypto';

import type { BinaryFile } from '../files/binary';

export type MultipartPart =
	| { name: string; value: string }
	| { name: string; file: BinaryFile; fileName?: string; contentType?: string };

/**
 * A body object that axios (under n8n's httpRequest) streams as it reads: it has the shape of a
 * Blob — `size`, `type`, `stream()` — so axios pipes `stream()` to the socket with a known
 * Content-Length instead of holding the file. Community nodes may not use the `form-data`
 * package or import `stream`, hence this shape.
 */
export interface StreamingBody {
	readonly [Symbol.toStringTag]: 'Blob';
	readonly size: number;
	readonly type: string;
	stream(): AsyncIterable<Buffer>;
}

function quote(value: string): string {
	return value.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
}

/** A part's MIME type as one header value: anything after a CR or LF (or the bare CR/LF) is dropped. */
function headerValue(value: string): string {
	return value.split(/[\r\n]/)[0].trim() || 'application/octet-stream';
}

/** Builds a streamed multipart/form-data body; files are opened only when it is sent. */
export function multipartBody(parts: MultipartPart[]): { body: StreamingBody; contentType: string; size: number } {
	const boundary = `----n8nDocumentExtraction${randomBytes(12).toString('hex')}`;
	const heads: Buffer[] = parts.map((part) => {
		if ('value' in part) {
			return Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"\r\n\r\n${part.value}\r\n`,
			);
		}
		const fileName = part.fileName ?? part.file.fileName;
		return Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"; filename="${quote(fileName)}"\r\n` +
				`Content-Type: ${headerValue(part.contentType ?? part.file.mimeType)}\r\n\r\n`,
		);
	});
	const tail = Buffer.from(`--${boundary}--\r\n`);
	const crlf = Buffer.from('\r\n');
	const size =
		heads.reduce((sum, head) => sum + head.length, 0) +
		parts.reduce((sum, part) => sum + ('file' in part ? part.file.size + crlf.length : 0), 0) +
		tail.length;

	async function* generate(): AsyncGenerator<Buffer> {
		for (let i = 0; i < parts.length; i++) {
			yield heads[i];
			const part = parts[i];
			if ('file' in part) {
				const source = await part.file.open();
				if (Buffer.isBuffer(source)) {
					yield source;
				} else {
					// Chunks of a file stream are Buffers already: passed on, not copied (a copy per chunk is
					// garbage the size of the file).
					for await (const chunk of source) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
				}
				yield crlf;
			}
		}
		yield tail;
	}

	const contentType = `multipart/form-data; boundary=${boundary}`;
	const body: StreamingBody = {
		[Symbol.toStringTag]: 'Blob',
		size,
		type: contentType,
		stream: generate,
	};
	return { body, contentType, size };
}
