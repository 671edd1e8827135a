import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { cancelV2JobRequest, formatV2Job, type V2Job } from '../../jobs';
import { llamaJson } from '../../transport';
import { simplifyField } from '../parameters';
import { jobIdField, v2JobId } from './jobParameters';
import { readSimplify } from '../../../shared/description/parameters';

const show = { resource: ['extract'], operation: ['cancel'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [jobIdField, simplifyField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = v2JobId(this, itemIndex);
	const job = await llamaJson<V2Job>(this, cancelV2JobRequest(id, itemIndex));
	const simplify = readSimplify(this, itemIndex);
	return outputItems(formatV2Job(job, { simplify, metadata: false }));
}
