import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlExpression } from '../nodes/shared/transport/baseUrl';

export class PerfectParserApi implements ICredentialType {
	name = 'perfectParserApi';

	displayName = 'PerfectParser API';

	icon: Icon = { light: 'file:../icons/perfectparser.svg', dark: 'file:../icons/perfectparser.dark.svg' };

	documentationUrl = 'https://perfectparser.com/docs/api/authentication';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create a key in the PerfectParser dashboard: Integrations → API Keys → Generate Key (keys start with pp_live_). It is shown once and can do everything the account can, so use one key per n8n instance.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'pp_live_…',
			description:
				'API key from PerfectParser: Integrations → API Keys → Generate Key. It is shown only once; every key has full access to the account.',
		},
		{
			displayName: 'Dashboard Webhook Signing Secret',
			name: 'dashboardSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for a webhook added in the PerfectParser dashboard (Integrations → Webhooks), which sends batch.completed, batch.failed and batch.partial: copy its signing secret from the webhook card, and set the webhook URL to the PerfectParser Trigger\'s production URL. Leave empty otherwise.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.perfectparser.com',
			description: 'Change only for a local sandbox. Paths (/v1/…) are added by the node.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-Key': '={{$credentials.apiKey}}',
			},
		},
	};

	// The base URL is the one the nodes use (shared/baseUrl), or a reserved .invalid address naming
	// the problem when the nodes would refuse it. GET /v1/me is the documented health check: 200 for a valid key, 401 otherwise.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{${baseUrlExpression('$credentials.baseUrl', 'https://api.perfectparser.com')}}}`,
			// Answered, a redirect fails the test: the token is not sent on to another address.
			disableFollowRedirect: true,
			url: '/v1/me',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'PerfectParser refused the key (401): it is wrong or revoked. Generate a new one under Integrations → API Keys and paste it whole.',
				},
			},
		],
	};
}
