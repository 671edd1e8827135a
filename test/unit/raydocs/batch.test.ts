import nock from 'nock';

import { authedApi, binaryBytes, byId, expectNoToken, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const TID = '550e8400-e29b-41d4-a716-446655440000';
const S1 = '770e8400-e29b-41d4-a716-446655440001';
const S2 = '770e8400-e29b-41d4-a716-446655440002';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROWS = [
	{ session_id: S1, session_name: 'Invoice 1', data: { invoice: { number: 'INV-001' } } },
	{ session_id: S2, session_name: 'Invoice 2', data: { invoice: { number: 'INV-002' } } },
];
const batch = (params: object) => ({ resource: 'batch', template: byId(TID), sessionIds: `${S1}, ${S2}`, ...params });

const cases: ApiCase[] = [
	{
		name: 'delete sessions sends POST …/batch/delete (OpenAPI form)',
		params: batch({ operation: 'deleteSessions' }),
		method: 'POST',
		path: `/extractions/templates/${TID}/sessions/batch/delete`,
		body: { session_ids: [S1, S2] },
		status: 204,
		output: [{ deleted: true, template_id: TID, session_ids: [S1, S2] }],
		ability: 'sessions-write',
	},
	{
		name: 'export JSON: one item per session (bare array)',
		params: batch({ operation: 'exportResults', format: 'json' }),
		method: 'POST',
		path: `/extractions/templates/${TID}/sessions/batch/export`,
		body: { session_ids: [S1, S2], format: 'json' },
		reply: ROWS,
		output: ROWS,
		ability: 'sessions-read',
	},
	{
		name: 'export JSON: {data} form tolerated',
		params: batch({ operation: 'exportResults', format: 'json' }),
		method: 'POST',
		path: `/extractions/templates/${TID}/sessions/batch/export`,
		body: { session_ids: [S1, S2], format: 'json' },
		reply: { data: ROWS },
		output: ROWS,
	},
];

describe.each(cases)('batch: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

test('export Excel: a binary file with the xlsx MIME type, name and intact bytes', async () => {
	const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10, 0x80, 0x7f]);
	const scope = authedApi()
		.post(`/extractions/templates/${TID}/sessions/batch/export`, { session_ids: [S1, S2], format: 'excel' })
		.reply(200, bytes, { 'Content-Type': XLSX, 'Content-Disposition': 'attachment; filename="batch_export.xlsx"' });
	const result = await runRaydocs(batch({ operation: 'exportResults', format: 'excel', binaryPropertyName: 'sheet' }));
	expect(result.error).toBeUndefined();
	const item = result.items[0];
	expect(item.binary?.sheet).toMatchObject({ fileName: 'batch_export.xlsx', mimeType: XLSX, fileExtension: 'xlsx' });
	expect((await binaryBytes(item, 'sheet')).equals(bytes)).toBe(true);
	expect(item.json).toMatchObject({ template_id: TID, format: 'excel', file_size: bytes.length });
	scope.done();
	expectNoToken(result);
});

test('export CSV without a Content-Disposition is named after the template', async () => {
	const csv = 'session_id,invoice.number\n' + `${S1},INV-001\n`;
	const scope = authedApi()
		.post(`/extractions/templates/${TID}/sessions/batch/export`, { session_ids: [S1, S2], format: 'csv' })
		.reply(200, csv, { 'Content-Type': 'text/csv; charset=utf-8' });
	const result = await runRaydocs(batch({ operation: 'exportResults', format: 'csv' }));
	expect(result.error).toBeUndefined();
	expect(result.items[0].binary?.data).toMatchObject({ fileName: `raydocs-export-${TID}.csv`, mimeType: 'text/csv' });
	expect((await binaryBytes(result.items[0])).toString()).toBe(csv);
	scope.done();
});

test('a 403 on a binary export still names the ability', async () => {
	const scope = authedApi().post(`/extractions/templates/${TID}/sessions/batch/export`).reply(403, { message: 'Invalid ability provided.' });
	const result = await runRaydocs(batch({ operation: 'exportResults', format: 'excel' }));
	expect(result.error?.message).toBe('The access token lacks the "sessions-read" ability [item 0]');
	scope.done();
});

test('a malformed session ID fails before sending', async () => {
	const result = await runRaydocs(batch({ operation: 'deleteSessions', sessionIds: `${S1}, 42` }));
	expect(result.error?.message).toBe('Session "42" is not a valid ID [item 0]');
});

test('Continue On Fail: a bad list fails its item, the next export runs', async () => {
	const scope = authedApi().post(`/extractions/templates/${TID}/sessions/batch/export`).reply(200, ROWS);
	const result = await runRaydocs(batch({ operation: 'exportResults', format: 'json', sessionIds: '={{ $json.ids }}' }), [{ json: { ids: 'x' } }, { json: { ids: S1 } }], {
		continueOnFail: true,
	});
	expect(result.items.map((item) => item.json.error ?? item.json.session_id)).toEqual(['Session "x" is not a valid ID [item 0]', S1, S2]);
	expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 1 }]);
	scope.done();
});
