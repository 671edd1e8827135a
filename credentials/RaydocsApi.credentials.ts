import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlExpression } from '../nodes/shared/transport/baseUrl';

export class RaydocsApi implements ICredentialType {
	name = 'raydocsApi';

	displayName = 'Raydocs API';

	icon: Icon = { light: 'file:../icons/raydocs.svg', dark: 'file:../icons/raydocs.dark.svg' };

	documentationUrl = 'https://docs.raydocs.com/api-reference/api-keys';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create a token in Raydocs: profile icon → Settings → Access Tokens → Create new token. Tick the abilities of what you will do: workspaces-read (always), templates-read, sessions-read and sessions-write to extract; documents-read/-write for workspace documents; workflows-read and workflow-runs-output-read for the trigger and workflow runs; workspaces-write, workspace-users-read/-write, templates-write to manage them. The token is shown once.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Personal access token from Raydocs: Settings → Access Tokens. Give it the abilities the operations you use need (e.g. workspaces-read, templates-read, sessions-read, sessions-write).',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.raydocs.com',
			description: 'Change only for a private Raydocs deployment or a local sandbox',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// The base URL is the one the nodes use (shared/baseUrl), or a reserved .invalid address naming
	// the problem when the nodes would refuse it. GET /workspaces needs only workspaces-read, the ability every useful token has.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{${baseUrlExpression('$credentials.baseUrl', 'https://api.raydocs.com')}}}`,
			// Answered, a redirect fails the test: the token is not sent on to another address.
			disableFollowRedirect: true,
			url: '/workspaces',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Raydocs refused the token (401): it is wrong, revoked or incomplete. Create a new one under Settings → Access Tokens and paste it whole.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The token works but lacks the workspaces-read ability (403). Create a token with workspaces-read and the abilities of the operations you use.',
				},
			},
		],
	};
}
