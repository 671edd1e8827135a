import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { markRunOutcome } from '../../../shared/review';
import type { WaitOutcome } from '../../../shared/wait';
import { formatProgress, type SessionProgress } from '../../results';

/** Turns one finished wait into the item's output, or its error when asked to fail on timeout. */
export function finishWait(
	ctx: IExecuteFunctions,
	outcome: WaitOutcome<SessionProgress>,
	options: { fail: boolean; simplify: boolean; itemIndex: number; label: string; extra?: IDataObject },
): INodeExecutionData[] {
	const { value, timedOut } = outcome;
	if (value.error) throw value.error;
	if (timedOut && options.fail) {
		const error = new NodeOperationError(ctx.getNode(), `${options.label} did not finish within the max wait`, {
			itemIndex: options.itemIndex,
			description: `Its last status was "${value.status}". Run Result → Wait later with the same ID, or raise "Max Wait".`,
		});
		throw markRunOutcome(error, 'timedOut', value.status);
	}
	return [{ json: formatProgress(value, timedOut, options.simplify, options.extra) }];
}
