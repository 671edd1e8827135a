/**
 * "From list" pickers of the Raydocs nodes, through the nodes' real listSearch methods; and the
 * readers, which take a picked locator or a plain string saved before the field was a picker.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';
import { RaydocsTrigger } from '../../../nodes/Raydocs/RaydocsTrigger.node';
import { description as runCompleted } from '../../../nodes/Raydocs/trigger/workflowRunCompleted';
import { workflowIdField } from '../../../nodes/Raydocs/actions/workflowRun/fields';
import { loadOptionsContext } from '../../../dev/harness/n8nContext';
import { RAYDOCS_TOKEN, RAYDOCS_URL, fastRetries, raydocsCredentials, runRaydocs } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const api = () => nock(RAYDOCS_URL, { reqheaders: { authorization: `Bearer ${RAYDOCS_TOKEN}` } });
const SESSION = '770e8400-e29b-41d4-a716-446655440000';
const RESULT = '990e8400-e29b-41d4-a716-446655440000';
const DOC = '880e8400-e29b-41d4-a716-446655440000';
const WORKFLOW = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const RUN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ws = (value: string) => ({ __rl: true, mode: 'list', value });

function search(parameters: IDataObject) {
	const node = new Raydocs();
	const context = loadOptionsContext({ nodeType: node, parameters, credentials: raydocsCredentials() });
	return { methods: node.methods.listSearch, context };
}

describe('Raydocs pickers', () => {
	test('Document lists the workspace documents newest first, searched by the API, page by page', async () => {
		const scope = api()
			.get('/workspaces/12/documents')
			.query({ sort: 'created_at', order: 'desc', per_page: 100, page: 1, query: 'inv' })
			.reply(200, { data: [{ id: DOC, filename: 'invoice.pdf', status: 'processed' }], meta: { current_page: 1, last_page: 2 } })
			.get('/workspaces/12/documents')
			.query({ sort: 'created_at', order: 'desc', per_page: 100, page: 2, query: 'inv' })
			.reply(200, { data: [{ id: 'd2', filename: 'invoice-2.pdf', status: 'uploaded' }], meta: { current_page: 2, last_page: 2 } });
		const { methods, context } = search({ resource: 'document', operation: 'get', workspace: ws('12') });
		expect(await methods.searchDocuments.call(context, 'inv')).toEqual({ results: [{ name: 'invoice.pdf · processed', value: DOC }], paginationToken: '2' });
		expect(await methods.searchDocuments.call(context, 'inv', '2')).toEqual({ results: [{ name: 'invoice-2.pdf · uploaded', value: 'd2' }], paginationToken: undefined });
		scope.done();
	});

	test("Document without a workspace field lists the session's documents", async () => {
		const scope = api()
			.get(`/extractions/sessions/${SESSION}/documents`)
			.reply(200, { data: [{ id: DOC, filename: 'a.pdf', status: 'ready' }, { id: 'd2', filename: 'b.pdf', status: 'ready' }] });
		const { methods, context } = search({ resource: 'session', operation: 'detachDocument', sessionId: SESSION });
		expect((await methods.searchDocuments.call(context, 'b.pdf')).results).toEqual([{ name: 'b.pdf · ready', value: 'd2' }]);
		scope.done();
	});

	test('Result lists the runs of the session typed in the search box', async () => {
		const scope = api()
			.get(`/extractions/sessions/${SESSION}/results`)
			.reply(200, { data: [{ id: RESULT, title: 'Invoice #1', status: 'completed', created_at: '2026-01-01T00:00:00Z' }] });
		const { methods, context } = search({ resource: 'result', operation: 'get' });
		expect((await methods.searchSessionResults.call(context, SESSION)).results).toEqual([
			{ name: 'Invoice #1 · completed · 2026-01-01T00:00:00Z', value: RESULT },
		]);
		scope.done();
		// A partial or other text lists nothing (and asks nothing of the API) rather than failing:
		// the editor hides the search box while it shows an error.
		expect((await methods.searchSessionResults.call(context, 'invoice')).results).toEqual([]);
		expect((await methods.searchSessionResults.call(context, SESSION.slice(0, 12))).results).toEqual([]);
	});

	test('Run lists the runs of the chosen workflow, with the next page', async () => {
		const scope = api()
			.get(`/workspaces/12/workflows/${WORKFLOW}/runs`)
			.query({ page: 1, per_page: 100 })
			.reply(200, { data: [{ id: RUN, status: 'completed', created_at: '2026-02-01T10:00:00Z' }], meta: { current_page: 1, last_page: 3 } });
		const { methods, context } = search({ resource: 'workflowRun', operation: 'getOutput', workspace: ws('12'), workflowId: WORKFLOW });
		expect(await methods.searchWorkflowRuns.call(context)).toEqual({ results: [{ name: '2026-02-01T10:00:00Z · completed', value: RUN }], paginationToken: '2' });
		scope.done();
		const missing = search({ resource: 'workflowRun', operation: 'getOutput', workspace: ws('12'), workflowId: '' });
		await expect(missing.methods.searchWorkflowRuns.call(missing.context)).rejects.toThrow(/enter the workflow ID first/);
	});

	test('Member and Invite list the workspace members and invites', async () => {
		const scope = api()
			.get('/workspaces/12/users')
			.reply(200, [{ id: 5, name: 'Ada', email: 'ada@example.com', role: 'admin' }, { id: 6, name: 'Bob', email: 'bob@example.com', role: 'user' }])
			.get('/workspaces/12/invites')
			.reply(200, [{ id: 123, email: 'cy@example.com', role: 'user', status: 'pending' }]);
		const { methods, context } = search({ resource: 'workspaceMember', operation: 'remove', workspace: ws('12') });
		expect((await methods.searchMembers.call(context, 'ada')).results).toEqual([{ name: 'Ada · ada@example.com · admin', value: '5' }]);
		expect((await methods.searchInvites.call(context)).results).toEqual([{ name: 'cy@example.com · user · pending', value: '123' }]);
		scope.done();
	});

	test('the trigger shares the workspace picker and the workflow field with the action node', () => {
		const trigger = new RaydocsTrigger();
		expect(typeof trigger.methods.listSearch.searchWorkspaces).toBe('function');
		const workflow = runCompleted.find((field) => field.name === 'workflowId');
		expect(workflow?.placeholder).toBe(workflowIdField.placeholder);
		expect(workflow?.description).toContain('Raydocs cannot list workflows');
		expect(runCompleted.find((field) => field.name === 'workspace')?.type).toBe('resourceLocator');
	});
});

describe('Raydocs readers take a picked value or a plain string saved before the picker', () => {
	const reply = { id: RESULT, status: 'completed', data: { a: 1 } };
	test.each([
		['a locator', { __rl: true, mode: 'list', value: RESULT }],
		['a plain string', RESULT],
	])('Result → Get with %s', async (_label, resultId) => {
		const scope = api().get(`/extractions/results/${RESULT}`).reply(200, reply);
		const result = await runRaydocs({ resource: 'result', operation: 'get', resultId });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ result_id: RESULT, status: 'completed' });
		scope.done();
	});

	test('Session ID defaults to the session_id of the incoming item (a Create Sessions output)', async () => {
		const scope = api().get(`/extractions/sessions/${SESSION}/results`).reply(200, { data: [] });
		const result = await runRaydocs({ resource: 'result', operation: 'getAll' }, [{ json: { session_id: SESSION } }]);
		expect(result.error).toBeUndefined();
		scope.done();
	});
});
