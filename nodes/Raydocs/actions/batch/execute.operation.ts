import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { readCollection, requireUuidList } from '../../../shared/description/parameters';
import { waitForAll } from '../../../shared/waiting/wait';
import { waitForCompletionField, waitOptionsCollection } from '../../../shared/waiting/waitOptions';
import { checkSession, formatProgress, runIdsOf } from '../../sessionResults';
import { raydocsRequest } from '../../transport';
import { simplifyField, templateId, templateLocator, waitFields, waitPolicy } from '../parameters';

const show = { resource: ['batch'], operation: ['execute'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	{
		displayName: 'Session IDs',
		name: 'sessionIds',
		type: 'string',
		default: '',
		required: true,
		description: 'Sessions of this template to run extraction on, separated by commas',
	},
	waitForCompletionField('Whether to wait for every run and return one item per session with its result'),
	waitOptionsCollection(waitFields, simplifyField),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const template = templateId(this, itemIndex);
	const sessionIds = requireUuidList(this, this.getNodeParameter('sessionIds', itemIndex), 'Session', itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const policy = wait ? waitPolicy(this, itemIndex) : undefined;
	// The runs each session has before the call: the run this call queues is the one not among
	// them (embedded runs may carry no created_at to compare).
	const before = new Map<string, Set<string>>();
	if (policy) for (const id of sessionIds) before.set(id, await runIdsOf(this, id, itemIndex));
	const response = await raydocsRequest<IDataObject>(this, {
		method: 'POST',
		path: apiPath`/extractions/templates/${template}/sessions/batch/execute`,
		body: { session_ids: sessionIds },
		subject: `Template ${template}`,
		what: `queue extraction for ${sessionIds.length} sessions`,
		itemIndex,
	});
	if (!policy) return [{ json: { ...response.body, session_ids: sessionIds } }];
	const simplify = ((readCollection(this, 'options', itemIndex)).simplify as boolean) ?? true;
	const waited = await waitForAll(this, sessionIds, async (id) => await checkSession(this, id, itemIndex, before.get(id)), policy);
	const outputs: INodeExecutionData[] = [];
	const late: string[] = [];
	for (const id of sessionIds) {
		const { value, timedOut } = waited.get(id)!;
		if (value.error) throw value.error;
		if (timedOut) late.push(id);
		outputs.push({ json: formatProgress(value, timedOut, simplify, { session_id: id }) });
	}
	if (late.length && policy.fail) {
		throw new NodeOperationError(this.getNode(), `${late.length} of ${sessionIds.length} sessions did not finish within the max wait`, {
			itemIndex,
			description: `Still running: ${late.join(', ')}. Use Result → Wait with these session IDs, or raise "Max Wait".`,
		});
	}
	return outputs;
}
