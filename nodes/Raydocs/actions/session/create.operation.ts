import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { templateId, templateLocator } from '../parameters';

const show = { resource: ['session'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Session name; Raydocs names it after its first document when left empty',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const template = templateId(this, itemIndex);
	const name = (this.getNodeParameter('name', itemIndex, '') as string).trim();
	const session = await raydocsJson<Record<string, never>>(this, {
		method: 'POST',
		path: '/extractions/sessions',
		body: { extraction_template_id: template, ...(name ? { name } : {}) },
		subject: `Template ${template}`,
		what: 'create the session',
		itemIndex,
	});
	return outputItems(session);
}
