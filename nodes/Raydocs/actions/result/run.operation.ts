import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/paths';
import { toItems } from '../../../shared/router';
import { waitUntilDone } from '../../../shared/wait';
import { checkResult, checkSession, formatResult, type RaydocsResult } from '../../results';
import { raydocsRequest } from '../../transport';
import { sessionId, sessionIdField, simplifyField, waitFields, waitPolicy } from '../common';
import { finishWait } from './finishWait';

const show = { resource: ['result'], operation: ['run'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description: 'Whether to wait until the run has finished and return its result',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitFields, simplifyField],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const session = sessionId(this, itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const policy = wait ? waitPolicy(this, itemIndex) : undefined;
	const response = await raydocsRequest<RaydocsResult | IDataObject>(this, {
		method: 'POST',
		path: apiPath`/extractions/sessions/${session}/results`,
		subject: `Session ${session}`,
		what: 'start the extraction run',
		itemIndex,
	});
	const run = response.body as RaydocsResult;
	const simplify = ((this.getNodeParameter('options', itemIndex, {}) as IDataObject).simplify as boolean) ?? true;
	if (!policy) {
		return toItems(run.id ? formatResult(run, simplify, { session_id: session }) : { ...run, session_id: session });
	}
	// Current API: the new run comes back with its id. Legacy API: `{message, job_id}` only, so
	// wait on the session for a run created after the server queued this one.
	const outcome = run.id
		? await waitUntilDone(this, async () => await checkResult(this, run.id, itemIndex), policy, itemIndex)
		: await waitUntilDone(
				this,
				async () => await checkSession(this, session, itemIndex, Date.parse(String(response.headers.date ?? '')) - 1000 || undefined),
				policy,
				itemIndex,
			);
	return finishWait(this, outcome, {
		fail: policy.fail,
		simplify,
		itemIndex,
		label: run.id ? `Run ${run.id}` : `The run of session ${session}`,
		extra: { session_id: session },
	});
}

export { runReview as review } from '../../review';
