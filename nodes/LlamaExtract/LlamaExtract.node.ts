import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as agent from './actions/agent';
import * as extract from './actions/extract';
import * as file from './actions/file';
import * as job from './actions/job';
import { router } from './actions/router';
import * as run from './actions/run';
import { searchAgents, searchConfigurations } from './methods/listSearch';

export class LlamaExtract implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LlamaExtract',
		name: 'llamaExtract',
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from documents with LlamaCloud LlamaExtract',
		defaults: { name: 'LlamaExtract' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'llamaCloudExtractApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent (V1)', value: 'agent', description: 'Reusable schema and settings for v1 jobs' },
					{ name: 'Extract', value: 'extract', description: 'Extraction jobs of the current API (v2)' },
					{ name: 'File', value: 'file', description: 'Files uploaded to LlamaCloud' },
					{ name: 'Job (V1)', value: 'job', description: 'Extraction jobs run by an agent' },
					{ name: 'Run (V1)', value: 'run', description: 'Stored outcomes of v1 jobs' },
				],
				default: 'extract',
			},
			...agent.description,
			...extract.description,
			...file.description,
			...job.description,
			...run.description,
		],
	};

	methods = {
		listSearch: { searchAgents, searchConfigurations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
