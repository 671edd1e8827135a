import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { llamaJson } from '../../transport';
import { dataSchemaField, parseDataSchema, readV1Config, v1ConfigOptions } from '../parameters';
import { formatAgent } from './formatAgent';
import { requireName } from '../../../shared/description/parameters';
import { nameField } from '../../../shared/description/fields';

const show = { resource: ['agent'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	nameField({ placeholder: 'e.g. invoice_parser', description: 'Unique name of the agent in the project' }),
	dataSchemaField,
	{
		displayName: 'Configuration',
		name: 'config',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		options: v1ConfigOptions,
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = requireName(this, itemIndex, 'Give the agent a name of 1 to 3000 characters.', 3000);
	const dataSchema = parseDataSchema(this, this.getNodeParameter('dataSchema', itemIndex), 'Data Schema', itemIndex);
	const config = readV1Config(this, 'config', itemIndex);
	const agent = await llamaJson<IDataObject>(this, {
		method: 'POST',
		path: '/api/v1/extraction/extraction-agents',
		body: { name, data_schema: dataSchema, config },
		what: `create agent "${name}"`,
		itemIndex,
		scoped: true,
	});
	return outputItems(formatAgent(agent));
}
