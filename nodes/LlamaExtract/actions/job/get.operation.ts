import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { formatV1Job, getV1Job } from '../../jobs';
import { simplifyField } from '../parameters';
import { jobIdField } from './jobParameters';
import { readSimplify, requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['job'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [jobIdField, simplifyField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'jobId', 'Job', itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return outputItems(formatV1Job(await getV1Job(this, id, itemIndex), simplify));
}
