import nock from 'nock';

import { clock } from '../../../nodes/shared/waiting/wait';
import { authedApi, byId, fastRetries, fastWaits, RAYDOCS_URL, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastRetries();
	fastWaits();
});
const realNow = clock.now;
afterEach(() => {
	nock.cleanAll();
	clock.now = realNow;
});

const TID = '550e8400-e29b-41d4-a716-446655440000';
const S1 = '770e8400-e29b-41d4-a716-446655440001';
const params = (extra: object = {}) => ({
	resource: 'batch',
	operation: 'createSessions',
	template: byId(TID),
	source: 'keys',
	fileKeys: '={{ $json.keys }}',
	autoExtract: true,
	...extra,
});
const batchPath = `/extractions/templates/${TID}/sessions/batch`;

test('a failed batch call gives each item it carried one error naming that item once, with the reusable file keys', async () => {
	authedApi().post(batchPath).reply(422, { message: 'The files field is invalid.' });
	const result = await runRaydocs(params({ waitForCompletion: false }), [{ json: { keys: 'tmp/a.pdf, tmp/b.pdf' } }, { json: { keys: 'tmp/c.pdf' } }], {
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => [item.pairedItem, item.json.error])).toEqual([
		[{ item: 0 }, 'Raydocs rejected the request: The files field is invalid. [item 0]'],
		[{ item: 1 }, 'Raydocs rejected the request: The files field is invalid. [item 1]'],
	]);
	for (const item of result.items) expect(item.json.errorDescription).toContain('tmp/a.pdf, tmp/b.pdf, tmp/c.pdf');
});

test('On Timeout "Fail": a session still running at Max Wait is an error naming it and its last status; "Return" marks it timed_out', async () => {
	let now = realNow();
	clock.now = () => (now += 60_000);
	nock(RAYDOCS_URL).post(batchPath).times(2).reply(200, [{ id: S1, name: 'a.pdf' }]);
	nock(RAYDOCS_URL).get(`/extractions/sessions/${S1}`).times(40).reply(200, { id: S1, status: 'processing', results: [] });
	const failing = await runRaydocs(params({ waitForCompletion: true, options: { maxWaitMinutes: 2, onTimeout: 'fail' } }), [{ json: { keys: 'tmp/a.pdf' } }]);
	expect(failing.error?.message).toBe(`Session ${S1} ("a.pdf") did not finish within the max wait [item 0]`);
	expect(failing.error?.description).toContain('Its last status was "processing"');
	const returning = await runRaydocs(params({ waitForCompletion: true, options: { maxWaitMinutes: 2 } }), [{ json: { keys: 'tmp/a.pdf' } }]);
	expect(returning.error).toBeUndefined();
	expect(returning.items.map((item) => item.json)).toEqual([expect.objectContaining({ session_id: S1, file_key: 'tmp/a.pdf', status: 'processing', timed_out: true })]);
});

test('items with another Auto Extract setting go in another call, each with its own setting', async () => {
	const bodies: unknown[] = [];
	authedApi()
		.post(batchPath, (body) => bodies.push(body) > 0)
		.times(2)
		.reply(200, (_uri, body) => (body as { files: string[] }).files.map((key, index) => ({ id: `${S1.slice(0, -1)}${index}`, name: key })));
	const result = await runRaydocs(params({ autoExtract: '={{ $json.auto }}', waitForCompletion: false }), [
		{ json: { keys: 'tmp/a.pdf', auto: true } },
		{ json: { keys: 'tmp/b.pdf', auto: false } },
	]);
	expect(result.error).toBeUndefined();
	expect(bodies).toEqual([
		{ files: ['tmp/a.pdf'], settings: { auto_extract: true } },
		{ files: ['tmp/b.pdf'], settings: { auto_extract: false } },
	]);
});
