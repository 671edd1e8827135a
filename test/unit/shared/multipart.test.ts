import { createServer, type IncomingHttpHeaders } from 'http';
import type { AddressInfo } from 'net';
import type { IExecuteFunctions } from 'n8n-workflow';

import { readBinaryFile } from '../../../nodes/shared/files/binary';
import { multipartBody } from '../../../nodes/shared/transport/multipart';
import { binaryItem, runNode } from '../../../dev/harness/n8nContext';
import { raydocsCredentials } from '../../helpers/raydocs';

let uploadUrl = '';

/** A throwaway node whose execute() posts its input files as one multipart request. */
const uploader = {
	description: {
		displayName: 'Uploader',
		name: 'uploader',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Uploader' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const files = await Promise.all(this.getInputData().map(async (_, i) => await readBinaryFile(this, i, 'data')));
		const { body, contentType } = multipartBody([
			{ name: 'purpose', value: 'extract' },
			...files.map((file) => ({ name: 'files', file })),
		]);
		const response = await this.helpers.httpRequest({
			method: 'POST',
			url: uploadUrl,
			body: body as never,
			headers: { 'Content-Type': contentType },
		});
		return [[{ json: response }]];
	},
};

test('multipart body streams every file intact, in order, with a correct Content-Length', async () => {
	const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
	const inputs = [
		await binaryItem(Buffer.from('first file'), 'a.pdf', 'application/pdf'),
		await binaryItem(big, 'b.png', 'image/png'),
		await binaryItem(Buffer.from('third, in memory'), 'c.txt', 'text/plain', { storage: 'memory' }),
	];
	// A real local server: the body must cross a socket the way it will in n8n.
	let received: Buffer = Buffer.alloc(0);
	let headers: IncomingHttpHeaders = {};
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			headers = req.headers;
			received = Buffer.concat(chunks);
			res.setHeader('Content-Type', 'application/json');
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	uploadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
	const result = await runNode({ nodeType: uploader as never, parameters: {}, credentials: raydocsCredentials(), input: inputs });
	server.close();
	expect(result.error).toBeUndefined();
	expect(headers['transfer-encoding']).toBeUndefined();
	expect(Number(headers['content-length'])).toBe(received.length);
	const boundary = String(headers['content-type']).split('boundary=')[1];
	const parts = received.toString('latin1').split(`--${boundary}`).slice(1, -1);
	expect(parts).toHaveLength(4);
	expect(parts[0]).toContain('name="purpose"\r\n\r\nextract\r\n');
	expect(parts[1]).toContain('filename="a.pdf"');
	expect(parts[1].endsWith('\r\n\r\nfirst file\r\n')).toBe(true);
	const second = Buffer.from(parts[2], 'latin1');
	const start = second.indexOf('\r\n\r\n') + 4;
	expect(second.subarray(start, second.length - 2).equals(big)).toBe(true);
	expect(parts[3]).toContain('Content-Type: text/plain');
	expect(parts[3].endsWith('third, in memory\r\n')).toBe(true);
});

test('names with ", \\, CR or LF stay on one escaped header line (no header or part can be injected)', async () => {
	const bytes = Buffer.from('%PDF-1.7 tiny');
	const file = {
		fileName: 'evil"; name="other\r\nX-Injected: 1\r\n\r\nboom.pdf',
		mimeType: 'application/pdf',
		size: bytes.length,
		itemIndex: 0,
		property: 'data',
		open: async () => bytes,
	};
	const { body, contentType, size } = multipartBody([
		{ name: 'field"\r\nX-Injected: 2', value: 'v' },
		{ name: 'files\\"\n', file },
	]);
	const chunks: Buffer[] = [];
	for await (const chunk of body.stream()) chunks.push(chunk);
	const received = Buffer.concat(chunks);
	expect(received.length).toBe(size);
	const text = received.toString('latin1');
	expect(text).not.toMatch(/[\r\n]X-Injected/);
	const boundary = contentType.split('boundary=')[1];
	const parts = text.split(`--${boundary}`).slice(1, -1);
	expect(parts).toHaveLength(2);
	const heads = parts.map((part) => part.slice(2, part.indexOf('\r\n\r\n')).split('\r\n'));
	// A value part has one header line; a file part two (Content-Disposition, Content-Type).
	expect(heads[0]).toHaveLength(1);
	expect(heads[1]).toHaveLength(2);
	for (const [line] of heads) {
		expect(line).toMatch(/^Content-Disposition: form-data; name="[^"\r\n\\]*"(; filename="[^"\r\n\\]*")?$/);
	}
	expect(heads[0][0]).toBe('Content-Disposition: form-data; name="field%22%0D%0AX-Injected: 2"');
	expect(heads[1][0]).toBe('Content-Disposition: form-data; name="files%5C%22%0A"; filename="evil%22; name=%22other%0D%0AX-Injected: 1%0D%0A%0D%0Aboom.pdf"');
	expect(heads[1][1]).toBe('Content-Type: application/pdf');
	expect(parts[0].endsWith('\r\n\r\nv\r\n')).toBe(true);
	expect(parts[1].endsWith('\r\n\r\n%PDF-1.7 tiny\r\n')).toBe(true);
});

test('a MIME type carrying CR or LF stays one Content-Type line (nothing after the break is sent as a header)', async () => {
	const bytes = Buffer.from('%PDF-1.7 tiny');
	const file = {
		fileName: 'a.pdf',
		mimeType: 'application/pdf\r\nX-Injected: 3',
		size: bytes.length,
		itemIndex: 0,
		property: 'data',
		open: async () => bytes,
	};
	const { body, size } = multipartBody([{ name: 'file', file }]);
	const chunks: Buffer[] = [];
	for await (const chunk of body.stream()) chunks.push(chunk);
	const text = Buffer.concat(chunks).toString('latin1');
	expect(Buffer.concat(chunks).length).toBe(size);
	expect(text).not.toMatch(/X-Injected/);
	expect(text).toContain('Content-Type: application/pdf\r\n\r\n%PDF-1.7 tiny');
});
