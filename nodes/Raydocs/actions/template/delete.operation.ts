import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { templateId, templateLocator } from '../parameters';

const show = { resource: ['template'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...templateLocator, description: 'The template to delete, with every session, document and result of it' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = templateId(this, itemIndex);
	await raydocsRequest(this, { method: 'DELETE', path: apiPath`/extractions/templates/${id}`, subject: `Template ${id}`, itemIndex });
	return [{ json: { deleted: true, template_id: id } }];
}
