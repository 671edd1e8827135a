import type { INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { EVENTS_LABEL, eventField } from '../../shared/triggers/triggerDescription';
import { flattenSwitch } from '../../shared/description/flatten';
import { agentLocator, configurationFilterLocator } from '../actions/parameters';
import { pollAgentRuns } from './agentRuns';
import { pollExtractJobs } from './extractJobs';

/** The fields of polling delivery: which jobs or runs, and how their items look. */
export const POLLING_PROPERTIES: INodeProperties[] = [
	eventField(
		[
			{ name: 'Extraction Job Completed', value: 'extractJobCompleted', description: 'An extraction job of the current API (v2) reached a chosen status' },
			{ name: 'Run Completed', value: 'runCompleted', description: 'A run of a v1 extraction agent finished' },
		],
		'extractJobCompleted',
		EVENTS_LABEL,
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
];

/** One poll of the chosen feed: v2 extraction jobs, or v1 agent runs. */
export async function pollJobsOrRuns(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event') as string;
	return event === 'runCompleted' ? await pollAgentRuns(this) : await pollExtractJobs(this);
}
