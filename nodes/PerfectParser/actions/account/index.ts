import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getCredits from './getCredits.operation';

export { get, getCredits };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get the account', description: 'Who the API key belongs to, its expiry and the credit balance' },
			{ name: 'Get Credits', value: 'getCredits', action: 'Get the credit balance', description: 'Credits available and the active credit packs' },
		],
		default: 'get',
	},
	...get.description,
	...getCredits.description,
];
