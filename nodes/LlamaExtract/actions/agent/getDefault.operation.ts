import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { llamaJson } from '../../transport';
import { formatAgent } from './formatAgent';

const show = { resource: ['agent'], operation: ['getDefault'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName: "LlamaCloud creates the project's default agent on first use (empty schema, default settings)",
		name: 'defaultNotice',
		type: 'notice',
		default: '',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const agent = await llamaJson<IDataObject>(this, {
		method: 'GET',
		path: '/api/v1/extraction/extraction-agents/default',
		itemIndex,
		scoped: true,
	});
	return outputItems(formatAgent(agent));
}
