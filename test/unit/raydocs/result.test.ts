import nock from 'nock';

import { authedApi, binaryBytes, expectNoToken, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const RID = '990e8400-e29b-41d4-a716-446655440000';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const cases: ApiCase[] = [
	{
		name: 'delete',
		params: { resource: 'result', operation: 'delete', resultId: RID },
		method: 'DELETE',
		path: `/extractions/results/${RID}`,
		status: 204,
		output: [{ deleted: true, result_id: RID }],
		ability: 'sessions-write',
	},
];

describe.each(cases)('result: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	test(`403 names ${c.ability}`, async () => {
		await runForbidden(c);
	});
});

test('export to Excel: binary named after the result, xlsx MIME, bytes intact', async () => {
	const bytes = Buffer.alloc(2048, 0);
	for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
	const scope = authedApi()
		.get(`/extractions/results/${RID}/export/excel`)
		.reply(200, bytes, { 'Content-Type': XLSX, 'Content-Disposition': 'attachment; filename="extraction_result.xlsx"' });
	const result = await runRaydocs({ resource: 'result', operation: 'exportExcel', resultId: RID });
	expect(result.error).toBeUndefined();
	expect(result.items[0].binary?.data).toMatchObject({ fileName: `extraction_result_${RID}.xlsx`, mimeType: XLSX });
	expect((await binaryBytes(result.items[0])).equals(bytes)).toBe(true);
	expect(result.items[0].json).toMatchObject({ result_id: RID, file_size: 2048 });
	scope.done();
	expectNoToken(result);
});

test('export to Excel: 403 names sessions-read, 404 names the result', async () => {
	const scope = authedApi()
		.get(`/extractions/results/${RID}/export/excel`)
		.reply(403, { message: 'Invalid ability provided.' })
		.get(`/extractions/results/${RID}/export/excel`)
		.reply(404, { message: 'Not found' });
	const forbidden = await runRaydocs({ resource: 'result', operation: 'exportExcel', resultId: RID });
	expect(forbidden.error?.message).toBe('The access token lacks the "sessions-read" ability [item 0]');
	const missing = await runRaydocs({ resource: 'result', operation: 'exportExcel', resultId: RID });
	expect(missing.error?.message).toBe(`Result ${RID} was not found [item 0]`);
	scope.done();
});

test('a malformed result ID fails before sending', async () => {
	const result = await runRaydocs({ resource: 'result', operation: 'delete', resultId: '990e' });
	expect(result.error?.message).toBe('Result "990e" is not a valid ID [item 0]');
});

test('Continue On Fail keeps the other items', async () => {
	const scope = authedApi().delete(`/extractions/results/${RID}`).reply(204);
	const result = await runRaydocs({ resource: 'result', operation: 'delete', resultId: '={{ $json.id }}' }, [{ json: { id: 'bad' } }, { json: { id: RID } }], {
		continueOnFail: true,
	});
	expect(result.items.map((item) => item.json.error ?? item.json.deleted)).toEqual(['Result "bad" is not a valid ID [item 0]', true]);
	scope.done();
});
