import nock from 'nock';

import { authedApi, byId, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const INVITE = { id: 5, email: 'pending@example.com', role: 'user', status: 'pending', valid_until: '2024-02-15T10:30:00Z' };
const invite = (params: object) => ({ resource: 'workspaceInvite', workspace: byId(1), ...params });

const cases: ApiCase[] = [
	{
		name: 'get many (bare array)',
		params: invite({ operation: 'getAll', returnAll: true }),
		method: 'GET',
		path: '/workspaces/1/invites',
		reply: [INVITE],
		output: [INVITE],
		ability: 'workspace-users-read',
	},
	{
		name: 'get many ({data} form)',
		params: invite({ operation: 'getAll', returnAll: true }),
		method: 'GET',
		path: '/workspaces/1/invites',
		reply: { data: [INVITE, { ...INVITE, id: 6 }] },
		output: [{ id: 5 }, { id: 6 }],
	},
	{
		name: 'resend',
		params: invite({ operation: 'resend', inviteId: '5' }),
		method: 'POST',
		path: '/workspaces/1/invites/5/resend',
		reply: { message: 'Invitation resent successfully' },
		output: [{ resent: true, invite_id: 5, message: 'Invitation resent successfully' }],
		ability: 'workspace-users-write',
	},
	{
		name: 'get link',
		params: invite({ operation: 'getLink', inviteId: '5' }),
		method: 'GET',
		path: '/workspaces/1/invites/5/link',
		reply: { link: 'https://raydocs.com/invite/abc123xyz' },
		output: [{ invite_id: 5, link: 'https://raydocs.com/invite/abc123xyz' }],
		ability: 'workspace-users-read',
	},
	{
		name: 'cancel sends the OpenAPI path and takes 204',
		params: invite({ operation: 'cancel', inviteId: '5' }),
		method: 'DELETE',
		path: '/workspaces/1/invites/5',
		status: 204,
		output: [{ deleted: true, invite_id: 5, workspace_id: '1' }],
		ability: 'workspace-users-write',
	},
	{
		name: 'cancel takes a 200 with a message too',
		params: invite({ operation: 'cancel', inviteId: '5' }),
		method: 'DELETE',
		path: '/workspaces/1/invites/5',
		reply: { message: 'Invitation cancelled' },
		output: [{ deleted: true, invite_id: 5 }],
	},
];

describe.each(cases)('workspace invite: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

test('a malformed invite id fails before sending', async () => {
	const result = await runRaydocs(invite({ operation: 'cancel', inviteId: '5; DROP' }));
	expect(result.error?.message).toBe('Invite "5; DROP" is not a valid ID [item 0]');
});

test('404 on an accepted invite names it', async () => {
	const scope = authedApi().post('/workspaces/1/invites/9/resend').reply(404, { message: 'Not found' });
	const result = await runRaydocs(invite({ operation: 'resend', inviteId: '9' }));
	expect(result.error?.message).toBe('Pending invite 9 was not found [item 0]');
	scope.done();
});

test('Continue On Fail keeps the other items', async () => {
	const scope = authedApi().get('/workspaces/1/invites/6/link').reply(200, { link: 'https://raydocs.com/invite/x' });
	const result = await runRaydocs(invite({ operation: 'getLink', inviteId: '={{ $json.id }}' }), [{ json: { id: 'x' } }, { json: { id: 6 } }], {
		continueOnFail: true,
	});
	expect(result.items.map((item) => item.json.error ?? item.json.link)).toEqual(['Invite "x" is not a valid ID [item 0]', 'https://raydocs.com/invite/x']);
	scope.done();
});
