import type { INodeProperties } from 'n8n-workflow';

/** Return All + Limit, n8n's usual pair, shown for the given resource/operation. */
export function returnAllOrLimit(show: Record<string, string[]>, maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** n8n's usual "Input Binary Field": which binary property of the item holds the file. */
export function inputBinaryField(purpose: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: `The name of the input binary field containing the file to ${purpose}`,
	};
}

/**
 * One selector (Resource or Operation) with another default in the node's AI-tool variant.
 * n8n names the tool variant `<node>Tool` and resolves `@tool` in display options to whether the
 * node is that variant, so the regular node keeps its default and an agent's tool starts on an
 * operation it can fill in by itself (a Get, not an upload of a file only the workflow has).
 */
export function withToolDefault(property: INodeProperties, toolDefault: string): INodeProperties[] {
	const show = property.displayOptions?.show ?? {};
	return [
		{ ...property, displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [false] } } },
		{ ...property, default: toolDefault, displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [true] } } },
	];
}

/**
 * A resource locator with a searchable "From List" mode and "By ID". `name` stays the name the
 * field had as a plain string, so saved workflows (whose value is that string) keep working: the
 * readers accept a plain string or a locator.
 */
export function listOrIdLocator(field: {
	displayName: string;
	name: string;
	searchListMethod: string;
	placeholder: string;
	description?: string;
	required?: boolean;
	listPlaceholder?: string;
}): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: field.required ?? true,
		...(field.description ? { description: field.description } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				...(field.listPlaceholder ? { placeholder: field.listPlaceholder } : {}),
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: field.placeholder },
		],
	};
}
