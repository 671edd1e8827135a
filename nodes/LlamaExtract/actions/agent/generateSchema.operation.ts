import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { generateSchema, schemaGenerationFields, schemaGenerationInput } from '../schemaGeneration';

const show = { resource: ['agent'], operation: ['generateSchema'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, schemaGenerationFields());

/** Drafts a schema on the v1 path; the answer is {data_schema}. Nothing is saved. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { body } = schemaGenerationInput(this, itemIndex);
	const generated = await generateSchema(this, '/api/v1/extraction/extraction-agents/schema/generate', body, itemIndex);
	return outputItems({ data_schema: (generated.data_schema as IDataObject) ?? generated });
}
