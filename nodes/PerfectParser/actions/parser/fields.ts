import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/** The parser's fields as a list (requests take an array; responses give a map). */
export const fieldsCollection: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Field',
	default: {},
	description: 'The fields to extract. On Update the list replaces every existing field.',
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'e.g. invoice_number' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Array', value: 'array' },
						{ name: 'Boolean', value: 'boolean' },
						{ name: 'Date', value: 'date' },
						{ name: 'Number', value: 'number' },
						{ name: 'Object', value: 'object' },
						{ name: 'String', value: 'string' },
					],
					default: 'string',
				},
				{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What the field holds; helps the AI find it' },
				{ displayName: 'Required', name: 'required', type: 'boolean', default: false, description: 'Whether the field must be present' },
			],
		},
	],
};

export const resultModeField: INodeProperties = {
	displayName: 'Result Mode',
	name: 'result_mode',
	type: 'options',
	options: [
		{ name: 'One per File', value: 'one_per_file' },
		{ name: 'One per Page', value: 'one_per_page' },
	],
	default: 'one_per_file',
	description: 'Whether to return one record per file or one per page (same credit cost)',
};

/** The fixedCollection as the API's array; names must be unique and non-empty. */
export function readFields(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): IDataObject[] {
	const rows = (((raw ?? {}) as IDataObject).field ?? []) as IDataObject[];
	const seen = new Set<string>();
	return rows.map((row, index) => {
		const name = String(row.name ?? '').trim();
		if (!name || seen.has(name)) {
			throw new NodeOperationError(
				ctx.getNode(),
				name ? `Field "${name}" is listed twice` : `Field ${index + 1} has no name`,
				{ itemIndex, description: 'Every field needs a unique name, e.g. invoice_number.' },
			);
		}
		seen.add(name);
		const field: IDataObject = { name, type: row.type ?? 'string' };
		if (row.description) field.description = row.description;
		if (row.required === true) field.required = true;
		return field;
	});
}
