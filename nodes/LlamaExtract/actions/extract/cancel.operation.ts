import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/paths';
import { outputItems } from '../../../shared/router';
import { formatV2Job, type V2Job } from '../../results';
import { llamaJson } from '../../transport';
import { simplifyField } from '../common';
import { jobIdField, v2JobId } from './shared';
import { readSimplify } from '../../../shared/parameters';

const show = { resource: ['extract'], operation: ['cancel'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [jobIdField, simplifyField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = v2JobId(this, itemIndex);
	const job = await llamaJson<V2Job>(this, {
		method: 'POST',
		path: apiPath`/api/v2/extract/${id}/cancel`,
		subject: `Extraction job ${id}`,
		what: `cancel extraction job ${id}`,
		// Cancelling twice has the same effect as once, so a lost answer may be asked again.
		idempotent: true,
		itemIndex,
		scoped: true,
	});
	const simplify = readSimplify(this, itemIndex);
	return outputItems(formatV2Job(job, { simplify, metadata: false }));
}
