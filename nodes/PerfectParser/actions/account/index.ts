import { resource } from '../../../shared/description/operationMap';

import * as get from './get.operation';
import * as getCredits from './getCredits.operation';

export const account = resource(
	'account',
	{
		get: [get, { name: 'Get', action: 'Get the account', description: 'Who the API key belongs to, its expiry and the credit balance' }],
		getCredits: [getCredits, { name: 'Get Credits', action: 'Get the credit balance', description: 'Credits available and the active credit packs' }],
	},
	'get',
);
