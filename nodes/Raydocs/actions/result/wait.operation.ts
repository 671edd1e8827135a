import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { choiceFields } from '../../../shared/description/fields';
import { idParameter, readCollection } from '../../../shared/description/parameters';
import { requireUuid } from '../../../shared/description/validate';
import { waitUntilDone } from '../../../shared/waiting/wait';
import { waitOptionsCollection } from '../../../shared/waiting/waitOptions';
import { checkResult, checkSession } from '../../sessionResults';
import { sessionId, sessionIdField, simplifyField, waitFields, waitPolicy } from '../parameters';
import { resultIdField } from './get.operation';
import { finishWait } from './finishWait';

const show = { resource: ['result'], operation: ['wait'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...choiceFields({
		displayName: 'Wait For',
		name: 'waitFor',
		options: [
			{ name: 'Session', value: 'session', description: 'The newest run of a session (e.g. one created with Auto Extract)', fields: [sessionIdField] },
			{ name: 'Result', value: 'result', description: 'A run whose ID you have', fields: [resultIdField] },
		],
	}),
	waitOptionsCollection(waitFields, simplifyField),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const policy = waitPolicy(this, itemIndex);
	const simplify = ((readCollection(this, 'options', itemIndex)).simplify as boolean) ?? true;
	if (this.getNodeParameter('waitFor', itemIndex) === 'result') {
		const id = requireUuid(this, idParameter(this, 'resultId', 'Result', itemIndex), 'Result', itemIndex);
		const outcome = await waitUntilDone(this, async () => await checkResult(this, id, itemIndex), policy, itemIndex);
		return finishWait(this, outcome, { fail: policy.fail, simplify, itemIndex, label: `Result ${id}`, extra: { result_id: id } });
	}
	const id = sessionId(this, itemIndex);
	const outcome = await waitUntilDone(this, async () => await checkSession(this, id, itemIndex), policy, itemIndex);
	return finishWait(this, outcome, { fail: policy.fail, simplify, itemIndex, label: `Session ${id}`, extra: { session_id: id } });
}

export { runReview as review } from '../../review';
