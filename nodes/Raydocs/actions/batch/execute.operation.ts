import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { apiPath } from '../../../shared/paths';
import { requireUuidList } from '../../../shared/validate';
import { waitForAll } from '../../../shared/wait';
import { checkSession, formatProgress } from '../../results';
import { raydocsRequest } from '../../transport';
import { simplifyField, templateId, templateLocator, waitFields, waitPolicy } from '../common';

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
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description: 'Whether to wait for every run and return one item per session with its result',
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

/** The server's clock when it queued the runs: newer runs than this are the ones we started. */
function queuedAt(headers: Record<string, unknown>): number {
	const date = Date.parse(String(headers.date ?? ''));
	// HTTP dates have whole seconds; step back one so a run created in the same second counts.
	return Number.isNaN(date) ? Date.now() - 1000 : date - 1000;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const template = templateId(this, itemIndex);
	const sessionIds = requireUuidList(this, this.getNodeParameter('sessionIds', itemIndex), 'Session', itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const policy = wait ? waitPolicy(this, itemIndex) : undefined;
	const response = await raydocsRequest<IDataObject>(this, {
		method: 'POST',
		path: apiPath`/extractions/templates/${template}/sessions/batch/execute`,
		body: { session_ids: sessionIds },
		subject: `Template ${template}`,
		what: `queue extraction for ${sessionIds.length} sessions`,
		itemIndex,
	});
	if (!policy) {
		return [{ json: { ...response.body, session_ids: sessionIds } }];
	}
	const after = queuedAt(response.headers);
	const simplify = ((this.getNodeParameter('options', itemIndex, {}) as IDataObject).simplify as boolean) ?? true;
	const waited = await waitForAll(this, sessionIds, async (id) => await checkSession(this, id, itemIndex, after), policy);
	const outputs: INodeExecutionData[] = [];
	const late: string[] = [];
	for (const id of sessionIds) {
		const { value, timedOut } = waited.get(id)!;
		if (value.error) throw value.error;
		if (timedOut) late.push(id);
		outputs.push({ json: formatProgress(value, timedOut, simplify, { session_id: id }) });
	}
	if (late.length && policy.fail) {
		throw new NodeOperationError(this.getNode(), `${late.length} of ${sessionIds.length} sessions did not finish within the max wait [item ${itemIndex}]`, {
			itemIndex,
			description: `Still running: ${late.join(', ')}. Use Result → Wait with these session IDs, or raise "Max Wait".`,
		});
	}
	return outputs;
}
