import nock from 'nock';

import { authedApi, byId, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const MEMBER = { id: 5, name: 'John Doe', email: 'john@example.com', role: 'admin' };
const member = (params: object) => ({ resource: 'workspaceMember', workspace: byId(1), ...params });

const cases: ApiCase[] = [
	{
		name: 'get many (bare array)',
		params: member({ operation: 'getAll', returnAll: true }),
		method: 'GET',
		path: '/workspaces/1/users',
		reply: [MEMBER, { ...MEMBER, id: 6 }],
		output: [MEMBER, { id: 6 }],
		ability: 'workspace-users-read',
	},
	{
		name: 'get many ({data} form) with a limit',
		params: member({ operation: 'getAll', returnAll: false, limit: 1 }),
		method: 'GET',
		path: '/workspaces/1/users',
		reply: { data: [MEMBER, { ...MEMBER, id: 6 }] },
		output: [{ id: 5 }],
	},
	{
		name: 'add an existing user reports "added"',
		params: member({ operation: 'add', email: ' jane@example.com ', role: 'user' }),
		method: 'POST',
		path: '/workspaces/1/users/add',
		body: { email: 'jane@example.com', role: 'user' },
		reply: { message: 'User added successfully' },
		output: [{ outcome: 'added', email: 'jane@example.com', role: 'user', invite_id: null, message: 'User added successfully' }],
		ability: 'workspace-users-write',
	},
	{
		name: 'add a new person reports "invitation sent" with the invite id',
		params: member({ operation: 'add', email: 'new@example.com', role: 'readonly' }),
		method: 'POST',
		path: '/workspaces/1/users/add',
		body: { email: 'new@example.com', role: 'readonly' },
		reply: { message: 'Invitation sent', invite_id: 123 },
		output: [{ outcome: 'invitation_sent', invite_id: 123, workspace_id: '1' }],
	},
	{
		name: 'remove',
		params: member({ operation: 'remove', userId: '5' }),
		method: 'DELETE',
		path: '/workspaces/1/users/5/remove',
		status: 204,
		output: [{ removed: true, user_id: 5, workspace_id: '1' }],
		ability: 'workspace-users-write',
	},
	{
		name: 'update role',
		params: member({ operation: 'updateRole', userId: '5', role: 'readonly' }),
		method: 'PUT',
		path: '/workspaces/1/users/5/update-role',
		body: { role: 'readonly' },
		reply: { message: 'Role updated successfully' },
		output: [{ user_id: 5, role: 'readonly', message: 'Role updated successfully' }],
		ability: 'workspace-users-write',
	},
	{
		name: 'leave',
		params: member({ operation: 'leave' }),
		method: 'POST',
		path: '/workspaces/1/leave',
		reply: { message: 'You have left the workspace' },
		output: [{ left: true, workspace_id: '1', message: 'You have left the workspace' }],
		ability: 'workspace-users-write',
	},
];

describe.each(cases)('workspace member: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

describe('bad input fails before sending, naming the item and field', () => {
	test.each([
		['an empty email', { operation: 'add', email: '', role: 'user' }, 'Email is empty [item 0]'],
		['a malformed email', { operation: 'add', email: 'not-an-email', role: 'user' }, 'Email "not-an-email" is not an email address [item 0]'],
		['a bad role', { operation: 'add', email: 'a@b.co', role: 'owner' }, 'Role "owner" is not a Raydocs workspace role [item 0]'],
		['a bad role on update', { operation: 'updateRole', userId: '5', role: 'superuser' }, 'Role "superuser" is not a Raydocs workspace role [item 0]'],
		['a non-numeric user id', { operation: 'remove', userId: 'abc' }, 'User "abc" is not a valid ID [item 0]'],
	])('%s', async (_, params, message) => {
		const result = await runRaydocs(member(params));
		expect(result.error?.message).toBe(message);
	});
});

test('422 (already a member) is reported with Raydocs\' validation lines', async () => {
	const scope = authedApi()
		.post('/workspaces/1/users/add')
		.reply(422, { message: 'The given data was invalid.', errors: { email: ['The user is already a member.'] } });
	const result = await runRaydocs(member({ operation: 'add', email: 'john@example.com', role: 'user' }));
	expect(result.error?.message).toBe('Raydocs rejected the request: The given data was invalid. [item 0]');
	expect(result.error?.description).toContain('email: The user is already a member.');
	scope.done();
});

test('Continue On Fail: a bad email fails its item, the next one is added', async () => {
	const scope = authedApi().post('/workspaces/1/users/add', { email: 'ok@example.com', role: 'user' }).reply(200, { message: 'User added successfully' });
	const result = await runRaydocs(
		member({ operation: 'add', email: '={{ $json.email }}', role: 'user' }),
		[{ json: { email: '' } }, { json: { email: 'ok@example.com' } }],
		{ continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.json.error ?? item.json.outcome)).toEqual(['Email is empty [item 0]', 'added']);
	expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	scope.done();
});
