import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { workspaceId } from '../parameters';
import { requireUuidParam } from '../../../shared/description/parameters';
import { listOrIdLocator } from '../../../shared/description/fields';

/** Raydocs has no endpoint that lists workflows, so a workflow is given by its UUID. */
export const workflowIdField: INodeProperties = {
	displayName: 'Workflow ID',
	name: 'workflowId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b',
	description:
		"Raydocs cannot list workflows, so paste the ID from the workflow's page in Raydocs (the UUID in its address), or map it from a Workflow Run Completed trigger item",
};

/** Run picker: the chosen workflow's runs, newest first. */
export const runIdField: INodeProperties = listOrIdLocator({
	displayName: 'Run',
	name: 'runId',
	searchListMethod: 'searchWorkflowRuns',
	placeholder: 'e.g. 7c9e6679-7425-40de-944b-e07fc1f90ae7',
});

/** The workspace and workflow of a runs path, both checked. */
export function runIds(ctx: IExecuteFunctions, itemIndex: number): { workspace: string; workflow: string } {
	return { workspace: workspaceId(ctx, itemIndex), workflow: requireUuidParam(ctx, 'workflowId', 'Workflow', itemIndex) };
}

/** `/workspaces/{ws}/workflows/{wf}/runs`, with both ids checked. */
export function runsPath(ctx: IExecuteFunctions, itemIndex: number): string {
	const { workspace, workflow } = runIds(ctx, itemIndex);
	return apiPath`/workspaces/${workspace}/workflows/${workflow}/runs`;
}
