import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { templateId, templateLocator } from '../parameters';

const show = { resource: ['template'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [templateLocator]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = templateId(this, itemIndex);
	const template = await raydocsJson<Record<string, never>>(this, {
		method: 'GET',
		path: apiPath`/extractions/templates/${id}`,
		subject: `Template ${id}`,
		itemIndex,
	});
	return outputItems(template);
}
