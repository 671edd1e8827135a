/**
 * Readers of an action node's parameters, one validation and one default each. Their errors name
 * the field; the router adds the item the error is placed on.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { idFromValue, requirePositiveInteger, requireUuid } from './validate';

/** Reads a resource locator (or plain string) parameter as its id value, trimmed. */
export function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number, label = name.charAt(0).toUpperCase() + name.slice(1)): string {
	return idFromValue(ctx.getNode(), ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }), label, itemIndex);
}

/** Reads a plain id parameter as text, trimmed, refusing objects and lists. */
export function idParameter(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	return idFromValue(ctx.getNode(), ctx.getNodeParameter(name, itemIndex, ''), label, itemIndex);
}

/**
 * A required id in a plain string parameter, for services whose ids have no fixed shape
 * (cfg-…, ext_…, file ids): not empty, no spaces, no `/`, `?` or `#`, at most 200 characters.
 * `example` shows the shape the service gives, for the error's hint.
 */
export function requireId(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, service: string, example?: string): string {
	const value = idParameter(ctx, name, label, itemIndex);
	if (!value || /[\s/?#]/.test(value) || value.length > 200) {
		throw new NodeOperationError(ctx.getNode(), value ? `${label} "${value}" is not a valid ID` : `${label} is empty`, {
			itemIndex,
			description: `Enter the ${label} exactly as ${service} returned it${example ? `, e.g. ${example}` : ''}, or map it from a previous node.`,
		});
	}
	return value;
}

/**
 * The field of the incoming item a parameter's expression reads, when that is all it does
 * (`={{ $json.session_id }}` or `={{ $json["session_id"] }}` → session_id); undefined otherwise.
 */
export function mappedItemField(ctx: IExecuteFunctions, name: string): string | undefined {
	const raw = (ctx.getNode().parameters ?? {})[name];
	const text = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'value' in raw ? (raw as { value: unknown }).value : raw;
	if (typeof text !== 'string') return undefined;
	const match = /^=\s*\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])\s*\}\}\s*$/.exec(text);
	return match?.[1] ?? match?.[2];
}

/**
 * An id parameter that came out empty. When its expression reads a field of the incoming item,
 * the message says that item has no such field and what to connect (`source`) or type instead.
 */
export function emptyIdError(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, source?: string): NodeOperationError {
	const field = mappedItemField(ctx, name);
	if (field === undefined) {
		return new NodeOperationError(ctx.getNode(), `${label} is empty`, { itemIndex, description: `Enter the ${label} ID, or map it from a previous node.` });
	}
	return new NodeOperationError(ctx.getNode(), `${label} is empty: the incoming item has no "${field}" field`, {
		itemIndex,
		description: `"${label}" reads {{ $json.${field} }} from the item coming in. Connect ${source ?? `a node whose items carry ${field}`} before this node, or replace the expression with the ${label} ID or another field of the item.`,
	});
}

/** A UUID given in a plain string parameter, checked before anything is sent; `source` names what gives it when empty. */
export function requireUuidParam(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, source?: string): string {
	const value = idParameter(ctx, name, label, itemIndex);
	if (!value) throw emptyIdError(ctx, name, label, itemIndex, source);
	return requireUuid(ctx, value, label, itemIndex);
}

/** A UUID given in a resource locator (or a plain string saved before it was one); `source` names what gives it when empty. */
export function requireUuidLocator(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, source?: string): string {
	const value = locatorValue(ctx, name, itemIndex, label);
	if (!value && mappedItemField(ctx, name) !== undefined) throw emptyIdError(ctx, name, label, itemIndex, source);
	return requireUuid(ctx, value, label, itemIndex);
}

/** A resource locator that must not be empty; any other value is sent as given. */
export function requireLocator(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, hint: string): string {
	const value = locatorValue(ctx, name, itemIndex, label);
	if (!value) throw new NodeOperationError(ctx.getNode(), `${label} is empty`, { itemIndex, description: hint });
	return value;
}

/** Several UUIDs given as a list or a comma/space separated string. */
export function requireUuidList(ctx: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string[] {
	const list: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [raw];
	const values = list.map((value) => idFromValue(ctx.getNode(), value, label, itemIndex)).filter((value) => value.length > 0);
	if (values.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `No ${label} IDs given`, {
			itemIndex,
			description: `Enter one or more ${label} IDs, separated by commas, or map them from a previous node.`,
		});
	}
	return values.map((value) => requireUuid(ctx, value, label, itemIndex));
}

/** A text parameter holding values separated by commas or spaces; none given is refused with `empty`. */
export function requireCommaList(ctx: IExecuteFunctions, name: string, itemIndex: number, empty: { message: string; description: string }): string[] {
	const values = String(ctx.getNodeParameter(name, itemIndex, ''))
		.split(/[\s,]+/)
		.map((value) => value.trim())
		.filter((value) => value);
	if (values.length === 0) throw new NodeOperationError(ctx.getNode(), empty.message, { itemIndex, description: empty.description });
	return values;
}

/** Return All / Limit as the walkers want it: undefined means everything. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	return requirePositiveInteger(ctx, ctx.getNodeParameter('limit', itemIndex, 50) as number, 'Limit', itemIndex);
}

/** The Simplify switch, on unless turned off: a top-level parameter, or an option of `collection`. */
export function readSimplify(ctx: IExecuteFunctions, itemIndex: number, collection?: string): boolean {
	if (collection === undefined) return ctx.getNodeParameter('simplify', itemIndex, true) as boolean;
	return ((ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject).simplify as boolean | undefined) ?? true;
}

/** An Update's body must change something; `hint` says where to add a field. */
export function requireChanges(ctx: IExecuteFunctions, body: IDataObject, itemIndex: number, hint = 'Add at least one field under "Update Fields".'): IDataObject {
	if (Object.keys(body).length === 0) throw new NodeOperationError(ctx.getNode(), 'Nothing to update', { itemIndex, description: hint });
	return body;
}

/** The Name parameter, trimmed: not empty and, where the service limits it, at most `maxLength` characters. */
export function requireName(ctx: IExecuteFunctions, itemIndex: number, hint: string, maxLength?: number): string {
	const name = String(ctx.getNodeParameter('name', itemIndex, '') ?? '').trim();
	if (!name || (maxLength !== undefined && name.length > maxLength)) {
		throw new NodeOperationError(ctx.getNode(), name ? `Name is longer than ${maxLength} characters` : 'Name is empty', { itemIndex, description: hint });
	}
	return name;
}

/** A text parameter, trimmed ('' when not set). */
export function readText(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return String(ctx.getNodeParameter(name, itemIndex, '')).trim();
}

/** A collection parameter (Filters, Options, Update Fields…): the fields added, {} when none. */
export function readCollection(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	return ctx.getNodeParameter(name, itemIndex, {}) as IDataObject;
}
