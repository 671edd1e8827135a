import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { ppJson } from '../../transport';
import { requireId, webhookIdField } from '../parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['sendTest'] } }, [webhookIdField]);

/** The response body is undocumented: whatever comes back is returned with the ID. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireId(this, 'webhookId', 'Webhook ID', itemIndex);
	// Each call creates a delivery (and a log entry): when the answer is lost (5xx, reset) it is
	// not sent again, or the endpoint could receive the test twice. 429 is still retried.
	const body = await ppJson<IDataObject | undefined>(this, {
		method: 'POST',
		path: apiPath`/webhooks/${id}/test`,
		idempotent: false,
		subject: `Webhook ${id}`,
		itemIndex,
	});
	const json: IDataObject = { webhook_id: id, sent: true, ...(body && typeof body === 'object' ? body : {}) };
	return [{ json }];
}
