import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { ppJson, unwrap } from '../../transport';
import { WEBHOOK_EVENTS } from '../parameters';
import { optionsCollection } from '../../../shared/description/fields';
import { readCollection } from '../../../shared/description/parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['create'] } }, [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/perfectparser',
		description: 'Where PerfectParser POSTs the events (HTTPS in production). To start a workflow, use the PerfectParser Trigger node instead: it registers itself.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: WEBHOOK_EVENTS,
		default: ['extraction.job_completed'],
		required: true,
	},
	optionsCollection([
		{
			displayName: 'Static Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional token (8+ characters) sent verbatim in the X-Webhook-Secret header of every delivery',
		},
	]),
]);

export function checkUrl(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): string {
	const url = String(raw ?? '').trim();
	if (!/^https?:\/\/[^\s/]+/i.test(url)) {
		throw new NodeOperationError(ctx.getNode(), `URL "${url}" is not a web address`, {
			itemIndex,
			description: 'Enter a full URL starting with https://.',
		});
	}
	return url;
}

export function checkEvents(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): string[] {
	const events = (Array.isArray(raw) ? raw : [raw]).map(String).filter((event) => event);
	const known = WEBHOOK_EVENTS.map((event) => event.value);
	const unknown = events.filter((event) => !known.includes(event));
	if (events.length === 0 || unknown.length) {
		throw new NodeOperationError(ctx.getNode(), `Choose at least one known event`, {
			itemIndex,
			description: `Known events: ${known.join(', ')}.${unknown.length ? ` Not known: ${unknown.join(', ')}.` : ''}`,
		});
	}
	return events;
}

/** The answer carries the signing secret, shown only this once: it is returned as is. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body: IDataObject = {
		url: checkUrl(this, this.getNodeParameter('url', itemIndex), itemIndex),
		events: checkEvents(this, this.getNodeParameter('events', itemIndex), itemIndex),
	};
	const secret = String((readCollection(this, 'options', itemIndex)).secret ?? '');
	if (secret) {
		if (secret.length < 8) {
			throw new NodeOperationError(this.getNode(), `Static Secret must have at least 8 characters`, { itemIndex });
		}
		body.secret = secret;
	}
	return outputItems(unwrap(await ppJson(this, { method: 'POST', path: '/webhooks', body, itemIndex, what: 'create the webhook' }), 'webhook'));
}
