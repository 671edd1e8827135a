import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Where a service puts the extracted fields in an output item, and how they are nested. */
export interface FlattenSpec {
	/** Keys that hold the extracted data (`data`, `extracted_data`), the first present is used. */
	keys: string[];
	/** Fields grouped one level down (Raydocs: `data.<group>.<field>`). */
	grouped: boolean;
}

/** The version from which new nodes flatten by default; saved nodes keep the version they had. */
export const FLATTEN_SINCE_VERSION = 2;

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The item with each extracted field at its top level (`invoice_number`, `total`…), next to the
 * ids and status the item already has. A field whose name is taken (by `status`, an id, or the
 * same field in another group) keeps its place under a prefixed name: `data_status`,
 * `<group>_<field>`. An item without extracted data (a failed or pending one) is unchanged.
 */
export function flattenItem(json: IDataObject, spec: FlattenSpec): IDataObject {
	const key = spec.keys.find((name) => isObject(json[name]));
	if (!key) return json;
	const data = json[key] as IDataObject;
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(json)) if (name !== key) out[name] = value;
	const put = (name: string, value: unknown, prefix: string) => {
		const free = !(name in out) ? name : !(`${prefix}_${name}` in out) ? `${prefix}_${name}` : undefined;
		if (free !== undefined) out[free] = value as IDataObject[keyof IDataObject];
	};
	for (const [name, value] of Object.entries(data)) {
		if (spec.grouped && isObject(value)) {
			for (const [field, fieldValue] of Object.entries(value)) put(field, fieldValue, name);
		} else {
			put(name, value, key);
		}
	}
	return out;
}

/**
 * The "Flatten" switch: shown from FLATTEN_SINCE_VERSION on (on by default), and only where `show`
 * says (the operations or trigger events whose items carry extracted data). A node saved at an
 * earlier version neither shows it nor reads it, and keeps its nested output. `where` names the
 * nesting it removes, `at` where the fields go instead.
 */
export function flattenSwitch(where: string, show: IDisplayOptions['show'] = {}, at = 'the top level of the item'): INodeProperties {
	return {
		displayName: 'Flatten',
		name: 'flatten',
		type: 'boolean',
		default: true,
		description: `Whether to put each extracted field at ${at} (invoice_number, total…) next to the IDs and status, instead of nested under ${where}, so it maps straight into Sheets, Airtable or a database`,
		displayOptions: { show: { '@version': [{ _cnd: { gte: FLATTEN_SINCE_VERSION } }], ...show } },
	};
}

/** The action node's Flatten switches, one per resource with operations that return extracted data. */
export function flattenFields(operations: Record<string, string[]>, where: string): INodeProperties[] {
	return Object.entries(operations).map(([resource, ops]) => flattenSwitch(where, { resource: [resource], operation: ops }));
}
