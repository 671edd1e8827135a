import type { IDataObject, IDisplayOptions, INodeProperties, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { FLATTEN_SINCE_VERSION, flattenItem, type FlattenSpec } from './flatten';

/** Where a trigger's items carry extracted data. */
export interface TriggerFlatten extends FlattenSpec {
	/**
	 * The list whose entries carry the data, when an item holds several documents (PerfectParser's
	 * `documents`): each entry is flattened, the item keeps its shape.
	 */
	within?: string;
}

/** How an item leaves the trigger: as built, or flattened. */
export type ItemShape = (json: IDataObject) => IDataObject;

export const asBuilt: ItemShape = (json) => json;

/**
 * The "Flatten" switch of a trigger whose items carry extracted data: shown from
 * FLATTEN_SINCE_VERSION on (on by default), and only where `show` says (the events with data). A
 * node saved at an earlier version neither shows it nor reads it, and keeps its nested items.
 * `where` names the nesting it removes, `at` where the fields go instead.
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

function flattenWithin(json: IDataObject, flatten: TriggerFlatten): IDataObject {
	if (flatten.within === undefined) return flattenItem(json, flatten);
	const list = json[flatten.within];
	if (!Array.isArray(list)) return json;
	const entries = list.map((entry) => (entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? flattenItem(entry as IDataObject, flatten) : entry));
	return { ...json, [flatten.within]: entries as IDataObject[] };
}

/**
 * How this trigger's items leave it: flattened when the event has extracted data (`flatten`) and
 * its Flatten switch is on; as built otherwise (no switch at this version or for this event).
 */
export function itemShape(ctx: IPollFunctions | IWebhookFunctions, flatten: TriggerFlatten | undefined): ItemShape {
	if (flatten === undefined || ctx.getNodeParameter('flatten', false) !== true) return asBuilt;
	return (json) => flattenWithin(json, flatten);
}
