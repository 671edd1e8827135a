import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listItems } from '../../shared/transport/paginate';
import { llamaJson } from '../transport';

/** Saved webhook configurations of the project (one plain array, newest first). */
export async function getWebhookConfigurations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const body = await llamaJson(this, { method: 'GET', path: '/api/v1/beta/webhook-configs', scoped: true });
	return listItems<IDataObject>(body, 'items').map((config) => {
		const events = Array.isArray(config.webhook_events) ? (config.webhook_events as string[]).join(', ') : 'all events';
		let host = String(config.webhook_url ?? '');
		try {
			host = new URL(host).host;
		} catch {
			// Not a URL: show it as stored.
		}
		return { name: `${host} (${events})`, value: String(config.id), description: String(config.id) };
	});
}
