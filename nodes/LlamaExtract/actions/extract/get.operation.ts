import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { formatV2Job, getV2Job } from '../../jobs';
import { formatOptions, jobIdField, outputOptions, v2JobId } from './jobParameters';

const show = { resource: ['extract'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [jobIdField, outputOptions]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = v2JobId(this, itemIndex);
	const format = formatOptions(this, itemIndex);
	return outputItems(formatV2Job(await getV2Job(this, id, itemIndex, format), format));
}

export { v2Review as review } from '../../review';
