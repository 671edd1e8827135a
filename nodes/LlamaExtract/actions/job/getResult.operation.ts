import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { formatV1Result, getV1Result } from '../../jobs';
import { includeMetadataField, simplifyField } from '../parameters';
import { jobIdField, readFormat } from './jobParameters';
import { requireUuidParam } from '../../../shared/description/parameters';
import { optionsCollection } from '../../../shared/description/fields';

const show = { resource: ['job'], operation: ['getResult'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	jobIdField,
	optionsCollection([includeMetadataField, simplifyField]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'jobId', 'Job', itemIndex);
	const result = await getV1Result(this, id, itemIndex);
	return outputItems(formatV1Result(result, { id }, readFormat(this, itemIndex)));
}

export { v1Review as review } from '../../review';
