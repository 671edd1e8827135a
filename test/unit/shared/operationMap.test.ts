/**
 * A resource's operations are listed once: the router map, the Operation dropdown and the fields
 * come from that list, and the types refuse a default, a Flatten entry or a Resource dropdown that
 * names something the list does not have (checked by tsc, which type-checks this file).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationMap, resource, resourceSelector, type OperationNames, type OperationsOf } from '../../../nodes/shared/description/operationMap';
import { operations as raydocsOperations } from '../../../nodes/Raydocs/actions/router';
import { resources as raydocsResources } from '../../../nodes/Raydocs/actions/resources';
import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';

function operation(field: string) {
	return { description: [{ displayName: field, name: field, type: 'string', default: '' }] as INodeProperties[], execute: async function (this: IExecuteFunctions) { return []; } };
}

const thing = resource(
	'thing',
	{
		zap: [operation('zapField'), { name: 'Zap', action: 'Zap a thing' }],
		get: [operation('getField'), { name: 'Get', action: 'Get a thing', description: 'One thing' }],
	},
	'get',
);

test('the dropdown lists every operation by name, the fields follow the list, the router gets each implementation', () => {
	const [dropdown, ...fields] = thing.description;
	expect(dropdown.options).toEqual([
		{ name: 'Get', value: 'get', action: 'Get a thing', description: 'One thing' },
		{ name: 'Zap', value: 'zap', action: 'Zap a thing' },
	]);
	expect(dropdown.default).toBe('get');
	expect(fields.map((field) => field.name)).toEqual(['zapField', 'getField']);
	expect(Object.keys(operationMap({ thing }).thing)).toEqual(['zap', 'get']);
});

test('the types refuse names the list does not have', () => {
	// @ts-expect-error 'delete' is not an operation of this resource
	resource('thing', { get: [operation('a'), { name: 'Get', action: 'Get' }] }, 'delete');
	type Names = OperationNames<{ thing: typeof thing }>;
	// @ts-expect-error 'wait' is not an operation of thing
	const flatten: OperationsOf<Names> = { thing: ['get', 'wait'] };
	// @ts-expect-error the dropdown lacks 'other'
	resourceSelector<'thing' | 'other'>({ thing: { name: 'Thing' } }, 'thing');
	expect(flatten).toBeDefined();
});

test("Raydocs' router map and Operation dropdowns hold the same operations", () => {
	const dropdowns = new Raydocs().description.properties.filter((property) => property.name === 'operation');
	const offered = Object.fromEntries(dropdowns.map((property) => [property.displayOptions!.show!.resource![0], (property.options as Array<{ value: string }>).map((option) => option.value).sort()]));
	const routed = Object.fromEntries(Object.entries(raydocsOperations).map(([name, ops]) => [name, Object.keys(ops).sort()]));
	expect(Object.keys(raydocsResources).sort()).toEqual(Object.keys(routed).sort());
	expect(offered).toEqual(routed);
});
