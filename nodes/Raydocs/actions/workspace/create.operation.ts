import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { readText, requireName } from '../../../shared/description/parameters';
import { nameField } from '../../../shared/description/fields';

const show = { resource: ['workspace'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	nameField(),
	{
		displayName: 'Icon',
		name: 'icon',
		type: 'string',
		default: '',
		placeholder: 'e.g. 🚀',
		description: 'An emoji shown next to the workspace name',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = requireName(this, itemIndex, 'Give the new workspace a name.');
	const icon = readText(this, 'icon', itemIndex);
	const workspace = await raydocsJson<Record<string, never>>(this, {
		method: 'POST',
		path: '/workspaces/create',
		body: { name, ...(icon ? { icon } : {}) },
		what: 'create the workspace',
		itemIndex,
	});
	return outputItems(workspace);
}
