import type { INodeParameters, INodeProperties, INodePropertyModeValidation } from 'n8n-workflow';

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
	/** The list mode's label, "From List" unless it says where the entries come from. */
	listName?: string;
	/** Checks the editor makes on a By ID value, e.g. a regex with its error message. */
	idValidation?: INodePropertyModeValidation[];
	/**
	 * The list needs a search term to list anything: the editor asks for one ("Enter a search term
	 * to show results") and calls the method only once something is typed.
	 */
	searchRequired?: boolean;
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
				displayName: field.listName ?? 'From List',
				name: 'list',
				type: 'list',
				...(field.listPlaceholder ? { placeholder: field.listPlaceholder } : {}),
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true, ...(field.searchRequired ? { searchFilterRequired: true } : {}) },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: field.placeholder, ...(field.idValidation ? { validation: field.idValidation } : {}) },
		],
	};
}

/** The Simplify switch (on by default); `kept` says what the simplified item holds instead of the full object. */
export function simplifyField(kept: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: `Whether to return only ${kept}`,
	};
}

/** The "Update Fields" collection of an Update operation: only the fields added are changed. */
export function updateFieldsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Update Fields', name: 'updateFields', type: 'collection', placeholder: 'Add Field', default: {}, options };
}

/** The "Filters" collection of a Get Many: narrows what the list returns. */
export function filtersCollection(options: INodeProperties[], defaults: INodeParameters = {}): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: { ...defaults }, options };
}

/** The "Options" collection: optional settings of an operation or trigger; `extra` adds what one has of its own (display options). */
export function optionsCollection(options: INodeProperties[], extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options, ...extra };
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

/** n8n's usual "Put Output File in Field": which binary property of the output item gets the file. */
export const outputBinaryField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};

/** The required Name of a thing being created or renamed (read with requireName). */
export function nameField(field: { placeholder?: string; description?: string } = {}): INodeProperties {
	return { displayName: 'Name', name: 'name', type: 'string', default: '', required: true, ...field };
}

/**
 * A choice that decides which fields follow: the options field (its first option is the
 * default), then each option's fields, shown only while that option is chosen. Where a file
 * comes from (the input binary field or something stored), what to wait for (a session or a
 * result) are such choices.
 */
export function choiceFields(choice: {
	displayName: string;
	name: string;
	options: Array<{ name: string; value: string; description: string; fields: INodeProperties[] }>;
}): INodeProperties[] {
	const first = choice.options[0].value;
	const chooser: INodeProperties = {
		displayName: choice.displayName,
		name: choice.name,
		type: 'options',
		options: choice.options.map((option) => ({ name: option.name, value: option.value, description: option.description })),
		default: first,
	};
	const shown = choice.options.flatMap((option) => option.fields.map((field) => ({ ...field, displayOptions: { show: { [choice.name]: [option.value] } } })));
	return [chooser, ...shown];
}

/**
 * "Skip Already Uploaded Files (Same Content)": before uploading an item's file, look for one the
 * service already holds with the same content (its SHA-256) and use that instead. Each service
 * says its own default and, in the description, how the look-up works and what it costs there.
 */
export function skipUploadedField(service: { default: boolean; description: string }): INodeProperties {
	const field: INodeProperties = {
		displayName: 'Skip Already Uploaded Files (Same Content)',
		name: 'skipUploaded',
		type: 'boolean',
		default: false,
		description: service.description,
	};
	return service.default ? { ...field, default: true } : field;
}
