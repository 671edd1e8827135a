import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { flattenItem, type FlattenSpec } from '../description/flatten';

/** Where a trigger's items carry extracted data. */
export interface TriggerFlatten extends FlattenSpec {
	/**
	 * Where in the item the data sits, when it is not at the item's top level: dotted paths to an
	 * object (PerfectParser's fetched `document`) or a list of them (`documents`,
	 * `extraction.documents`). Each is flattened in place; the item keeps its shape.
	 */
	within?: string[];
}

/** How an item leaves the trigger: as built, or flattened. */
export type ItemShape = (json: IDataObject) => IDataObject;

export const asBuilt: ItemShape = (json) => json;

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `json` with the object or list of objects at `path` flattened (copied along the way, never changed). */
function flattenAt(json: IDataObject, path: string[], spec: FlattenSpec): IDataObject {
	const [key, ...rest] = path;
	const value = json[key];
	if (rest.length) return isObject(value) ? { ...json, [key]: flattenAt(value, rest, spec) } : json;
	if (isObject(value)) return { ...json, [key]: flattenItem(value, spec) };
	if (Array.isArray(value)) return { ...json, [key]: value.map((entry: unknown) => (isObject(entry) ? flattenItem(entry, spec) : entry)) as IDataObject[] };
	return json;
}

function flattenWithin(json: IDataObject, flatten: TriggerFlatten): IDataObject {
	if (flatten.within === undefined) return flattenItem(json, flatten);
	return flatten.within.reduce((item, path) => flattenAt(item, path.split('.'), flatten), json);
}

/**
 * How this trigger's items leave it: flattened when the event has extracted data (`flatten`) and
 * its Flatten switch is on; as built otherwise (no switch at this version or for this event).
 */
export function itemShape(ctx: IPollFunctions | IWebhookFunctions, flatten: TriggerFlatten | undefined): ItemShape {
	if (flatten === undefined || ctx.getNodeParameter('flatten', false) !== true) return asBuilt;
	return (json) => flattenWithin(json, flatten);
}
