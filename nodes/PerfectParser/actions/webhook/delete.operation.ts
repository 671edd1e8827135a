import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { ppRequest } from '../../transport';
import { requireId, webhookIdField } from '../parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['delete'] } }, [webhookIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireId(this, 'webhookId', 'Webhook ID', itemIndex);
	await ppRequest(this, { method: 'DELETE', path: apiPath`/webhooks/${id}`, subject: `Webhook ${id}`, itemIndex });
	return [{ json: { deleted: true, webhook_id: id } }];
}
