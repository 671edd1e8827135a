import { type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';

import { eventField, noticeField, triggerDescription } from '../shared/triggers/triggerDescription';
import { flattenSwitch } from '../shared/description/flatten';
import { agentLocator, configurationFilterLocator } from './actions/parameters';
import { searchAgents, searchConfigurations } from './methods/listSearch';
import { pollAgentRuns } from './trigger/agentRuns';
import { pollExtractJobs } from './trigger/extractJobs';

export class LlamaExtractTrigger implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		subtitle: '={{$parameter["event"]}}',
		...triggerDescription({
			displayName: 'LlamaExtract Trigger',
			name: 'llamaExtractTrigger',
			credential: 'llamaCloudExtractApi',
			description:
				'Extract structured data from documents with LlamaCloud LlamaExtract, or start a workflow when an extraction job or agent run finishes',
			feed: 'polling',
			flattens: true,
			properties: [
				noticeField(
					'webhookNotice',
					'This trigger polls LlamaCloud. To be called by LlamaCloud instead (signed webhooks, over https), use the LlamaExtract Webhook Trigger.',
				),
				eventField(
					[
						{ name: 'Extraction Job Completed', value: 'extractJobCompleted', description: 'An extraction job of the current API (v2) reached a chosen status' },
						{ name: 'Run Completed', value: 'runCompleted', description: 'A run of a v1 extraction agent finished' },
					],
					'extractJobCompleted',
				),
				{
					displayName: 'Statuses',
					name: 'statuses',
					type: 'multiOptions',
					options: ['Cancelled', 'Completed', 'Failed'].map((name) => ({ name, value: name.toUpperCase() })),
					default: ['COMPLETED'],
					description: 'Fire for jobs that ended with these statuses',
					displayOptions: { show: { event: ['extractJobCompleted'] } },
				},
				{
					displayName: 'Longest Job (Hours)',
					name: 'overlapHours',
					type: 'number',
					typeOptions: { minValue: 0.1 },
					default: 6,
					description:
						'How long your longest extraction job may take. LlamaCloud lists jobs by creation time, so each poll looks back this far to catch jobs that finish late.',
					displayOptions: { show: { event: ['extractJobCompleted'] } },
				},
				{ ...configurationFilterLocator, displayOptions: { show: { event: ['extractJobCompleted'] } } },
				{ ...agentLocator, displayOptions: { show: { event: ['runCompleted'] } } },
				{
					displayName: 'Include Failed Runs',
					name: 'includeErrors',
					type: 'boolean',
					default: false,
					description: 'Whether to fire for runs that ended with ERROR as well as SUCCESS',
					displayOptions: { show: { event: ['runCompleted'] } },
				},
				{
					displayName: 'Simplify',
					name: 'simplify',
					type: 'boolean',
					default: true,
					description: 'Whether to return only the IDs, status and extracted data instead of the full API object',
				},
				flattenSwitch('data'),
			],
		}),
	};

	methods = {
		listSearch: { searchAgents, searchConfigurations },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		return event === 'runCompleted' ? await pollAgentRuns(this) : await pollExtractJobs(this);
	}
}
