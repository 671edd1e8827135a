import type { IDataObject } from 'n8n-workflow';

/**
 * Trigger state kept in the workflow's static data (it survives restarts): a watermark (the
 * newest timestamp emitted), the ids emitted at or after `watermark - overlap` (so an item that
 * shares a timestamp with one already emitted, or shows up late inside the overlap window, is
 * emitted once and only once), and an optional opaque API cursor.
 */
export interface PollState {
	initialized: boolean;
	/** Epoch ms of the newest item emitted (or the activation time). */
	watermark: number;
	/** id → epoch ms, for ids emitted inside the overlap window. */
	seen: Record<string, number>;
	/** Opaque position given by the API (e.g. Raydocs workflow runs `next_cursor`). */
	cursor?: string;
	/** Epoch ms before which nothing is emitted (a "Start From" date), whatever the overlap. */
	notBefore?: number;
}

/** More than any page size we use: bounds static data even if timestamps are all equal. */
const MAX_SEEN = 5000;

/**
 * A working copy of the state, for a poll that must not move the stored position unless it
 * hands items to n8n: work on the copy, then `savePollState` right before returning them. A poll
 * that throws, or a manual test run, simply never saves it.
 */
export function readPollState(staticData: IDataObject, key: string): PollState {
	const stored = staticData[key] as PollState | undefined;
	if (!stored || typeof stored !== 'object') return { initialized: false, watermark: 0, seen: {} };
	return JSON.parse(JSON.stringify({ ...stored, seen: stored.seen ?? {} })) as PollState;
}

/**
 * Stores the state by assignment. n8n 2.41 saves a poller's static data only when a top-level key
 * is assigned; changes made inside a stored object are lost at restart (seen in the e2e tests),
 * which is why there is no "load and mutate in place" helper here.
 */
export function savePollState(staticData: IDataObject, key: string, state: PollState): void {
	staticData[key] = state as unknown as IDataObject;
}

/** First activation: remember "now" and emit nothing (no replay of history). */
export function initializePollState(state: PollState, startAt: number, cursor?: string): void {
	state.initialized = true;
	state.watermark = startAt;
	state.seen = {};
	if (cursor !== undefined) state.cursor = cursor;
}

/** True when the item is past the watermark's overlap window edge and not emitted yet. */
export function isUnseen(state: PollState, id: string, time: number, overlapMs: number): boolean {
	if (state.seen[id] !== undefined) return false;
	if (state.notBefore !== undefined && time < state.notBefore) return false;
	return time >= state.watermark - overlapMs;
}

/**
 * Records emitted items; call only after they were handed to n8n. `advance: false` remembers the
 * ids but keeps the watermark where it is: for a poll that stopped before it had seen everything
 * down to the window's edge (a page limit, a failed request), so older unseen items stay eligible.
 */
export function recordEmitted(
	state: PollState,
	emitted: Array<{ id: string; time: number }>,
	overlapMs: number,
	options: { advance?: boolean } = {},
): void {
	const advance = options.advance ?? true;
	for (const { id, time } of emitted) {
		state.seen[id] = time;
		if (advance && time > state.watermark) state.watermark = time;
	}
	const floor = state.watermark - overlapMs;
	const kept = Object.entries(state.seen)
		.filter(([, time]) => time >= floor)
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_SEEN);
	state.seen = Object.fromEntries(kept);
}

/**
 * Moves to a new API cursor. The API serves nothing before it again, so the ids remembered from
 * the page before it (see `recordEmitted`) are dropped.
 */
export function advanceCursor(state: PollState, cursor: string): void {
	state.cursor = cursor;
	state.seen = {};
}

export function toEpoch(value: unknown): number {
	if (typeof value === 'number') return value;
	const parsed = Date.parse(String(value ?? ''));
	return Number.isNaN(parsed) ? 0 : parsed;
}

/** An item's place in a feed: its id and the time the cursor orders it by. */
export interface Stamp {
	id: string;
	time: number;
}

/**
 * First activation: everything the feed shows now is history. It is remembered as seen (so the
 * overlap window does not emit it later) and the state is stored; nothing is emitted.
 */
export function startFromNow(staticData: IDataObject, key: string, state: PollState, startAt: number, history: Stamp[], overlapMs: number): null {
	initializePollState(state, startAt);
	recordEmitted(state, history, overlapMs);
	savePollState(staticData, key, state);
	return null;
}

/**
 * Starts the state over when what the trigger watches changed (other filters would make the old
 * position wrong): the old state goes and the next poll is a first activation, replaying nothing.
 */
export function forgetOnNewFilters(staticData: IDataObject, key: string, filters: unknown): void {
	const signature = JSON.stringify(filters);
	const field = `${key}Filter`;
	if (staticData[field] === signature) return;
	delete staticData[key];
	staticData[field] = signature;
}

/**
 * The state of a trigger that watches a list of things rather than one feed (Raydocs' watched
 * sessions): per watched thing, the ids of its finished items already handled (emitted, or there
 * before the trigger started). Things that leave the watch list are dropped, so the state stays
 * as small as the list.
 */
export interface WatchState {
	initialized: boolean;
	/** Epoch ms: items of a thing added to the list later are emitted only if they finished after this. */
	startAt: number;
	watched: Record<string, string[]>;
}

/** A working copy, stored only by `saveWatchState` (see `readPollState`). */
export function readWatchState(staticData: IDataObject, key: string): WatchState {
	const stored = staticData[key] as (WatchState & { sessions?: Record<string, string[]> }) | undefined;
	if (!stored || typeof stored !== 'object') return { initialized: false, startAt: 0, watched: {} };
	// `sessions` is the name states stored before the watch list was shared.
	const watched = stored.watched ?? stored.sessions ?? {};
	return JSON.parse(JSON.stringify({ initialized: stored.initialized, startAt: stored.startAt, watched })) as WatchState;
}

/** Stores the state by assignment, keeping only what is still watched. */
export function saveWatchState(staticData: IDataObject, key: string, state: WatchState, watching: string[]): void {
	state.initialized = true;
	state.watched = Object.fromEntries(watching.filter((id) => state.watched[id]).map((id) => [id, state.watched[id]]));
	staticData[key] = state as unknown as IDataObject;
}
