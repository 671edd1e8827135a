import nock from 'nock';

import { binaryItem } from '../../../dev/harness/n8nContext';
import { RAYDOCS_TOKEN, RAYDOCS_URL, fastRetries, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

test('workspace get many sends the bearer token and returns the list', async () => {
	const scope = nock(RAYDOCS_URL, { reqheaders: { authorization: `Bearer ${RAYDOCS_TOKEN}` } })
		.get('/workspaces')
		.reply(200, { data: [{ id: 1, name: 'A' }, { id: 2, name: 'B' }] });
	const result = await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: true });
	if (result.error) console.log(result.error.stack);
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.name)).toEqual(['A', 'B']);
	expect(result.items[1].pairedItem).toEqual({ item: 0 });
	scope.done();
});

test('batch create uploads without auth and creates the session', async () => {
	const storage = nock('https://storage.test', { badheaders: ['authorization'] })
		.put('/tmp/u1', 'PDFBYTES')
		.query(true)
		.reply(200);
	const api = nock(RAYDOCS_URL)
		.post('/vapor/signed-storage-url', { content_type: 'application/pdf', visibility: 'private' })
		.reply(200, { key: 'tmp/u1', url: 'https://storage.test/tmp/u1?sig=1', headers: { 'Content-Type': 'application/pdf' } })
		.post('/extractions/templates/550e8400-e29b-41d4-a716-446655440000/sessions/batch', { files: ['tmp/u1'], settings: { auto_extract: true } })
		.reply(201, [{ id: '770e8400-e29b-41d4-a716-446655440001', name: 'Pending...', created_at: '2024-01-15T10:30:00Z' }]);
	const item = await binaryItem(Buffer.from('PDFBYTES'), 'a.pdf', 'application/pdf');
	const result = await runRaydocs(
		{
			resource: 'batch',
			operation: 'createSessions',
			template: { __rl: true, mode: 'id', value: '550e8400-e29b-41d4-a716-446655440000' },
			waitForCompletion: false,
		},
		[item],
	);
	if (result.error) console.log(result.error.stack);
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ session_id: '770e8400-e29b-41d4-a716-446655440001', file_key: 'tmp/u1', filename: 'a.pdf' });
	storage.done();
	api.done();
});
