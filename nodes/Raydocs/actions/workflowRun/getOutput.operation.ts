import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { idParameter } from '../../../shared/description/parameters';
import { requireUuid } from '../../../shared/description/validate';
import { raydocsJson } from '../../transport';
import { workspaceLocator } from '../parameters';
import { runIdField, runIds, workflowIdField } from './fields';

const show = { resource: ['workflowRun'], operation: ['getOutput'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, workflowIdField, runIdField]);

/** The output is any JSON the workflow defines: an object is the item, anything else goes under `output`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { workspace, workflow } = runIds(this, itemIndex);
	const run = requireUuid(this, idParameter(this, 'runId', 'Run', itemIndex), 'Run', itemIndex);
	const output = await raydocsJson<unknown>(this, { method: 'GET', path: apiPath`/workspaces/${workspace}/workflows/${workflow}/runs/${run}/output`, subject: `Run ${run}`, itemIndex });
	const json: IDataObject =
		output !== null && typeof output === 'object' && !Array.isArray(output) ? { ...(output as IDataObject) } : { output: output as IDataObject };
	return [{ json: { run_id: run, ...json } }];
}
