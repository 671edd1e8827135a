import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/** The id in a value that may be a resource locator or a plain string (saved before it was one). */
export function locatorString(raw: unknown): string {
	const value = typeof raw === 'object' && raw !== null && 'value' in raw ? (raw as { value: unknown }).value : raw;
	return String(value ?? '').trim();
}

/** Reads a resource locator (or plain string) parameter as its id value, trimmed. */
export function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return locatorString(ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }));
}

/** A UUID parameter, checked before anything is sent. */
export function requireUuid(ctx: IExecuteFunctions, value: string, label: string, itemIndex: number): string {
	if (!isUuid(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${value}" is not a valid ID [item ${itemIndex}]`, {
			itemIndex,
			description: `${label} IDs look like 550e8400-e29b-41d4-a716-446655440000. Pick one from the list or paste the ID exactly.`,
		});
	}
	return value;
}

/** Several UUIDs given as a list or a comma/space separated string. */
export function requireUuidList(ctx: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string[] {
	const values = (Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,]+/))
		.map((value) => String(value).trim())
		.filter((value) => value.length > 0);
	if (values.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `No ${label} IDs given [item ${itemIndex}]`, {
			itemIndex,
			description: `Enter one or more ${label} IDs, separated by commas, or map them from a previous node.`,
		});
	}
	return values.map((value) => requireUuid(ctx, value, label, itemIndex));
}

/** A positive whole number, e.g. Limit. */
export function requirePositiveInteger(ctx: IExecuteFunctions, value: number, label: string, itemIndex: number): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number of at least 1, not ${value} [item ${itemIndex}]`, {
			itemIndex,
			description: `Set "${label}" to 1 or more, or turn on "Return All".`,
		});
	}
	return value;
}

/** A JSON parameter that may arrive as text or as an object (n8n gives either). */
export function parseJsonObject(ctx: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): IDataObject {
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `${label} is not valid JSON [item ${itemIndex}]`, {
				itemIndex,
				description: `${(error as Error).message}. Paste the JSON exactly (double quotes around keys and strings, no trailing commas).`,
			});
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a JSON object [item ${itemIndex}]`, {
			itemIndex,
			description: `Wrap the value in { … }.`,
		});
	}
	return value as IDataObject;
}

/** Return All / Limit as the walkers want it: undefined means everything. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	return requirePositiveInteger(ctx, ctx.getNodeParameter('limit', itemIndex, 50) as number, 'Limit', itemIndex);
}
