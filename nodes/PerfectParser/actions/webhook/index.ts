import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as sendTest from './sendTest.operation';
import * as update from './update.operation';

export { create, deleteWebhook, get, getAll, sendTest, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a webhook', description: 'Subscribe a URL to extraction events; the answer holds the signing secret, shown only once' },
			{ name: 'Delete', value: 'delete', action: 'Delete a webhook' },
			{ name: 'Get', value: 'get', action: 'Get a webhook', description: 'The subscription and its last 10 deliveries' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many webhooks' },
			{ name: 'Send Test', value: 'sendTest', action: 'Send a test event to a webhook', description: 'PerfectParser sends a synthetic job-completed event marked "test": true' },
			{ name: 'Update', value: 'update', action: 'Update a webhook', description: 'Change its URL or events, or pause it' },
		],
		default: 'getAll',
	},
	...create.description,
	...deleteWebhook.description,
	...get.description,
	...getAll.description,
	...sendTest.description,
	...update.description,
];
