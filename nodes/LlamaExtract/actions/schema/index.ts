import { resource } from '../../../shared/description/operationMap';

import * as generate from './generate.operation';
import * as validate from './validate.operation';

export const schema = resource(
	'schema',
	{
		generate: [generate, { name: 'Generate', action: 'Generate a schema', description: 'Let LlamaCloud draft a JSON Schema from a prompt, an example file or a schema to refine' }],
		validate: [validate, { name: 'Validate', action: 'Validate a schema', description: 'Check a JSON Schema against LlamaExtract\'s rules' }],
	},
	'validate',
);
