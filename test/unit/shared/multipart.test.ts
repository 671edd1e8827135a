import { createServer, type IncomingHttpHeaders } from 'http';
import type { AddressInfo } from 'net';
import type { IExecuteFunctions } from 'n8n-workflow';

import { readBinaryFile } from '../../../nodes/shared/binary';
import { multipartBody } from '../../../nodes/shared/multipart';
import { binaryItem, runNode } from '../../helpers/n8n';
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
