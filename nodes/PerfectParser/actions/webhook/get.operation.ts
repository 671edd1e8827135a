import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { ppJson, unwrap } from '../../transport';
import { requireId, webhookIdField } from '../parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['get'] } }, [webhookIdField]);

/** The subscription with its last 10 delivery attempts. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireId(this, 'webhookId', 'Webhook ID', itemIndex);
	return outputItems(unwrap(await ppJson(this, { method: 'GET', path: apiPath`/webhooks/${id}`, subject: `Webhook ${id}`, itemIndex }), 'webhook'));
}
