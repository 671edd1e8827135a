import type { INodeProperties } from 'n8n-workflow';
import { listOrIdLocator } from '../../../shared/description/fields';


/** v1 run picker: the runs of every agent of the project (the API lists runs per agent). */
export const runIdField: INodeProperties = listOrIdLocator({
	displayName: 'Run',
	name: 'runId',
	searchListMethod: 'searchAgentRuns',
	placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
});

export const RUN_STATUSES = [
	{ name: 'Created', value: 'CREATED' },
	{ name: 'Error', value: 'ERROR' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Success', value: 'SUCCESS' },
];
