import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { templateSchema } from '../../schema';
import { raydocsJson } from '../../transport';
import { workspaceId, workspaceLocator } from '../parameters';
import { readCollection, requireName } from '../../../shared/description/parameters';
import { nameField } from '../../../shared/description/fields';

const show = { resource: ['template'], operation: ['create'] };

export const schemaField: INodeProperties = {
	displayName: 'Schema (JSON)',
	name: 'schema',
	type: 'json',
	default: '{\n  "config": { "reasoning_enabled": false },\n  "groups": {\n    "invoice_details": {\n      "search_query": "invoice number, date, total amount",\n      "fields": {\n        "invoice_number": { "type": "string", "extraction_prompt": "Extract the invoice number" },\n        "total_amount": { "type": "number", "extraction_prompt": "Extract the total amount" }\n      }\n    }\n  }\n}',
	required: true,
	description: 'The extraction schema: "config", "groups" (each with "fields") and optional "definitions". See the Raydocs extraction-schema guide.',
};

export const contextualEmbeddingField: INodeProperties = {
	displayName: 'Contextual Embedding',
	name: 'contextualEmbedding',
	type: 'boolean',
	default: false,
	description: 'Whether parsing adds document context to each chunk\'s embedding (settings.parsing.contextual_embedding)',
};

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...workspaceLocator, description: 'The workspace the template belongs to' },
	nameField(),
	schemaField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [contextualEmbeddingField, { displayName: 'Description', name: 'description', type: 'string', default: '' }],
	},
]);

/** The workspace id as the API types it (integer), keeping any other form as given. */
export function workspaceIdValue(raw: string): number | string {
	return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const name = requireName(this, itemIndex, 'Give the template a name.');
	const schema = templateSchema(this, this.getNodeParameter('schema', itemIndex), itemIndex);
	const extra = readCollection(this, 'additionalFields', itemIndex);
	// The introduction's sample says `schema`, the template pages `schema_json`: the latter is the
	// documented field of the endpoint, so that is what we send.
	const body: IDataObject = { name, workspace_id: workspaceIdValue(workspace), schema_json: schema };
	if (typeof extra.description === 'string' && extra.description.trim()) body.description = extra.description.trim();
	if (typeof extra.contextualEmbedding === 'boolean') body.settings = { parsing: { contextual_embedding: extra.contextualEmbedding } };
	const template = await raydocsJson<Record<string, never>>(this, {
		method: 'POST',
		path: '/extractions/templates',
		body,
		subject: `Workspace ${workspace}`,
		what: 'create the template',
		itemIndex,
	});
	return outputItems(template);
}
