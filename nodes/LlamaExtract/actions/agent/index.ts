import { resource } from '../../../shared/description/operationMap';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as generateSchema from './generateSchema.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDefault from './getDefault.operation';
import * as update from './update.operation';
import * as validateSchema from './validateSchema.operation';

export const agent = resource(
	'agent',
	{
		create: [create, { name: 'Create', action: 'Create an agent', description: 'Create an extraction agent (v1) with a schema and settings' }],
		delete: [del, { name: 'Delete', action: 'Delete an agent', description: 'Delete an extraction agent' }],
		generateSchema: [generateSchema, { name: 'Generate Schema', action: 'Generate a schema', description: 'Let LlamaCloud draft a JSON Schema from a prompt or an example file' }],
		get: [get, { name: 'Get', action: 'Get an agent', description: 'Get one extraction agent' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many agents', description: 'List the extraction agents of the project' }],
		getDefault: [getDefault, { name: 'Get Default', action: 'Get the default agent', description: 'Get the project\'s default extraction agent' }],
		update: [update, { name: 'Update', action: 'Update an agent', description: 'Change an agent\'s schema or settings' }],
		validateSchema: [validateSchema, { name: 'Validate Schema', action: 'Validate a schema', description: 'Check a JSON Schema against LlamaExtract\'s rules' }],
	},
	'create',
);
