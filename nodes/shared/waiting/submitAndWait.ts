import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ItemOutcome } from '../description/router';
import { notFinishedError, startedButFailed, type JobLabel } from './timeoutOutcome';
import { waitForAll, type CheckResult, type WaitOutcome } from './wait';
import type { WaitSettings } from './waitOptions';

/** One unit of a batch: what becomes one job (a file of an input item). */
export interface BatchEntry {
	itemIndex: number;
}

/** A created job's end: its last value from the wait, and whether the max wait ran out first. */
export interface Waited<V> {
	value: V;
	timedOut: boolean;
}

/**
 * What a service supplies to "submit many and wait": how to read one item, submit one call, look
 * at one job and format one result. Everything else (grouping, chunking, fanning a failed call
 * out to its items, waiting for all, the timeout outcome) is the batch core's.
 */
export interface BatchService<E extends BatchEntry, J, V> {
	/** The most entries one submit call may carry. */
	maxPerCall: number;
	/**
	 * The item's wait settings, or undefined when it does not wait. Read before `plan`, so a bad
	 * Max Wait fails the item before anything is uploaded or created.
	 */
	waitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings | undefined;
	/** Reads and checks one item (uploading its files if need be); its error fails that item only. */
	plan(ctx: IExecuteFunctions, itemIndex: number): Promise<E[]> | E[];
	/** Entries of one group go out together (same template, agent and settings…). */
	groupKey(entry: E): string;
	/** Submits one call; answers one job, or that entry's own error, per entry, in order. */
	submit(ctx: IExecuteFunctions, chunk: E[]): Promise<Array<J | Error>>;
	/** Added to the description of a failed call on each of its items (e.g. uploaded keys that can be reused). */
	failedCallHint?(chunk: E[]): string;
	/** Added under Continue On Fail to the error item of an entry that got no job. */
	entryFields?(entry: E): IDataObject;
	/** The id to wait for; jobs that share one are looked at once. Undefined: nothing to wait for. */
	waitId(job: J): string | undefined;
	/** One look at one job (the first job of those sharing the id), on behalf of its entry. */
	check(ctx: IExecuteFunctions, id: string, job: J, entry: E): Promise<CheckResult<V>>;
	/** The status a wait ended on, for the timeout error. */
	statusOf(value: V): string;
	/** How the job is named in errors and picked up later, and the ids its error item carries. */
	describe(job: J): JobLabel & { fields: IDataObject };
	/**
	 * One created job's output: without `waited` as created (not waiting); else as it ended (on
	 * timeout, its last state: the core marks it `timed_out: true`). A throw is that job's error.
	 */
	format(ctx: IExecuteFunctions, entry: E, job: J, waited?: Waited<V>): Promise<IDataObject> | IDataObject;
}

/** One item's own copy of a failed call's error, the call's hint added to its description. */
function itemCopy(error: Error, hint: string | undefined): Error {
	const copy = Object.create(Object.getPrototypeOf(error) as object, Object.getOwnPropertyDescriptors(error)) as Error & { description?: unknown };
	if (hint) copy.description = [typeof copy.description === 'string' ? copy.description : '', hint].filter((part) => part).join('\n');
	return copy;
}

/**
 * Submits the entries of all input items in as few calls as the service allows (grouped, then
 * `maxPerCall` a call), then optionally waits for every created job, and gives each input item one
 * output per job or its own error. A failed call fails only the items it carried (each gets the
 * error, and sends nothing more); a job whose wait breaks or times out (On Timeout "Fail") leaves
 * as an error carrying its ids, so nothing created is lost. The wait follows the settings of the
 * first item that created a job.
 */
export async function submitAndWait<E extends BatchEntry, J, V>(
	ctx: IExecuteFunctions,
	itemIndexes: number[],
	service: BatchService<E, J, V>,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const settings = new Map<number, WaitSettings | undefined>();
	const groups = new Map<string, E[]>();
	for (const itemIndex of itemIndexes) {
		try {
			settings.set(itemIndex, service.waitSettings(ctx, itemIndex));
			for (const entry of await service.plan(ctx, itemIndex)) {
				const key = service.groupKey(entry);
				groups.set(key, [...(groups.get(key) ?? []), entry]);
			}
		} catch (error) {
			outcomes.push({ itemIndex, error: error as Error });
		}
	}

	const created: Array<{ entry: E; job: J }> = [];
	// An item whose call failed keeps that error and the jobs started before it; it sends nothing more.
	const failedItems = new Set<number>();
	for (const entries of groups.values()) {
		for (let start = 0; start < entries.length; start += service.maxPerCall) {
			const chunk = entries.slice(start, start + service.maxPerCall).filter((entry) => !failedItems.has(entry.itemIndex));
			if (chunk.length === 0) continue;
			let answers: Array<J | Error>;
			try {
				answers = await service.submit(ctx, chunk);
			} catch (error) {
				const hint = service.failedCallHint?.(chunk);
				for (const itemIndex of new Set(chunk.map((entry) => entry.itemIndex))) {
					failedItems.add(itemIndex);
					outcomes.push({ itemIndex, error: itemCopy(error as Error, hint) });
				}
				continue;
			}
			chunk.forEach((entry, position) => {
				const answer = answers[position];
				if (answer instanceof Error) outcomes.push({ itemIndex: entry.itemIndex, error: answer, errorJson: service.entryFields?.(entry) });
				else created.push({ entry, job: answer });
			});
		}
	}
	if (created.length === 0) return outcomes;

	const firstItem = itemIndexes.find((itemIndex) => created.some(({ entry }) => entry.itemIndex === itemIndex)) as number;
	const policy = settings.get(firstItem);
	const finish = async ({ entry, job }: { entry: E; job: J }, waited?: WaitOutcome<V>) => {
		const { itemIndex } = entry;
		const { fields, ...label } = service.describe(job);
		try {
			if (waited?.timedOut && policy?.fail) throw notFinishedError(ctx, label, service.statusOf(waited.value), itemIndex);
			const json = await service.format(ctx, entry, job, waited && { value: waited.value, timedOut: waited.timedOut });
			outcomes.push({ itemIndex, outputs: [{ json: waited?.timedOut ? { ...json, timed_out: true } : json }] });
		} catch (error) {
			outcomes.push({ itemIndex, error: error as Error, errorJson: fields });
		}
	};
	if (!policy) {
		for (const one of created) await finish(one);
		return outcomes;
	}

	const firstOf = new Map<string, { entry: E; job: J }>();
	for (const one of created) {
		const id = service.waitId(one.job);
		if (id !== undefined && !firstOf.has(id)) firstOf.set(id, one);
	}
	let waited: Map<string, WaitOutcome<V>>;
	try {
		waited = await waitForAll(ctx, [...firstOf.keys()], async (id) => {
			const { entry, job } = firstOf.get(id) as { entry: E; job: J };
			return await service.check(ctx, id, job, entry);
		}, policy);
	} catch (error) {
		// The wait itself broke (cancelled, service unreachable): every job says so and keeps its ids.
		for (const { entry, job } of created) {
			const { fields, ...label } = service.describe(job);
			outcomes.push({ itemIndex: entry.itemIndex, error: startedButFailed(ctx, label, 'waiting for it', error as Error, entry.itemIndex), errorJson: fields });
		}
		return outcomes;
	}
	for (const one of created) {
		const id = service.waitId(one.job);
		await finish(one, id === undefined ? undefined : waited.get(id));
	}
	return outcomes;
}
