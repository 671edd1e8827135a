import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { resourceSelector, resources } from './actions/resources';
import { flattenDescription, router } from './actions/router';
import { getWebhookConfigurations } from './methods/loadOptions';
import { searchAgentJobs, searchAgentRuns, searchAgents, searchConfigurations, searchExtractJobs, searchFiles } from './methods/listSearch';
import { actionNodeBasics } from '../shared/description/actionNodeDescription';
import { reviewProperties } from '../shared/review/description';
import { toolVariant } from '../shared/description/toolVariant';

const properties: INodeProperties[] = [
	...resourceSelector,
	...Object.values(resources).flatMap((resource) => resource.description),
	...flattenDescription,
	...reviewProperties('extract', ['create'], 'field', { waitForCompletion: [true] }),
	...reviewProperties('extract', ['wait', 'get'], 'field'),
	...reviewProperties('job', ['wait', 'getResult'], 'field'),
];

export class LlamaExtract implements INodeType {
	description: INodeTypeDescription = {
		...actionNodeBasics,
		displayName: 'LlamaExtract',
		name: 'llamaExtract',
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from documents with LlamaCloud LlamaExtract',
		defaults: { name: 'LlamaExtract' },
		// The tool variant starts on a Get an agent can fill in, its ID from the model, without review routing.
		usableAsTool: toolVariant(properties, { resource: 'extract', operation: 'get', fromAI: { name: 'jobId', description: 'The ID of the LlamaExtract extraction job to get' } }, resources),
		credentials: [{ name: 'llamaCloudExtractApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchAgentJobs, searchAgentRuns, searchAgents, searchConfigurations, searchExtractJobs, searchFiles },
		loadOptions: { getWebhookConfigurations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
