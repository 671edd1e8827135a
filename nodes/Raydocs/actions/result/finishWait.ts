import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { notFinishedError } from '../../../shared/waiting/timeoutOutcome';
import type { WaitOutcome } from '../../../shared/waiting/wait';
import { formatProgress, type SessionProgress } from '../../sessionResults';

/** Turns one finished wait into the item's output, or its error when asked to fail on timeout. */
export function finishWait(
	ctx: IExecuteFunctions,
	outcome: WaitOutcome<SessionProgress>,
	options: { fail: boolean; simplify: boolean; itemIndex: number; label: string; extra?: IDataObject },
): INodeExecutionData[] {
	const { value, timedOut } = outcome;
	if (value.error) throw value.error;
	if (timedOut && options.fail) {
		throw notFinishedError(ctx, { label: options.label, later: 'Run Result → Wait later with the same ID.' }, value.status, options.itemIndex);
	}
	return [{ json: formatProgress(value, timedOut, options.simplify, options.extra) }];
}
