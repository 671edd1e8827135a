import type { INodeProperties } from 'n8n-workflow';

import * as generate from './generate.operation';
import * as validate from './validate.operation';

export { generate, validate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['schema'] } },
		options: [
			{ name: 'Generate', value: 'generate', action: 'Generate a schema', description: 'Let LlamaCloud draft a JSON Schema from a prompt, an example file or a schema to refine' },
			{ name: 'Validate', value: 'validate', action: 'Validate a schema', description: "Check a JSON Schema against LlamaExtract's rules" },
		],
		default: 'validate',
	},
	...generate.description,
	...validate.description,
];
