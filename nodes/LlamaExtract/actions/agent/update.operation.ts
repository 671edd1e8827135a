import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaJson } from '../../transport';
import { agentId, agentLocator, dataSchemaField, parseDataSchema, readV1Config, v1ConfigOptions } from '../parameters';
import { getAgent } from './get.operation';
import { formatAgent } from './formatAgent';

const show = { resource: ['agent'], operation: ['update'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	agentLocator,
	{
		displayName: 'Replace Data Schema',
		name: 'replaceSchema',
		type: 'boolean',
		default: false,
		description: 'Whether to give the agent a new JSON Schema; otherwise it keeps its current one',
	},
	{ ...dataSchemaField, displayOptions: { show: { replaceSchema: [true] } } },
	{
		displayName: 'Configuration Changes',
		name: 'config',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		description: 'Settings to change; the others keep their current values',
		options: v1ConfigOptions,
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = agentId(this, itemIndex);
	const schema = (this.getNodeParameter('replaceSchema', itemIndex, false) as boolean)
		? parseDataSchema(this, this.getNodeParameter('dataSchema', itemIndex), 'Data Schema', itemIndex)
		: undefined;
	const changed = readV1Config(this, 'config', itemIndex);
	// The API replaces schema and config together (both required, name not updatable): read the
	// agent first so fields the user did not touch keep their values.
	const current = await getAgent(this, id, itemIndex);
	const agent = await llamaJson<IDataObject>(this, {
		method: 'PUT',
		path: apiPath`/api/v1/extraction/extraction-agents/${id}`,
		body: {
			data_schema: schema ?? current.data_schema,
			config: { ...((current.config as IDataObject) ?? {}), ...changed },
		},
		subject: `Agent ${id}`,
		itemIndex,
	});
	return outputItems(formatAgent(agent));
}
