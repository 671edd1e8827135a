import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { idParameter, readSimplify } from '../../../shared/description/parameters';
import { requireUuid } from '../../../shared/description/validate';
import { formatResult, getResult } from '../../sessionResults';
import { simplifyField } from '../parameters';
import { listOrIdLocator } from '../../../shared/description/fields';

const show = { resource: ['result'], operation: ['get'] };

/** Result picker: the runs of the session whose ID is typed in the search box. */
export const resultIdField: INodeProperties = listOrIdLocator({
	displayName: 'Result',
	name: 'resultId',
	searchListMethod: 'searchSessionResults',
	placeholder: 'e.g. 990e8400-e29b-41d4-a716-446655440000',
	listPlaceholder: 'Type or paste a session ID…',
	searchRequired: true,
	description: 'Raydocs lists results per session: type the session ID in the search box to pick one of its runs',
});

export const description: INodeProperties[] = updateDisplayOptions({ show }, [resultIdField, simplifyField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuid(this, idParameter(this, 'resultId', 'Result', itemIndex), 'Result', itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return outputItems(formatResult(await getResult(this, id, itemIndex), simplify));
}

export { runReview as review } from '../../review';
