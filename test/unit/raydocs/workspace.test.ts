import nock from 'nock';

import { workspaceLocator } from '../../../nodes/Raydocs/actions/parameters';
import { authedApi, byId, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const WS = { id: 7, name: 'Finance', icon: '🚀', created_at: '2024-01-15T10:30:00Z' };

const cases: ApiCase[] = [
	{
		name: 'create sends name and icon',
		params: { resource: 'workspace', operation: 'create', name: 'Finance', icon: '🚀' },
		method: 'POST',
		path: '/workspaces/create',
		body: { name: 'Finance', icon: '🚀' },
		status: 201,
		reply: WS,
		output: [WS],
		ability: 'workspaces-write',
	},
	{
		name: 'create without icon sends the name only',
		params: { resource: 'workspace', operation: 'create', name: 'Finance' },
		method: 'POST',
		path: '/workspaces/create',
		body: { name: 'Finance' },
		status: 201,
		reply: WS,
		output: [{ id: 7 }],
	},
	{
		name: 'update sends only the fields given',
		params: { resource: 'workspace', operation: 'update', workspace: byId(7), updateFields: { name: 'Accounts' } },
		method: 'PUT',
		path: '/workspaces/7',
		body: { name: 'Accounts' },
		reply: { ...WS, name: 'Accounts' },
		output: [{ id: 7, name: 'Accounts' }],
		ability: 'workspaces-write',
	},
	{
		name: 'delete answers 204 and outputs deleted: true',
		params: { resource: 'workspace', operation: 'delete', workspace: byId(7) },
		method: 'DELETE',
		path: '/workspaces/7',
		status: 204,
		output: [{ deleted: true, workspace_id: '7' }],
		ability: 'workspaces-write',
	},
];

describe.each(cases)('workspace: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

test('get many accepts the bare array the prose shows', async () => {
	const scope = authedApi().get('/workspaces').reply(200, [WS, { ...WS, id: 8 }]);
	const result = await runRaydocs({ resource: 'workspace', operation: 'getAll', returnAll: false, limit: 1 });
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.json.id)).toEqual([7]);
	scope.done();
});

test('create with an empty name fails before sending, naming the item and field', async () => {
	const result = await runRaydocs({ resource: 'workspace', operation: 'create', name: '  ' });
	expect(result.error?.message).toBe('Name is empty [item 0]');
});

test('update with nothing to update fails before sending', async () => {
	const result = await runRaydocs({ resource: 'workspace', operation: 'update', workspace: byId(7), updateFields: {} });
	expect(result.error?.message).toBe('Nothing to update [item 0]');
});

test('Continue On Fail: a missing workspace fails its item only', async () => {
	const scope = authedApi()
		.delete('/workspaces/404')
		.reply(404, { message: 'Not found' })
		.delete('/workspaces/8')
		.reply(204);
	const result = await runNode([{ json: { ws: 404 } }, { json: { ws: 8 } }]);
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(2);
	expect(result.items[0].json.error).toBe('Workspace 404 was not found [item 0]');
	expect(result.items[0].pairedItem).toEqual({ item: 0 });
	expect(result.items[1].json).toEqual({ deleted: true, workspace_id: '8' });
	expect(result.items[1].pairedItem).toEqual({ item: 1 });
	scope.done();
});

async function runNode(input: Array<{ json: { ws: number } }>) {
	return await runRaydocs(
		{ resource: 'workspace', operation: 'delete', workspace: { __rl: true, mode: 'id', value: '={{ $json.ws }}' } },
		input,
		{ continueOnFail: true },
	);
}

test('the workspace picker takes an integer ID or a string ID (the docs show both), nothing with spaces or slashes', () => {
	const idMode = (workspaceLocator.modes ?? []).find((mode) => mode.name === 'id');
	const rule = idMode?.validation?.[0] as { properties: { regex: string } } | undefined;
	const regex = new RegExp(rule?.properties.regex ?? '');
	expect(['12', '550e8400-e29b-41d4-a716-446655440000', 'ws-acme'].filter((id) => regex.test(id))).toHaveLength(3);
	expect(['', 'a b', '12/../x', '-1'].filter((id) => regex.test(id))).toEqual([]);
});
