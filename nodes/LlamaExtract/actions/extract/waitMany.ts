import type { IExecuteFunctions } from 'n8n-workflow';

import type { ItemOutcome } from '../../../shared/description/router';
import { outputItems } from '../../../shared/description/router';
import { finishV2Wait, waitForV2Jobs, type V2WaitOptions, type V2WaitOutcome } from '../../waitV2Jobs';

/** One input item's job to wait for, with that item's output and wait options. */
export interface V2Entry {
	itemIndex: number;
	id: string;
	options: V2WaitOptions;
}

/**
 * Waits for the jobs of many items together and turns each into that item's outcome: its
 * output, or its own error (with the job id under Continue On Fail).
 */
export async function waitForManyV2Jobs(ctx: IExecuteFunctions, entries: V2Entry[]): Promise<ItemOutcome[]> {
	if (entries.length === 0) return [];
	const expand = { metadata: entries.some((e) => e.options.metadata), usage: entries.some((e) => e.options.usage) };
	let waited: Map<string, V2WaitOutcome>;
	try {
		waited = await waitForV2Jobs(
			ctx,
			entries.map((entry) => ({ id: entry.id, itemIndex: entry.itemIndex, maxWaitMs: entry.options.policy.maxWaitMs ?? 15 * 60_000 })),
			expand,
		);
	} catch (error) {
		// The wait itself broke (cancelled, LlamaCloud unreachable): every item says so and keeps
		// its job id, so no started job is lost.
		return entries.map((entry) => ({ itemIndex: entry.itemIndex, error: error as Error, errorJson: { job_id: entry.id } }));
	}
	const outcomes: ItemOutcome[] = [];
	for (const entry of entries) {
		try {
			const output = await finishV2Wait(ctx, waited.get(entry.id) as V2WaitOutcome, entry.itemIndex, entry.options);
			outcomes.push({ itemIndex: entry.itemIndex, outputs: outputItems(output) });
		} catch (error) {
			outcomes.push({ itemIndex: entry.itemIndex, error: error as Error, errorJson: { job_id: entry.id } });
		}
	}
	return outcomes;
}
