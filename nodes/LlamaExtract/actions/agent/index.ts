import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as generateSchema from './generateSchema.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDefault from './getDefault.operation';
import * as update from './update.operation';
import * as validateSchema from './validateSchema.operation';

export { create, del as delete, generateSchema, get, getAll, getDefault, update, validateSchema };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create an agent', description: 'Create an extraction agent (v1) with a schema and settings' },
			{ name: 'Delete', value: 'delete', action: 'Delete an agent', description: 'Delete an extraction agent' },
			{ name: 'Generate Schema', value: 'generateSchema', action: 'Generate a schema', description: 'Let LlamaCloud draft a JSON Schema from a prompt or an example file' },
			{ name: 'Get', value: 'get', action: 'Get an agent', description: 'Get one extraction agent' },
			{ name: 'Get Default', value: 'getDefault', action: 'Get the default agent', description: "Get the project's default extraction agent" },
			{ name: 'Get Many', value: 'getAll', action: 'Get many agents', description: 'List the extraction agents of the project' },
			{ name: 'Update', value: 'update', action: 'Update an agent', description: "Change an agent's schema or settings" },
			{ name: 'Validate Schema', value: 'validateSchema', action: 'Validate a schema', description: 'Check a JSON Schema against LlamaExtract\'s rules' },
		],
		default: 'create',
	},
	...create.description,
	...del.description,
	...generateSchema.description,
	...get.description,
	...getAll.description,
	...getDefault.description,
	...update.description,
	...validateSchema.description,
];
