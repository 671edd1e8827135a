import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaRequest } from '../../transport';
import { agentId, agentLocator } from '../parameters';

const show = { resource: ['agent'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [agentLocator]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = agentId(this, itemIndex);
	await llamaRequest(this, {
		method: 'DELETE',
		path: apiPath`/api/v1/extraction/extraction-agents/${id}`,
		subject: `Agent ${id}`,
		itemIndex,
	});
	return outputItems({ deleted: true, agent_id: id });
}
