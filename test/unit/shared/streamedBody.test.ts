import { Readable } from 'stream';

import { isStreamed } from '../../../nodes/shared/transport/http';
import { multipartBody } from '../../../nodes/shared/transport/multipart';

// Streamed bodies are sent with redirects off: axios' follow-redirects would otherwise keep every
// byte written in memory to replay it (a 1 GB upload costing 1 GB of RAM, see dev/bench).
test('streams and our multipart body count as streamed; buffers, strings and JSON do not', () => {
	expect(isStreamed(Readable.from([Buffer.from('x')]))).toBe(true);
	expect(isStreamed(multipartBody([{ name: 'a', value: 'b' }]).body)).toBe(true);
	expect(isStreamed(Buffer.from('x'))).toBe(false);
	expect(isStreamed('text')).toBe(false);
	expect(isStreamed({ files: ['tmp/a'] })).toBe(false);
	expect(isStreamed(undefined)).toBe(false);
});
