import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { resourceSelector, resources } from './actions/resources';
import { flattenDescription, router } from './actions/router';
import { actionNodeBasics } from '../shared/description/actionNodeDescription';
import { searchDocuments, searchInvites, searchMembers, searchRunFiles, searchSessionResults, searchTemplates, searchWorkflowRuns, searchWorkspaces } from './methods/listSearch';
import { reviewProperties } from '../shared/review/description';
import { toolVariant } from '../shared/description/toolVariant';

const properties: INodeProperties[] = [
	...resourceSelector,
	...Object.values(resources).flatMap((resource) => resource.description),
	...flattenDescription,
	...reviewProperties('batch', ['createSessions'], 'none', { autoExtract: [true], waitForCompletion: [true] }),
	...reviewProperties('result', ['run'], 'none', { waitForCompletion: [true] }),
	...reviewProperties('result', ['wait', 'get'], 'none'),
];

export class Raydocs implements INodeType {
	description: INodeTypeDescription = {
		...actionNodeBasics,
		displayName: 'Raydocs',
		name: 'raydocs',
		icon: { light: 'file:../../icons/raydocs.svg', dark: 'file:../../icons/raydocs.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from documents with Raydocs templates, and manage workspaces, documents and workflow runs',
		defaults: { name: 'Raydocs' },
		// The tool variant starts on a Get an agent can fill in, its ID from the model, without review routing.
		usableAsTool: toolVariant(properties, { resource: 'result', operation: 'get', fromAI: { name: 'resultId', description: 'The ID of the Raydocs extraction result (a UUID) to get' } }, resources),
		credentials: [{ name: 'raydocsApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchDocuments, searchInvites, searchMembers, searchRunFiles, searchSessionResults, searchTemplates, searchWorkflowRuns, searchWorkspaces },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
