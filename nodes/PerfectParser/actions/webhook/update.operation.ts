import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { ppJson, unwrap } from '../../transport';
import { requireId, WEBHOOK_EVENTS, webhookIdField } from '../parameters';
import { checkEvents, checkUrl } from './create.operation';
import { updateFieldsCollection } from '../../../shared/description/fields';
import { readCollection, requireChanges } from '../../../shared/description/parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['update'] } }, [
	webhookIdField,
	updateFieldsCollection([
		{ displayName: 'Active', name: 'is_active', type: 'boolean', default: true, description: 'Whether deliveries are sent (off = paused)' },
		{ displayName: 'Events', name: 'events', type: 'multiOptions', options: WEBHOOK_EVENTS, default: [] },
		{ displayName: 'URL', name: 'url', type: 'string', default: '' },
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireId(this, 'webhookId', 'Webhook ID', itemIndex);
	const updates = readCollection(this, 'updateFields', itemIndex);
	const body: IDataObject = {};
	if (updates.url !== undefined) body.url = checkUrl(this, updates.url, itemIndex);
	if (updates.events !== undefined) body.events = checkEvents(this, updates.events, itemIndex);
	if (updates.is_active !== undefined) body.is_active = updates.is_active === true;
	requireChanges(this, body, itemIndex);
	const response = await ppJson(this, { method: 'PATCH', path: apiPath`/webhooks/${id}`, body, idempotent: true, subject: `Webhook ${id}`, itemIndex });
	return outputItems(unwrap(response, 'webhook'));
}
