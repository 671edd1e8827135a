import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { waitForV1Job } from '../../jobs';
import { includeMetadataField, simplifyField, waitFields, waitPolicy } from '../parameters';
import { jobIdField, readFormat } from './jobParameters';
import { requireUuidParam } from '../../../shared/description/parameters';
import { optionsCollection } from '../../../shared/description/fields';

const show = { resource: ['job'], operation: ['wait'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	jobIdField,
	optionsCollection([...waitFields, includeMetadataField, simplifyField]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'jobId', 'Job', itemIndex);
	const policy = waitPolicy(this, itemIndex);
	return outputItems(await waitForV1Job(this, id, itemIndex, { ...readFormat(this, itemIndex), policy }));
}

export { v1Review as review } from '../../review';
