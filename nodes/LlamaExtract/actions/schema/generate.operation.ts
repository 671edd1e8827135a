import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { idFromValue } from '../../../shared/validate';
import { llamaJson } from '../../transport';
import { parseDataSchema } from '../common';
import { fileIdField } from '../file/fileById';

const show = { resource: ['schema'], operation: ['generate'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Invoice number, date, vendor and line items with amounts',
		description: 'What to extract, in words. Give a prompt, a file ID or a schema to refine (at least one).',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Configuration Name', name: 'name', type: 'string', default: '', description: 'Name for the configuration LlamaCloud drafts' },
			{ ...fileIdField, displayName: 'Example File', required: false, description: 'An uploaded file to derive the schema from' },
			{ displayName: 'Schema to Refine', name: 'dataSchema', type: 'json', default: '{\n  "type": "object",\n  "properties": {}\n}' },
		],
	},
]);

/**
 * Drafts a schema (POST /api/v2/extract/schema/generate). The answer is a configuration-create
 * request, {name, parameters: {product_type, data_schema, …}}; nothing is saved.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const prompt = String(this.getNodeParameter('prompt', itemIndex, '')).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (prompt) body.prompt = prompt;
	const exampleFile = idFromValue(this.getNode(), options.fileId, 'Example File', itemIndex);
	if (exampleFile) body.file_id = exampleFile;
	if (options.dataSchema !== undefined) body.data_schema = parseDataSchema(this, options.dataSchema, 'Schema to Refine', itemIndex);
	const hasInput = Object.keys(body).length > 0;
	if (String(options.name ?? '').trim()) body.name = String(options.name).trim();
	if (!hasInput) {
		throw new NodeOperationError(this.getNode(), `Nothing to generate a schema from [item ${itemIndex}]`, {
			itemIndex,
			description: 'Enter a prompt, or add an example file ID or a schema to refine under Options.',
		});
	}
	const generated = await llamaJson<IDataObject>(this, {
		method: 'POST',
		path: '/api/v2/extract/schema/generate',
		body,
		// Generating returns a draft and stores nothing: safe to ask again.
		idempotent: true,
		what: 'generate a schema',
		itemIndex,
		scoped: true,
	});
	const parameters = (generated.parameters as IDataObject | undefined) ?? {};
	return toItems({ name: generated.name ?? null, data_schema: (parameters.data_schema as IDataObject) ?? null, parameters });
}
