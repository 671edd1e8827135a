import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { ppJson, unwrap } from '../../transport';
import { parserId, parserLocator } from '../parameters';
import { checkName } from './create.operation';
import { fieldsCollection, readFields, resultModeField } from './fields';
import { updateFieldsCollection } from '../../../shared/description/fields';
import { readCollection, requireChanges } from '../../../shared/description/parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['parser'], operation: ['update'] } }, [
	parserLocator,
	updateFieldsCollection([
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Unique per account, at most 100 characters' },
		resultModeField,
		{ ...fieldsCollection, displayName: 'Fields (Replace All)' },
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = parserId(this, itemIndex);
	const updates = readCollection(this, 'updateFields', itemIndex);
	const body: IDataObject = {};
	if (updates.name !== undefined) body.name = checkName(this, String(updates.name), itemIndex);
	if (updates.description !== undefined) body.description = updates.description;
	if (updates.result_mode !== undefined) body.result_mode = updates.result_mode;
	if (updates.fields !== undefined) body.fields = readFields(this, updates.fields, itemIndex);
	requireChanges(this, body, itemIndex);
	// PATCH sets values; sending the same values again is harmless, so it may be retried.
	const response = await ppJson(this, {
		method: 'PATCH',
		path: apiPath`/parsers/${id}`,
		body,
		idempotent: true,
		subject: `Parser ${id}`,
		itemIndex,
	});
	return outputItems(unwrap(response, 'parser'));
}
