import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { raydocsJson } from '../../transport';

const show = { resource: ['workspace'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
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
	const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
	const icon = String(this.getNodeParameter('icon', itemIndex, '')).trim();
	if (!name) {
		throw new NodeOperationError(this.getNode(), `Name is empty`, {
			itemIndex,
			description: 'Give the new workspace a name.',
		});
	}
	const workspace = await raydocsJson<Record<string, never>>(this, {
		method: 'POST',
		path: '/workspaces/create',
		body: { name, ...(icon ? { icon } : {}) },
		what: 'create the workspace',
		itemIndex,
	});
	return toItems(workspace);
}
