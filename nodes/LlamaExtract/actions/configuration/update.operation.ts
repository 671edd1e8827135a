import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaJson } from '../../transport';
import { configurationLocator, parseDataSchema } from '../parameters';
import { checkV2Combination, readV2Options, v2ExtractionOptions } from '../v2Options';
import { configurationId, formatConfiguration, getConfiguration, type Configuration } from './configurationById';
import { updateFieldsCollection } from '../../../shared/description/fields';
import { readCollection, requireChanges } from '../../../shared/description/parameters';

const show = { resource: ['configuration'], operation: ['update'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	configurationLocator,
	updateFieldsCollection([
		{
			displayName: 'Data Schema',
			name: 'dataSchema',
			type: 'json',
			default: '{\n  "type": "object",\n  "properties": {}\n}',
			description: 'The new JSON Schema; its root must be "type": "object"',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name (1–255 characters)' },
	]),
	{
		displayName: 'Extraction Options',
		name: 'extractionOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings to change; the others keep their saved values',
		options: v2ExtractionOptions,
	},
]);

/**
 * The API replaces `parameters` as a whole, so a change to the schema or a setting is merged
 * into the saved parameters (one GET) before the PUT; a name alone is sent by itself.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = configurationId(this, itemIndex);
	const fields = readCollection(this, 'updateFields', itemIndex);
	const options = readV2Options(this, 'extractionOptions', itemIndex);
	const body: IDataObject = {};
	if (fields.name !== undefined) {
		const name = String(fields.name).trim();
		if (!name || name.length > 255) {
			throw new NodeOperationError(this.getNode(), `Name must have 1 to 255 characters`, { itemIndex, description: 'Enter a new name or remove the Name field.' });
		}
		body.name = name;
	}
	const schema = fields.dataSchema !== undefined ? parseDataSchema(this, fields.dataSchema, 'Data Schema', itemIndex) : undefined;
	if (schema || Object.keys(options).length) {
		const saved = await getConfiguration(this, id, itemIndex);
		const parameters: IDataObject = { ...saved.parameters, product_type: saved.parameters?.product_type ?? 'extract_v2', ...options, ...(schema ? { data_schema: schema } : {}) };
		checkV2Combination(this, parameters, itemIndex);
		body.parameters = parameters;
	}
	requireChanges(this, body, itemIndex, 'Add a field under "Update Fields" or "Extraction Options".');
	const updated = await llamaJson<Configuration>(this, {
		method: 'PUT',
		path: apiPath`/api/v1/beta/configurations/${id}`,
		body,
		subject: `Configuration ${id}`,
		what: `update configuration ${id}`,
		// A PUT of the same fields leaves the same state.
		idempotent: true,
		itemIndex,
		scoped: true,
	});
	return outputItems(formatConfiguration(updated));
}
