import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as agent from './actions/agent';
import * as configuration from './actions/configuration';
import * as extract from './actions/extract';
import * as file from './actions/file';
import * as job from './actions/job';
import { flattenDescription, router } from './actions/router';
import * as run from './actions/run';
import * as schema from './actions/schema';
import { getWebhookConfigurations } from './methods/loadOptions';
import { searchAgentJobs, searchAgentRuns, searchAgents, searchConfigurations, searchExtractJobs, searchFiles } from './methods/listSearch';
import { reviewOutputs, reviewProperties } from '../shared/reviewDescription';

export class LlamaExtract implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LlamaExtract',
		name: 'llamaExtract',
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		group: ['transform'],
		// Version 2: extracted fields come out flattened by default (the Flatten switch); nodes
		// saved at version 1 keep their nested output.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from documents with LlamaCloud LlamaExtract',
		defaults: { name: 'LlamaExtract' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: reviewOutputs,
		credentials: [{ name: 'llamaCloudExtractApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				// The current API (v2) first; the v1 resources keep their values, so saved workflows
				// still run, under names that say they are legacy.
				options: [
					{ name: 'Configuration', value: 'configuration', description: 'Saved schemas and settings for extraction jobs' },
					{ name: 'Extract', value: 'extract', description: 'Extraction jobs (start one here)' },
					{ name: 'File', value: 'file', description: 'Files uploaded to LlamaCloud' },
					{ name: 'Schema', value: 'schema', description: 'Validate or generate a JSON Schema for extraction' },
					{
						name: 'V1 (Legacy): Agent',
						value: 'agent',
						description: 'Extraction agents of the v1 API, which LlamaCloud has superseded by configurations',
					},
					{ name: 'V1 (Legacy): Job', value: 'job', description: 'Extraction jobs of the v1 API, run by an agent' },
					{ name: 'V1 (Legacy): Run', value: 'run', description: 'Stored outcomes of v1 jobs' },
				],
				default: 'extract',
			},
			...configuration.description,
			...extract.description,
			...file.description,
			...schema.description,
			...agent.description,
			...job.description,
			...run.description,
			...flattenDescription,
			...reviewProperties('extract', ['create'], 'field', { waitForCompletion: [true] }),
			...reviewProperties('extract', ['wait', 'get'], 'field'),
			...reviewProperties('job', ['wait', 'getResult'], 'field'),
		],
	};

	methods = {
		listSearch: { searchAgentJobs, searchAgentRuns, searchAgents, searchConfigurations, searchExtractJobs, searchFiles },
		loadOptions: { getWebhookConfigurations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
