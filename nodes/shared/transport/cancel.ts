import { NodeOperationError, sleep } from 'n8n-workflow';

import type { RequestContext } from './serviceDefinition';

/** How long one sleep step lasts, so a cancelled execution stops waiting quickly. */
const SLEEP_STEP_MS = 250;

/** The execution's cancel signal; only action nodes have one. */
export function cancelSignal(ctx: RequestContext): AbortSignal | undefined {
	const withSignal = ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()
		: undefined;
}

export function isCancelled(ctx: RequestContext): boolean {
	return cancelSignal(ctx)?.aborted === true;
}

export function cancelledError(ctx: RequestContext, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled while waiting', {
		itemIndex,
		description: 'Nothing more was sent after the cancellation.',
	});
}

/**
 * Sleeps `ms` in short steps and stops early when the execution is cancelled.
 * n8n-workflow 2.41 has `sleep` but no `sleepWithAbort`, hence the steps.
 */
export async function pause(ctx: RequestContext, ms: number, itemIndex?: number): Promise<void> {
	let left = Math.max(0, ms);
	while (left > 0) {
		if (isCancelled(ctx)) throw cancelledError(ctx, itemIndex);
		const step = Math.min(left, SLEEP_STEP_MS);
		await sleep(step);
		left -= step;
	}
	if (isCancelled(ctx)) throw cancelledError(ctx, itemIndex);
}
