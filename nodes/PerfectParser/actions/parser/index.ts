import { resource } from '../../../shared/description/operationMap';

import * as create from './create.operation';
import * as detectFields from './detectFields.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const parser = resource(
	'parser',
	{
		create: [create, { name: 'Create', action: 'Create a parser', description: 'Create a parser with a name and its fields' }],
		detectFields: [detectFields, { name: 'Detect Fields', action: 'Detect fields from a sample file', toolAction: 'Detect fields from a sample file the workflow passes in', description: 'Let the AI propose the fields from a sample file (1 credit per page)' }],
		get: [get, { name: 'Get', action: 'Get a parser' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many parsers' }],
		update: [update, { name: 'Update', action: 'Update a parser', description: 'Rename it, change its result mode or replace its fields' }],
	},
	'getAll',
);
