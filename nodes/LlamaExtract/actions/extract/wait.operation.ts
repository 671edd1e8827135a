import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { waitForV2Job } from '../../results';
import { waitPolicy } from '../common';
import { formatOptions, jobIdField, v2JobId, waitOutputOptions } from './shared';

const show = { resource: ['extract'], operation: ['wait'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [jobIdField, waitOutputOptions]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = v2JobId(this, itemIndex);
	const format = formatOptions(this, itemIndex);
	const policy = waitPolicy(this, itemIndex);
	return toItems(await waitForV2Job(this, id, itemIndex, { ...format, policy }));
}
