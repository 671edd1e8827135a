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
}

/** More than any page size we use: bounds static data even if timestamps are all equal. */
const MAX_SEEN = 5000;

export function loadPollState(staticData: IDataObject, key: string): PollState {
	const stored = staticData[key] as PollState | undefined;
	if (!stored || typeof stored !== 'object') {
		const fresh: PollState = { initialized: false, watermark: 0, seen: {} };
		staticData[key] = fresh as unknown as IDataObject;
		return fresh;
	}
	stored.seen = stored.seen ?? {};
	return stored;
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
	return time >= state.watermark - overlapMs;
}

/** Records emitted items; call only after they were handed to n8n. */
export function recordEmitted(state: PollState, emitted: Array<{ id: string; time: number }>, overlapMs: number): void {
	for (const { id, time } of emitted) {
		state.seen[id] = time;
		if (time > state.watermark) state.watermark = time;
	}
	const floor = state.watermark - overlapMs;
	const kept = Object.entries(state.seen)
		.filter(([, time]) => time >= floor)
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_SEEN);
	state.seen = Object.fromEntries(kept);
}

export function toEpoch(value: unknown): number {
	if (typeof value === 'number') return value;
	const parsed = Date.parse(String(value ?? ''));
	return Number.isNaN(parsed) ? 0 : parsed;
}
