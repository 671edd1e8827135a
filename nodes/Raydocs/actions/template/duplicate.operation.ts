import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { templateId, templateLocator } from '../parameters';
import { readText } from '../../../shared/description/parameters';

const show = { resource: ['template'], operation: ['duplicate'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	{
		displayName: 'New Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Name of the copy; Raydocs uses the original name plus " (Copy)" when left empty',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = templateId(this, itemIndex);
	const name = readText(this, 'name', itemIndex);
	const copy = await raydocsJson<Record<string, never>>(this, {
		method: 'POST',
		path: apiPath`/extractions/templates/${id}/duplicate`,
		// No body at all without a name: Raydocs then names the copy itself.
		...(name ? { body: { name } } : {}),
		subject: `Template ${id}`,
		what: 'duplicate the template',
		itemIndex,
	});
	return outputItems(copy);
}
