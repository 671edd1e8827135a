import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/paths';
import { toItems } from '../../../shared/router';
import { formatRun } from '../../results';
import { llamaJson } from '../../transport';
import { requireUuidParam, simplifyField } from '../common';

const show = { resource: ['run'], operation: ['getByJob'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
		description: 'The v1 job whose run to get',
	},
	simplifyField,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'jobId', 'Job', itemIndex);
	const run = await llamaJson<IDataObject>(this, {
		method: 'GET',
		path: apiPath`/api/v1/extraction/runs/by-job/${id}`,
		subject: `The run of job ${id}`,
		itemIndex,
		scoped: true,
	});
	return toItems(formatRun(run, this.getNodeParameter('simplify', itemIndex, true) as boolean));
}
