import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { isUnseen, readPollState, recordEmitted, savePollState, startFromNow, type Stamp } from './pollCursor';
import { skipTransientPollError } from './pollErrors';
import { emitItems, type PollOutcome } from './pollRun';
import { itemShape, type TriggerFlatten } from './triggerFlatten';

/**
 * A feed read as a time window: each poll lists everything since the watermark minus an overlap
 * (the service filters by a time, e.g. creation or update), emits what it has not emitted yet,
 * and remembers it by id. What an event supplies: how to list the window, an item's id and time,
 * and how an item is shown.
 */
export interface WindowFeed<T> {
	/** Where the state is kept in the node's static data. */
	stateKey: string;
	/** How far behind the watermark each poll looks (late or equal timestamps, slow items). */
	overlapMs: number;
	/** Every item since `since` (epoch ms); more than the poll's bounds is an error, never part of it. */
	list(since: number): Promise<T[]>;
	/** The item's place in the feed; the same id is emitted once. */
	stamp(item: T): Stamp;
	/** The item as the workflow gets it. */
	format(item: T): Promise<IDataObject> | IDataObject;
	/** Where the formatted item carries extracted data, for the Flatten switch; none: never flattened. */
	flatten?: TriggerFlatten;
	/** The order items are emitted in, oldest first; by `stamp` time (then id) unless given. */
	order?(a: T, b: T): number;
	/** Where the first activation starts (epoch ms): the service's clock, if it gives one; else now. */
	startAt?(): Promise<number>;
	/**
	 * After a poll that read its whole window, the watermark may move up to this (epoch ms) even if
	 * nothing was emitted: for a feed filtered by a time the poll started after.
	 */
	readUpTo?: number;
}

function byStamp<T>(feed: WindowFeed<T>): (a: T, b: T) => number {
	return (a, b) => {
		const left = feed.stamp(a);
		const right = feed.stamp(b);
		return left.time - right.time || left.id.localeCompare(right.id);
	};
}

/**
 * One poll of a window feed. The first activation records what the window shows as history and
 * emits nothing. A poll that fails part-way (a transient error, logged; anything else is thrown)
 * stores nothing, so the next poll sees the same window again: nothing is skipped or emitted twice.
 */
export async function pollWindow<T>(ctx: IPollFunctions, what: string, feed: WindowFeed<T>): Promise<PollOutcome> {
	const staticData = ctx.getWorkflowStaticData('node');
	// A working copy: stored only when the poll got through.
	const state = readPollState(staticData, feed.stateKey);
	let emitted: Array<{ item: T; json: IDataObject }>;
	try {
		if (!state.initialized) {
			const startAt = feed.startAt ? await feed.startAt() : Date.now();
			const history = await feed.list(startAt - feed.overlapMs);
			return startFromNow(staticData, feed.stateKey, state, startAt, history.map((item) => feed.stamp(item)), feed.overlapMs);
		}
		const fresh = (await feed.list(state.watermark - feed.overlapMs))
			.filter((item) => {
				const { id, time } = feed.stamp(item);
				return isUnseen(state, id, time, feed.overlapMs);
			})
			.sort(feed.order ?? byStamp(feed));
		emitted = [];
		for (const item of fresh) emitted.push({ item, json: await feed.format(item) });
	} catch (error) {
		return skipTransientPollError(ctx, error, what);
	}
	if (feed.readUpTo !== undefined) state.watermark = Math.max(state.watermark, feed.readUpTo);
	recordEmitted(state, emitted.map(({ item }) => feed.stamp(item)), feed.overlapMs);
	savePollState(staticData, feed.stateKey, state);
	return emitItems(emitted.map(({ json }) => json), itemShape(ctx, feed.flatten));
}
