import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { templateSchema } from '../../schema';
import { raydocsJson } from '../../transport';
import { templateId, templateLocator } from '../parameters';
import { contextualEmbeddingField, schemaField } from './create.operation';
import { updateFieldsCollection } from '../../../shared/description/fields';
import { readCollection, requireChanges } from '../../../shared/description/parameters';

const show = { resource: ['template'], operation: ['update'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	updateFieldsCollection([
		contextualEmbeddingField,
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		{ ...schemaField, required: false },
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = templateId(this, itemIndex);
	const fields = readCollection(this, 'updateFields', itemIndex);
	const body: IDataObject = {};
	if (typeof fields.name === 'string' && fields.name.trim()) body.name = fields.name.trim();
	if (typeof fields.description === 'string') body.description = fields.description;
	if (fields.schema !== undefined && fields.schema !== '') body.schema_json = templateSchema(this, fields.schema, itemIndex);
	if (typeof fields.contextualEmbedding === 'boolean') body.settings = { parsing: { contextual_embedding: fields.contextualEmbedding } };
	requireChanges(this, body, itemIndex);
	const template = await raydocsJson<Record<string, never>>(this, {
		method: 'PUT',
		path: apiPath`/extractions/templates/${id}`,
		body,
		subject: `Template ${id}`,
		itemIndex,
	});
	return outputItems(template);
}
