import type { IDataObject } from 'n8n-workflow';

/** How deep a schema is followed when building example values (a self-referencing schema ends here). */
const MAX_DEPTH = 6;

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An example value for one field, from its declared type (JSON Schema or a service's field type). */
export function exampleValue(type: unknown, name: string, format?: unknown): unknown {
	const kind = Array.isArray(type) ? String(type.find((t) => t !== 'null') ?? 'string') : String(type ?? 'string').toLowerCase();
	if (kind === 'number' || kind === 'float' || kind === 'decimal' || kind === 'currency') return 123.45;
	if (kind === 'integer' || kind === 'int') return 1;
	if (kind === 'boolean' || kind === 'bool') return true;
	if (kind === 'date' || format === 'date') return '2026-01-31';
	if (kind === 'datetime' || kind === 'date-time' || format === 'date-time') return '2026-01-31T12:00:00Z';
	return `example ${name}`;
}

/** Example data shaped by a JSON Schema: every property, with a value of its type. */
export function exampleFromJsonSchema(schema: unknown, name = 'value', depth = 0): unknown {
	if (!isObject(schema) || depth > MAX_DEPTH) return exampleValue('string', name);
	if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
	const variants = (schema.anyOf ?? schema.oneOf) as unknown;
	if (Array.isArray(variants) && variants.length) {
		const concrete = variants.find((variant) => isObject(variant) && variant.type !== 'null') ?? variants[0];
		return exampleFromJsonSchema(concrete, name, depth + 1);
	}
	const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
	if (type === 'object' || isObject(schema.properties)) {
		const out: IDataObject = {};
		for (const [key, property] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
			out[key] = exampleFromJsonSchema(property, key, depth + 1) as IDataObject[keyof IDataObject];
		}
		return out;
	}
	if (type === 'array') return [exampleFromJsonSchema(schema.items, name, depth + 1)];
	return exampleValue(type, name, schema.format);
}

/**
 * The marks every example item carries, first in the item so they are seen: `sample: true` and a
 * sentence saying what it is and where its fields come from.
 */
export function markSample(json: IDataObject, note: string): IDataObject {
	return { sample: true, sample_note: note, ...json };
}

/** How a sample's data was built: from the named template/schema/parser, or without one chosen. */
export function builtFrom(source: string | undefined): string {
	return source ? `with the fields of ${source}` : 'with no extracted fields (choose what to extract with in the trigger to see its fields here)';
}

/** The note of an example item: nothing real exists yet, how the sample was built, what to do. */
export function sampleNote(where: string, how: string, next: string): string {
	return `Example item, not real data: nothing has completed in ${where} yet, so this sample was built ${how}. ${next} Real items have the same shape, without "sample" and "sample_note".`;
}
