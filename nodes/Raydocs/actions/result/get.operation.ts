import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { idParameter, requireUuid } from '../../../shared/validate';
import { formatResult, getResult } from '../../results';
import { simplifyField } from '../common';

const show = { resource: ['result'], operation: ['get'] };

export const resultIdField: INodeProperties = {
	displayName: 'Result ID',
	name: 'resultId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 990e8400-e29b-41d4-a716-446655440000',
};

export const description: INodeProperties[] = updateDisplayOptions({ show }, [resultIdField, simplifyField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuid(this, idParameter(this, 'resultId', 'Result', itemIndex), 'Result', itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return toItems(formatResult(await getResult(this, id, itemIndex), simplify));
}

export { runReview as review } from '../../review';
