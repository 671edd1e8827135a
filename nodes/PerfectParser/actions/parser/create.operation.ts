import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { ppJson, unwrap } from '../../transport';
import { fieldsCollection, readFields, resultModeField } from './fields';
import { readCollection } from '../../../shared/description/parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['parser'], operation: ['create'] } }, [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Unique per account, at most 100 characters',
	},
	fieldsCollection,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [{ displayName: 'Description', name: 'description', type: 'string', default: '' }, resultModeField],
	},
]);

export function checkName(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const trimmed = name.trim();
	if (!trimmed || trimmed.length > 100) {
		throw new NodeOperationError(ctx.getNode(), `Parser name must be 1 to 100 characters`, {
			itemIndex,
			description: trimmed ? `"${trimmed.slice(0, 40)}…" has ${trimmed.length} characters.` : 'Enter a name.',
		});
	}
	return trimmed;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body: IDataObject = { name: checkName(this, String(this.getNodeParameter('name', itemIndex)), itemIndex) };
	const fields = readFields(this, this.getNodeParameter('fields', itemIndex, {}), itemIndex);
	if (fields.length) body.fields = fields;
	const extra = readCollection(this, 'additionalFields', itemIndex);
	if (extra.description) body.description = extra.description;
	if (extra.result_mode) body.result_mode = extra.result_mode;
	// A create is not repeated on an unknown outcome: a second parser with the same name gets 409.
	const response = await ppJson(this, { method: 'POST', path: '/parsers', body, itemIndex, what: `create parser "${body.name as string}"` });
	return outputItems(unwrap(response, 'parser'));
}
