import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { encode, ppJson } from '../../transport';
import { requireId, webhookIdField } from '../common';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['sendTest'] } }, [webhookIdField]);

/** The response body is undocumented (§7.3): whatever comes back is returned with the ID. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireId(this, 'webhookId', 'Webhook ID', itemIndex);
	// Sends a synthetic event and creates nothing: safe to repeat when the answer is lost.
	const body = await ppJson<IDataObject | undefined>(this, {
		method: 'POST',
		path: `/webhooks/${encode(id)}/test`,
		idempotent: true,
		subject: `Webhook ${id}`,
		itemIndex,
	});
	const json: IDataObject = { webhook_id: id, sent: true, ...(body && typeof body === 'object' ? body : {}) };
	return [{ json }];
}
