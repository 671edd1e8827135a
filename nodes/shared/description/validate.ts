import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/** What a value is, for a message: "an object", "a list", "true". */
function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

/**
 * The id in a value that may be a resource locator or a plain value (saved before it was one),
 * trimmed; a number counts as its decimal text, nothing as ''. Anything else (an expression that
 * yields an object or a list) is not an id: it throws instead of becoming "[object Object]".
 */
export function locatorString(raw: unknown, label = 'The ID'): string {
	const value = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'value' in raw ? (raw as { value: unknown }).value : raw;
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new TypeError(`${label} must be text or a number, not ${kindOf(value)}`);
}

/**
 * An id read from a parameter's value, as `locatorString` does; a value that is not text or a
 * number is refused naming the field (the router adds the item).
 */
export function idFromValue(node: INode, raw: unknown, label: string, itemIndex?: number): string {
	try {
		return locatorString(raw, label);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, {
			itemIndex,
			description: `The expression in "${label}" gave a whole object. Map the ID field itself, e.g. {{ $json.id }}.`,
		});
	}
}

/** A UUID parameter, checked before anything is sent. */
export function requireUuid(ctx: IExecuteFunctions, value: string, label: string, itemIndex: number): string {
	if (!isUuid(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${value}" is not a valid ID`, {
			itemIndex,
			description: `${label} IDs look like 550e8400-e29b-41d4-a716-446655440000. Pick one from the list or paste the ID exactly.`,
		});
	}
	return value;
}

/** A positive whole number, e.g. Limit. */
export function requirePositiveInteger(ctx: IExecuteFunctions, value: number, label: string, itemIndex: number): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number of at least 1, not ${value}`, {
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
			throw new NodeOperationError(ctx.getNode(), `${label} is not valid JSON`, {
				itemIndex,
				description: `${(error as Error).message}. Paste the JSON exactly (double quotes around keys and strings, no trailing commas).`,
			});
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a JSON object`, {
			itemIndex,
			description: `Wrap the value in { … }.`,
		});
	}
	return value as IDataObject;
}

/**
 * "Max Wait (Minutes)" as milliseconds: a positive number, at least one second. Zero, a negative
 * or a non-number is refused naming the field and the item instead of waiting a second.
 */
export function readMaxWaitMs(ctx: IExecuteFunctions, itemIndex: number, collection: string, defaultMinutes: number): number {
	const options = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	const raw = options.maxWaitMinutes ?? defaultMinutes;
	const minutes = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
	if (!Number.isFinite(minutes) || minutes <= 0) {
		throw new NodeOperationError(ctx.getNode(), `Max Wait must be a positive number of minutes, not ${typeof raw === 'object' ? kindOf(raw) : String(raw)}`, {
			itemIndex,
			description: `Set "Max Wait (Minutes)" to e.g. ${defaultMinutes}, or turn off waiting to return the IDs at once.`,
		});
	}
	return Math.max(1000, Math.round(minutes * 60_000));
}
