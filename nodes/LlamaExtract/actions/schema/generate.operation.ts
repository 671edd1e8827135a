import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { generateSchema, schemaGenerationFields, schemaGenerationInput } from '../schemaGeneration';

const show = { resource: ['schema'], operation: ['generate'] };

export const description: INodeProperties[] = updateDisplayOptions(
	{ show },
	schemaGenerationFields([
		{ displayName: 'Configuration Name', name: 'name', type: 'string', default: '', description: 'Name for the configuration LlamaCloud drafts' },
	]),
);

/**
 * Drafts a schema (POST /api/v2/extract/schema/generate). The answer is a configuration-create
 * request, {name, parameters: {product_type, data_schema, …}}; nothing is saved.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { body, options } = schemaGenerationInput(this, itemIndex);
	if (String(options.name ?? '').trim()) body.name = String(options.name).trim();
	const generated = await generateSchema(this, '/api/v2/extract/schema/generate', body, itemIndex);
	const parameters = (generated.parameters as IDataObject | undefined) ?? {};
	return outputItems({ name: generated.name ?? null, data_schema: (parameters.data_schema as IDataObject) ?? null, parameters });
}
