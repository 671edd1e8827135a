import { createHash } from 'crypto';

import type { BinaryFile } from './binary';

/**
 * The SHA-256 of a file's bytes, hex. A stored binary is read as a stream, chunk by chunk, so
 * memory stays flat whatever the file's size; bytes n8n already keeps in memory are hashed as they are.
 */
export async function contentSha256(file: Pick<BinaryFile, 'open'>): Promise<string> {
	const hash = createHash('sha256');
	const body = await file.open();
	if (Buffer.isBuffer(body)) return hash.update(body).digest('hex');
	try {
		for await (const chunk of body) hash.update(chunk as Buffer);
	} finally {
		body.destroy();
	}
	return hash.digest('hex');
}
