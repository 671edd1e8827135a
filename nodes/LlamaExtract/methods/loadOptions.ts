import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { collectPages } from '../../shared/transport/paginate';
import { llamaJson } from '../transport';

/** The cursor-paged list of saved webhook configurations (newest first); the plain v1 list is deprecated. */
export const WEBHOOK_CONFIGS_LIST = '/api/v2/webhook-configs';

interface CursorBody {
	items?: IDataObject[];
	next_page_token?: string | null;
}

/** Every saved webhook configuration of the project, page by page through the shared page guard. */
async function listWebhookConfigurations(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return await collectPages<IDataObject, string>(
		'',
		async (pageToken) => {
			const body = await llamaJson<CursorBody>(ctx, {
				method: 'GET',
				path: WEBHOOK_CONFIGS_LIST,
				qs: { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
				scoped: true,
			});
			return { items: body.items ?? [], next: body.next_page_token || undefined };
		},
		undefined,
		{ ctx, service: 'LlamaCloud', path: WEBHOOK_CONFIGS_LIST, position: 'page cursor' },
	);
}

/** Saved webhook configurations of the project, labelled with their host and events. */
export async function getWebhookConfigurations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listWebhookConfigurations(this)).map((config) => {
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
