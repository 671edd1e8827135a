import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import { isTransientError } from '../../shared/errors';
import { POLL_RETRY, type ApiRequestOptions } from '../../shared/http';
import { safeText, secretsOf } from '../../shared/redact';
import { idFromValue, isUuid } from '../../shared/validate';
import { raydocsJson } from '../transport';

/** What a poll of one event produces: items for n8n, or null when there is nothing new. */
export type PollOutcome = INodeExecutionData[][] | null;

/** Bounds one poll's walk over a backlog; the rest waits for the next poll. */
export const MAX_PAGES_PER_POLL = 20;

/** One request that hangs must not eat the whole poll. */
const POLL_REQUEST_TIMEOUT_MS = 30_000;

/** A GET made by a poll: few retries, a timeout, errors named after what was asked. */
export async function pollGet<T>(ctx: IPollFunctions, options: Omit<ApiRequestOptions, 'method'>): Promise<T> {
	return await raydocsJson<T>(ctx, { method: 'GET', ...POLL_RETRY, timeoutMs: POLL_REQUEST_TIMEOUT_MS, ...options });
}

/**
 * When a poll should stop fetching more (it returns what it has; the rest waits for the next
 * poll): half of n8n's poll budget, where n8n offers one (2.x), else five minutes.
 */
export function pollDeadline(ctx: IPollFunctions): number {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : 5 * 60_000;
	return Date.now() + Math.max(10_000, budget / 2);
}

/**
 * A transient failure (429, 5xx, timeout, reset) is logged and swallowed, so the workflow stays
 * active and the next poll resumes from the position saved before it; anything else (401, 403,
 * 404, bad input) is rethrown for the user to fix. Our errors carry no token (the core builds
 * them from plain facts), and the message is scrubbed once more anyway.
 */
export function handlePollError(ctx: IPollFunctions, error: unknown, what: string): void {
	if (!isTransientError(error)) throw error;
	const message = safeText((error as Error).message, secretsOf(ctx));
	ctx.logger.warn(`Raydocs Trigger "${ctx.getNode().name}": could not ${what}, will try again on the next poll: ${message}`);
}

/** Whether the poll is a manual test run ("Fetch Test Event"), which must not move the state. */
export function isManualRun(ctx: IPollFunctions): boolean {
	return ctx.getMode() === 'manual';
}

export function toItems(items: IDataObject[]): PollOutcome {
	return items.length ? [items.map((json) => ({ json }))] : null;
}

/** The workspace picker's value, checked before anything is sent. */
export function readWorkspace(ctx: IPollFunctions): string {
	const value = idFromValue(ctx.getNode(), ctx.getNodeParameter('workspace', '', { extractValue: true }), 'Workspace');
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), 'Workspace is empty', {
			description: 'Pick a workspace from the list or enter its ID.',
		});
	}
	return value;
}

export function readUuid(ctx: IPollFunctions, name: string, label: string): string {
	const value = idFromValue(ctx.getNode(), ctx.getNodeParameter(name, ''), label);
	if (!isUuid(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${value}" is not a valid ID`, {
			description: `${label} IDs look like 550e8400-e29b-41d4-a716-446655440000. Paste the ID exactly as Raydocs shows it.`,
		});
	}
	return value;
}

/**
 * "Start From": undefined for "now" (the first activation records the current position and emits
 * nothing), or the epoch ms of the chosen date (the first poll emits everything since then).
 */
export function readStartFrom(ctx: IPollFunctions): number | undefined {
	const options = ctx.getNodeParameter('options', {}) as { startFrom?: string; startDate?: string };
	if (options.startFrom !== 'date') return undefined;
	const at = Date.parse(String(options.startDate ?? ''));
	if (Number.isNaN(at)) {
		throw new NodeOperationError(ctx.getNode(), 'Start Date is not a valid date', {
			description: 'Pick a date in the "Start Date" option, or set "Start From" to "Now".',
		});
	}
	return at;
}

/** Start From + Start Date, shared by every event's Options collection. */
export const startFromOptions: INodeProperties[] = [
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		options: [
			{
				name: 'Now',
				value: 'now',
				description: 'The first activation records where things stand and emits nothing; later polls emit what completes after it',
			},
			{
				name: 'A Date (Backfill)',
				value: 'date',
				description: 'The first poll emits everything that completed since the Start Date, then carries on as usual',
			},
		],
		default: 'now',
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { startFrom: ['date'] } },
		description: 'Used when Start From is "A Date": emit what completed at or after this moment',
	},
];
