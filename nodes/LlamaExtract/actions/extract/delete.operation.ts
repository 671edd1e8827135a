import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaRequest } from '../../transport';
import { jobIdField, v2JobId } from './jobParameters';

const show = { resource: ['extract'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		...jobIdField,
		description: 'ID of the extraction job to delete with its result. LlamaCloud deletes a finished job; one still pending or running only with Force.',
	},
	{
		displayName: 'Force',
		name: 'force',
		type: 'boolean',
		default: false,
		description:
			'Whether to delete the job even if it has not finished (pending or running, e.g. stuck). Off: LlamaCloud refuses a job that has not finished; cancel it first with Extract → Cancel.',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = v2JobId(this, itemIndex);
	const force = this.getNodeParameter('force', itemIndex, false) === true;
	await llamaRequest(this, {
		method: 'DELETE',
		path: apiPath`/api/v2/extract/${id}`,
		// A query flag, as LlamaCloud reads it: force=true.
		qs: force ? { force: true } : undefined,
		subject: `Extraction job ${id}`,
		what: `delete extraction job ${id}`,
		// Deleting twice leaves the same state: a lost answer may be asked again.
		idempotent: true,
		itemIndex,
		scoped: true,
	});
	return outputItems({ job_id: id, deleted: true });
}
