/** What every Raydocs trigger event reads (workspace, IDs, Start From, its Options) and how it asks (a poll GET). */
import { NodeOperationError, type INodeProperties, type IPollFunctions } from 'n8n-workflow';

import type { ApiRequestOptions } from '../../shared/transport/http';
import { pollRequest } from '../../shared/triggers/pollLimits';
import { optionsCollection } from '../../shared/description/fields';
import { idFromValue, isUuid } from '../../shared/description/validate';
import { raydocsJson } from '../transport';

/** A GET made by a poll: the poll's retries and timeout, errors named after what was asked. */
export async function pollGet<T>(ctx: IPollFunctions, options: Omit<ApiRequestOptions, 'method'>): Promise<T> {
	return await raydocsJson<T>(ctx, { method: 'GET', ...pollRequest(), ...options });
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

/** Start From + Start Date, the last options of every event. */
const startFromOptions: INodeProperties[] = [
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

/** An event's Options collection: its own options, then Start From and Start Date. */
export function eventOptions(show: { event: string[] }, options: INodeProperties[]): INodeProperties {
	return optionsCollection([...options, ...startFromOptions], { placeholder: 'Add option', displayOptions: { show } });
}
