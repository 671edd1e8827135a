import { resource } from '../../../shared/description/operationMap';

import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as sendTest from './sendTest.operation';
import * as update from './update.operation';

export const webhook = resource(
	'webhook',
	{
		create: [create, { name: 'Create', action: 'Create a webhook', description: 'Subscribe a URL to extraction events; the answer holds the signing secret, shown only once' }],
		delete: [deleteWebhook, { name: 'Delete', action: 'Delete a webhook' }],
		get: [get, { name: 'Get', action: 'Get a webhook', description: 'The subscription and its last 10 deliveries' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many webhooks' }],
		sendTest: [sendTest, { name: 'Send Test', action: 'Send a test event to a webhook', description: 'PerfectParser sends a synthetic job-completed event marked "test": true' }],
		update: [update, { name: 'Update', action: 'Update a webhook', description: 'Change its URL or events, or pause it' }],
	},
	'getAll',
);
