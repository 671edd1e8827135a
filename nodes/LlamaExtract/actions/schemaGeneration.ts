import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { idFromValue } from '../../shared/description/validate';
import { llamaJson } from '../transport';
import { parseDataSchema } from './parameters';
import { fileIdField } from './file/fileById';
import { optionsCollection } from '../../shared/description/fields';
import { readCollection, readText } from '../../shared/description/parameters';

/** The file picker, optional; named `fileId` as when it was a plain string (saved values still read). */
const exampleFileField: INodeProperties = { ...fileIdField, displayName: 'Example File', required: false, description: 'An uploaded file to derive the schema from' };

/**
 * Schema generation, as v1 (agents) and v2 (configurations) both offer it: a prompt, an example
 * file or a schema to refine goes in, a drafted schema comes out, and nothing is saved.
 */
export function schemaGenerationFields(extraOptions: INodeProperties[] = []): INodeProperties[] {
	return [
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. Invoice number, date, vendor and line items with amounts',
			description: 'What to extract, in words. Give a prompt, a file ID or a schema to refine (at least one).',
		},
		optionsCollection([
			...extraOptions,
			exampleFileField,
			{ displayName: 'Schema to Refine', name: 'dataSchema', type: 'json', default: '{\n  "type": "object",\n  "properties": {}\n}' },
		]),
	];
}

/** The request body from the prompt and options; at least one of prompt, file or schema. */
export function schemaGenerationInput(ctx: IExecuteFunctions, itemIndex: number): { body: IDataObject; options: IDataObject } {
	const prompt = readText(ctx, 'prompt', itemIndex);
	const options = readCollection(ctx, 'options', itemIndex);
	const body: IDataObject = {};
	if (prompt) body.prompt = prompt;
	const exampleFile = idFromValue(ctx.getNode(), options.fileId, 'Example File', itemIndex);
	if (exampleFile) body.file_id = exampleFile;
	if (options.dataSchema !== undefined) body.data_schema = parseDataSchema(ctx, options.dataSchema, 'Schema to Refine', itemIndex);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(ctx.getNode(), `Nothing to generate a schema from`, {
			itemIndex,
			description: 'Enter a prompt, or add an example file ID or a schema to refine under Options.',
		});
	}
	return { body, options };
}

export async function generateSchema(ctx: IExecuteFunctions, path: string, body: IDataObject, itemIndex: number): Promise<IDataObject> {
	return await llamaJson<IDataObject>(ctx, {
		method: 'POST',
		path,
		body,
		// Generating returns a draft and stores nothing: safe to ask again.
		idempotent: true,
		what: 'generate a schema',
		itemIndex,
		scoped: true,
	});
}
