import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { llamaJson } from '../../transport';
import { dataSchemaField, parseDataSchema } from '../parameters';
import { checkV2Combination, readV2Options, v2ExtractionOptions } from '../v2Options';
import { formatConfiguration, type Configuration } from './configurationById';
import { requireName } from '../../../shared/description/parameters';
import { nameField } from '../../../shared/description/fields';

const show = { resource: ['configuration'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	nameField({
		placeholder: 'e.g. Invoices',
		description: 'Name of the configuration (1–255 characters). Saving again under the same name updates that configuration.',
	}),
	dataSchemaField,
	{
		displayName: 'Extraction Options',
		name: 'extractionOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: v2ExtractionOptions,
	},
]);

export function readName(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireName(ctx, itemIndex, 'Give the configuration a name of 1 to 255 characters.', 255);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = readName(this, itemIndex);
	const schema = parseDataSchema(this, this.getNodeParameter('dataSchema', itemIndex, ''), 'Data Schema', itemIndex);
	const parameters = { product_type: 'extract_v2', data_schema: schema, ...readV2Options(this, 'extractionOptions', itemIndex) };
	checkV2Combination(this, parameters, itemIndex);
	const created = await llamaJson<Configuration>(this, {
		method: 'POST',
		path: '/api/v1/beta/configurations',
		body: { name, parameters },
		what: `save configuration "${name}"`,
		itemIndex,
		scoped: true,
	});
	return outputItems(formatConfiguration(created));
}
