import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlExpression } from '../nodes/shared/transport/baseUrl';

/**
 * LlamaCloud API key for LlamaExtract. Named `llamaCloudExtractApi` so it never collides with the
 * official package's `llamaCloudApi` / `llamaParseApi` when both are installed.
 */
export class LlamaCloudApi implements ICredentialType {
	name = 'llamaCloudExtractApi';

	displayName = 'LlamaCloud Extract API';

	icon: Icon = { light: 'file:../icons/llamaextract.svg', dark: 'file:../icons/llamaextract.dark.svg' };

	documentationUrl = 'https://developers.llamaindex.ai/llamaparse/general/api_key/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create a key in LlamaCloud (cloud.llamaindex.ai, or cloud.eu.llamaindex.ai for the EU region): API Keys in the left menu → Generate New Key. A key works in the region and project it was made in and can use every LlamaCloud API of that project; it is shown once.',
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
			placeholder: 'llx-...',
			description: 'API key from LlamaCloud: API Keys in the left menu. Keys belong to one region and one project.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'North America (US)', value: 'us', description: 'https://api.cloud.llamaindex.ai' },
				{ name: 'Europe (EU)', value: 'eu', description: 'https://api.cloud.eu.llamaindex.ai' },
				{ name: 'Custom Base URL', value: 'custom', description: 'BYOC, self-hosted or a local sandbox' },
			],
			default: 'us',
			description: 'The region the API key was created in: a US key does not work against the EU API and vice versa',
		},
		{
			displayName: 'Custom Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://llamacloud.example.com',
			displayOptions: { show: { region: ['custom'] } },
			description: 'Base URL of the LlamaCloud API, without /api/...',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			description: "Optional. Sent as project_id where the API accepts it; empty means the key's own project.",
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			description: 'Optional. Sent as organization_id where the API accepts it.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GET /api/v1/projects is the cheapest call every valid key may make. An unknown region, or a
	// custom base URL the nodes would refuse (shared/transport/baseUrl), goes to a reserved .invalid host, so
	// the test fails instead of quietly checking the key against US or sending it elsewhere.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.region === "eu" ? "https://api.cloud.eu.llamaindex.ai" : ($credentials.region === "custom" ? ${baseUrlExpression('$credentials.baseUrl')} : (!$credentials.region || $credentials.region === "us" ? "https://api.cloud.llamaindex.ai" : "https://unknown-region.invalid"))}}`,
			// Answered, a redirect fails the test: the key is not sent on to another address.
			disableFollowRedirect: true,
			url: '/api/v1/projects',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'LlamaCloud refused the key (401). Check that Region is the one the key was created in (a US key fails against the EU API), or generate a new key under API Keys.',
				},
			},
		],
	};
}
