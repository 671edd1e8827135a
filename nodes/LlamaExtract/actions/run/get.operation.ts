import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { objectAnswer } from '../../../shared/transport/answers';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { formatRun } from '../../jobs';
import { llamaJson } from '../../transport';
import { simplifyField } from '../parameters';
import { runIdField } from './runParameters';
import { readSimplify, requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['run'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [runIdField, simplifyField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'runId', 'Run', itemIndex);
	const answer = await llamaJson<unknown>(this, {
		method: 'GET',
		path: apiPath`/api/v1/extraction/runs/${id}`,
		subject: `Run ${id}`,
		itemIndex,
		scoped: true,
	});
	const run = objectAnswer<IDataObject>(this, answer, { service: 'LlamaCloud', subject: `run ${id}`, itemIndex });
	return outputItems(formatRun(run, readSimplify(this, itemIndex)));
}
