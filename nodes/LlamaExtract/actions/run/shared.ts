import type { INodeProperties } from 'n8n-workflow';

export const runIdField: INodeProperties = {
	displayName: 'Run ID',
	name: 'runId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
};

export const RUN_STATUSES = [
	{ name: 'Created', value: 'CREATED' },
	{ name: 'Error', value: 'ERROR' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Success', value: 'SUCCESS' },
];
