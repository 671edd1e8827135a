import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { asBuilt, type ItemShape } from './triggerFlatten';

/** What a poll hands n8n: items, or null when there is nothing new. */
export type PollOutcome = INodeExecutionData[][] | null;

/** Whether the poll is a manual test run ("Fetch Test Event"), which never moves the stored state. */
export function isManualRun(ctx: IPollFunctions): boolean {
	return ctx.getMode() === 'manual';
}

/**
 * The items of a poll in the event's `shape` (flattened or as built), or null ("nothing yet") when
 * there are none, so n8n starts no execution.
 */
export function emitItems(items: IDataObject[], shape: ItemShape = asBuilt): PollOutcome {
	return items.length ? [items.map((json) => ({ json: shape(json) }))] : null;
}

/**
 * Fetch Test Event: the newest real item, so fields can be mapped, or, while nothing has
 * completed, the example item `sample` builds (marked `sample: true` with a note). Either comes
 * in the event's `shape`, as real items will. The state is not read or written.
 */
export async function testEvent(
	newest: IDataObject | undefined,
	sample: () => Promise<IDataObject> | IDataObject,
	shape: ItemShape = asBuilt,
): Promise<PollOutcome> {
	return [[{ json: shape(newest ?? (await sample())) }]];
}
