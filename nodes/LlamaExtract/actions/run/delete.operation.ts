import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaRequest } from '../../transport';
import { runIdField } from './runParameters';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['run'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [runIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'runId', 'Run', itemIndex);
	await llamaRequest(this, {
		method: 'DELETE',
		path: apiPath`/api/v1/extraction/runs/${id}`,
		subject: `Run ${id}`,
		itemIndex,
		scoped: true,
	});
	return outputItems({ deleted: true, run_id: id });
}
