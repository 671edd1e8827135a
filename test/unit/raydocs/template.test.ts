import nock from 'nock';

import { authedApi, byId, fastRetries, runCase, runForbidden, runRaydocs, type ApiCase } from '../../helpers/raydocs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
beforeEach(() => fastRetries());

const TID = '550e8400-e29b-41d4-a716-446655440000';
const SCHEMA = {
	config: { reasoning_enabled: true },
	groups: { invoice: { search_query: 'invoice number', fields: { number: { type: 'string' }, total: { type: 'number' } } } },
};
const TEMPLATE = { id: TID, name: 'Invoices', schema_json: SCHEMA, workspace_id: 1 };
const template = (params: object) => ({ resource: 'template', ...params });

const cases: ApiCase[] = [
	{
		name: 'create sends schema_json, workspace_id as an integer, description and settings',
		params: template({
			operation: 'create',
			workspace: byId(1),
			name: 'Invoices',
			schema: JSON.stringify(SCHEMA),
			additionalFields: { description: 'Extract invoices', contextualEmbedding: true },
		}),
		method: 'POST',
		path: '/extractions/templates',
		body: {
			name: 'Invoices',
			workspace_id: 1,
			schema_json: SCHEMA,
			description: 'Extract invoices',
			settings: { parsing: { contextual_embedding: true } },
		},
		status: 201,
		reply: TEMPLATE,
		output: [TEMPLATE],
		ability: 'templates-write',
	},
	{
		name: 'create takes the schema as an object too (from an expression)',
		params: template({ operation: 'create', workspace: byId(1), name: 'Invoices', schema: '={{ $json.schema }}' }),
		input: [{ json: { schema: SCHEMA } }],
		method: 'POST',
		path: '/extractions/templates',
		body: { name: 'Invoices', workspace_id: 1, schema_json: SCHEMA },
		status: 201,
		reply: TEMPLATE,
		output: [{ id: TID }],
	},
	{
		name: 'update sends only the fields given',
		params: template({ operation: 'update', template: byId(TID), updateFields: { name: 'Invoices v2', schema: JSON.stringify(SCHEMA) } }),
		method: 'PUT',
		path: `/extractions/templates/${TID}`,
		body: { name: 'Invoices v2', schema_json: SCHEMA },
		reply: { ...TEMPLATE, name: 'Invoices v2' },
		output: [{ name: 'Invoices v2' }],
		ability: 'templates-write',
	},
	{
		name: 'delete',
		params: template({ operation: 'delete', template: byId(TID) }),
		method: 'DELETE',
		path: `/extractions/templates/${TID}`,
		status: 204,
		output: [{ deleted: true, template_id: TID }],
		ability: 'templates-write',
	},
	{
		name: 'duplicate with a new name',
		params: template({ operation: 'duplicate', template: byId(TID), name: 'Copy A' }),
		method: 'POST',
		path: `/extractions/templates/${TID}/duplicate`,
		body: { name: 'Copy A' },
		status: 201,
		reply: { ...TEMPLATE, id: '550e8400-e29b-41d4-a716-446655440001', name: 'Copy A' },
		output: [{ id: '550e8400-e29b-41d4-a716-446655440001', name: 'Copy A' }],
		ability: 'templates-write',
	},
	{
		name: 'duplicate without a name leaves the default to Raydocs',
		params: template({ operation: 'duplicate', template: byId(TID) }),
		method: 'POST',
		path: `/extractions/templates/${TID}/duplicate`,
		status: 201,
		reply: { ...TEMPLATE, name: 'Invoices (Copy)' },
		output: [{ name: 'Invoices (Copy)' }],
	},
];

describe.each(cases)('template: $name', (c) => {
	test('method, path, body, token and output', async () => {
		await runCase(c);
	});
	if (c.ability) {
		test(`403 names ${c.ability}`, async () => {
			await runForbidden(c);
		});
	}
});

describe('an invalid schema fails before sending, naming the item and field', () => {
	const create = (schema: unknown) => template({ operation: 'create', workspace: byId(1), name: 'T', schema });
	test.each([
		['not JSON', '{"config": {}, groups: }', 'Schema (JSON) is not valid JSON [item 0]', /JSON/],
		['an array', '[1, 2]', 'Schema (JSON) must be a JSON object [item 0]', /\{ … \}/],
		['no config', JSON.stringify({ groups: SCHEMA.groups }), 'Schema (JSON) is not a Raydocs template schema [item 0]', /"config" must be an object/],
		['no groups', JSON.stringify({ config: {} }), 'Schema (JSON) is not a Raydocs template schema [item 0]', /"groups" must be an object/],
		['empty groups', JSON.stringify({ config: {}, groups: {} }), 'Schema (JSON) is not a Raydocs template schema [item 0]', /has no group/],
		['a group without fields', JSON.stringify({ config: {}, groups: { a: { search_query: 'x' } } }), 'Schema (JSON) is not a Raydocs template schema [item 0]', /group "a" needs a "fields" object/],
	])('%s', async (_, schema, message, description) => {
		const result = await runRaydocs(create(schema));
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toMatch(description);
	});

	test('on update too', async () => {
		const result = await runRaydocs(template({ operation: 'update', template: byId(TID), updateFields: { schema: '{"config": {}}' } }));
		expect(result.error?.message).toBe('Schema (JSON) is not a Raydocs template schema [item 0]');
	});

	test('a malformed template ID', async () => {
		const result = await runRaydocs(template({ operation: 'delete', template: byId('550e8400') }));
		expect(result.error?.message).toBe('Template "550e8400" is not a valid ID [item 0]');
	});
});

test('422 from Raydocs lists its validation lines', async () => {
	const scope = authedApi()
		.post('/extractions/templates')
		.reply(422, { message: 'The given data was invalid.', errors: { 'schema_json.groups.invoice.fields.total.type': ['The selected type is invalid.'] } });
	const result = await runRaydocs(template({ operation: 'create', workspace: byId(1), name: 'T', schema: JSON.stringify(SCHEMA) }));
	expect(result.error?.message).toBe('Raydocs rejected the request: The given data was invalid. [item 0]');
	expect(result.error?.description).toContain('schema_json.groups.invoice.fields.total.type: The selected type is invalid.');
	scope.done();
});

test('Continue On Fail: an invalid schema fails its item, the next template is created', async () => {
	const scope = authedApi().post('/extractions/templates').reply(201, TEMPLATE);
	const result = await runRaydocs(
		template({ operation: 'create', workspace: byId(1), name: 'T', schema: '={{ $json.schema }}' }),
		[{ json: { schema: '{"config": {}}' } }, { json: { schema: JSON.stringify(SCHEMA) } }],
		{ continueOnFail: true },
	);
	expect(result.items.map((item) => item.json.error ?? item.json.id)).toEqual(['Schema (JSON) is not a Raydocs template schema [item 0]', TID]);
	scope.done();
});
