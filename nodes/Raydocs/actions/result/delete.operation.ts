import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { resultIdField } from './get.operation';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['result'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [resultIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'resultId', 'Result', itemIndex);
	await raydocsRequest(this, { method: 'DELETE', path: apiPath`/extractions/results/${id}`, subject: `Result ${id}`, itemIndex });
	return [{ json: { deleted: true, result_id: id } }];
}
