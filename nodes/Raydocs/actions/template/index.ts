import { resource } from '../../../shared/description/operationMap';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as duplicate from './duplicate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const template = resource(
	'template',
	{
		create: [create, { name: 'Create', action: 'Create a template', description: 'Create a template from a JSON extraction schema' }],
		delete: [del, { name: 'Delete', action: 'Delete a template', description: 'Delete a template with its sessions and results' }],
		duplicate: [duplicate, { name: 'Duplicate', action: 'Duplicate a template', description: 'Copy a template with its schema and settings' }],
		get: [get, { name: 'Get', action: 'Get a template', description: 'Get a template with its schema' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many templates', description: 'List the templates of a workspace' }],
		update: [update, { name: 'Update', action: 'Update a template', description: 'Change a template\'s name, description, schema or settings' }],
	},
	'getAll',
);
