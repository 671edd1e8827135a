import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readMaxWaitMs } from '../description/validate';
import type { WaitPolicy } from './wait';

/** How long to wait, how to poll, and what to do when the max wait runs out. */
export interface WaitSettings extends Partial<WaitPolicy> {
	/** On timeout, fail with an error naming the job and its last status instead of returning it marked `timed_out`. */
	fail: boolean;
	/** On timeout, cancel the job first (where the service can, and the operation offers it). */
	cancelOnTimeout: boolean;
}

/** Max Wait and On Timeout, the options of every operation that can wait for a job to finish. */
export function waitOptionFields(defaultMinutes: number): INodeProperties[] {
	return [
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 0.05 },
			default: defaultMinutes,
			description: 'How long to wait for completion before giving up. On timeout the IDs and last status are returned (or the node fails, if set below).',
		},
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			options: [
				{
					name: 'Return IDs and Last Status',
					value: 'return',
					description: 'Output the item marked timed_out: true so nothing is lost',
				},
				{ name: 'Fail', value: 'fail', description: 'Stop with an error naming the IDs still running' },
			],
			default: 'return',
		},
	];
}

/** n8n's usual "Wait for Completion" switch; each operation says what it waits for. */
export function waitForCompletionField(description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName: 'Wait for Completion', name: 'waitForCompletion', type: 'boolean', default: true, description, ...extra };
}

/** One service's wait options: its default Max Wait and polling pace, as fields and as a reader. */
export interface ServiceWaitOptions {
	fields: INodeProperties[];
	/** Reads (and checks) one item's wait options; a Max Wait that is not a positive number is that item's error. */
	read(ctx: IExecuteFunctions, itemIndex: number, collection?: string): WaitSettings;
}

/**
 * The wait options of a service. `pace` gives its polling (e.g. a first look after 2 s, at most
 * 10 s between looks); it is read on every call, so tests may shorten it.
 */
export function serviceWaitOptions(defaultMinutes: number, pace: () => Partial<WaitPolicy> = () => ({})): ServiceWaitOptions {
	return {
		fields: waitOptionFields(defaultMinutes),
		read(ctx, itemIndex, collection = 'options') {
			const options = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
			return {
				...pace(),
				maxWaitMs: readMaxWaitMs(ctx, itemIndex, collection, defaultMinutes),
				fail: options.onTimeout === 'fail',
				cancelOnTimeout: options.cancelOnTimeout === true,
			};
		},
	};
}

/** The "Options" collection of an operation that can wait: the service's wait fields, then its others. */
export function waitOptionsCollection(waitFields: INodeProperties[], ...others: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [...waitFields, ...others] };
}
