import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { clock } from '../waiting/wait';

/** How long an accepted delivery is remembered: a re-delivery within this window is a replay. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** At most this many keys are kept (oldest dropped first), so static data stays small. */
export const REPLAY_MAX_KEYS = 1000;

/** [key, epoch ms accepted], oldest first. */
type Accepted = Array<[string, number]>;

/** The key of a delivery body: a SHA-256 digest of its raw bytes (128 bits are plenty to tell bodies apart). */
export function bodyKey(raw: Buffer): string {
	return `body:${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
}

/**
 * The keys a delivery is remembered by: the digest of its signed bytes, and one key per identity it
 * carries (a delivery id, or a job id with its event), so a copy re-serialised by the sender is
 * recognised too. Blank or overlong ids are left out.
 */
export function deliveryKeys(raw: Buffer, ids: unknown[]): string[] {
	const keys = [bodyKey(raw)];
	for (const id of ids) {
		if (typeof id === 'string' && id.trim() && id.length <= 200) keys.push(`id:${id.trim()}`);
	}
	return keys;
}

function stored(state: IDataObject, field: string): Accepted {
	const value = state[field];
	if (!Array.isArray(value)) return [];
	return value.filter(
		(entry): entry is [string, number] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number',
	);
}

/** The entries still inside the window, oldest first. */
function live(state: IDataObject, field: string, now: number): Accepted {
	return stored(state, field).filter(([, at]) => at > now - REPLAY_WINDOW_MS && at <= now + REPLAY_WINDOW_MS);
}

/** True when any of the keys was accepted within the window. */
export function seenRecently(state: IDataObject, field: string, keys: string[]): boolean {
	const now = clock.now();
	const known = new Set(live(state, field, now).map(([key]) => key));
	return keys.some((key) => known.has(key));
}

/**
 * Remembers the keys of an accepted delivery. Stored by assigning the field (n8n saves static data
 * only when a key of the node's object is assigned); expired entries go, and past
 * `REPLAY_MAX_KEYS` the oldest go too.
 */
export function rememberAccepted(state: IDataObject, field: string, keys: string[]): void {
	const now = clock.now();
	const fresh = new Set(keys);
	const kept = live(state, field, now).filter(([key]) => !fresh.has(key));
	for (const key of fresh) kept.push([key, now]);
	state[field] = kept.slice(-REPLAY_MAX_KEYS) as unknown as IDataObject[];
}
