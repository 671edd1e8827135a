import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { waitUntilDone } from '../../../shared/waiting/wait';
import { waitForCompletionField, waitOptionsCollection } from '../../../shared/waiting/waitOptions';
import { checkResult, checkSession, formatResult, runIdsOf, type RaydocsResult } from '../../sessionResults';
import { startRun } from '../../startRun';
import { sessionId, sessionIdField, simplifyField, waitFields, waitPolicy } from '../parameters';
import { finishWait } from './finishWait';
import { readCollection } from '../../../shared/description/parameters';

const show = { resource: ['result'], operation: ['run'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	waitForCompletionField('Whether to wait until the run has finished and return its result'),
	waitOptionsCollection(waitFields, simplifyField),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const session = sessionId(this, itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const policy = waitPolicy(this, itemIndex);
	// The session's runs before this one: the older answer `{message, job_id}` names no run, so
	// the new run is the one not among them.
	const known = wait ? await runIdsOf(this, session, itemIndex) : undefined;
	const response = await startRun(this, session, itemIndex, policy.maxWaitMs ?? 10 * 60_000);
	const run = response.body as RaydocsResult;
	const simplify = ((readCollection(this, 'options', itemIndex)).simplify as boolean) ?? true;
	if (!wait) {
		return outputItems(run.id ? formatResult(run, simplify, { session_id: session }) : { ...run, session_id: session });
	}
	const outcome = run.id
		? await waitUntilDone(this, async () => await checkResult(this, run.id, itemIndex), policy, itemIndex)
		: await waitUntilDone(this, async () => await checkSession(this, session, itemIndex, known), policy, itemIndex);
	return finishWait(this, outcome, {
		fail: policy.fail,
		simplify,
		itemIndex,
		label: run.id ? `Run ${run.id}` : `The run of session ${session}`,
		extra: { session_id: session },
	});
}

export { runReview as review } from '../../review';
