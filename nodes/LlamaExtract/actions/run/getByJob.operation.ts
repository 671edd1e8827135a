import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { formatRun } from '../../jobs';
import { llamaJson } from '../../transport';
import { simplifyField } from '../parameters';
import { jobIdField } from '../job/jobParameters';
import { readSimplify, requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['run'], operation: ['getByJob'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...jobIdField, description: 'The v1 job whose run to get' },
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
	return outputItems(formatRun(run, readSimplify(this, itemIndex)));
}
