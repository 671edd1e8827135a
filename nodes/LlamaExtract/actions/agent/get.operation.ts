import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaJson } from '../../transport';
import { agentId, agentLocator } from '../parameters';
import { formatAgent } from './formatAgent';

const show = { resource: ['agent'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [agentLocator]);

export async function getAgent(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<IDataObject> {
	return await llamaJson<IDataObject>(ctx, {
		method: 'GET',
		path: apiPath`/api/v1/extraction/extraction-agents/${id}`,
		subject: `Agent ${id}`,
		itemIndex,
	});
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return outputItems(formatAgent(await getAgent(this, agentId(this, itemIndex), itemIndex)));
}
