import { NodeConnectionTypes, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription, type IWebhookDescription } from 'n8n-workflow';

import { FLATTEN_SINCE_VERSION } from '../description/flatten';
import { withEitherDelivery, type Delivery } from './triggerDelivery';

/** What a trigger node says about itself; the rest of its description is the same for every trigger. */
export interface TriggerShell {
	/** "Raydocs Trigger": the node's name in the panel and the default name of a new node. */
	displayName: string;
	name: string;
	credential: string;
	description: string;
	/**
	 * How events arrive: by polling the service, by the service calling this n8n's webhook, or
	 * either, as the node's Delivery field says (triggerDelivery.ts).
	 */
	feed: 'polling' | 'webhook' | 'either';
	/** With feed 'either': the Delivery field's default (deliveryField), which decides a node that does not store it. */
	delivery?: Delivery;
	/**
	 * Whether the trigger's items carry extracted data: it then has a version that flattens them by
	 * default (its Flatten switch), and nodes saved at version 1 keep their nested items.
	 */
	flattens: boolean;
	properties: INodeProperties[];
}

/** The webhook n8n serves for a trigger the service calls. */
const WEBHOOK: IWebhookDescription = { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' };

/**
 * The description of a trigger node but its icon and subtitle: no inputs, one output, the service's
 * credential, its feed. The node writes its icon and subtitle itself, where n8n's lint reads them.
 */
export function triggerDescription(shell: TriggerShell): Omit<INodeTypeDescription, 'icon' | 'subtitle'> {
	return {
		displayName: shell.displayName,
		name: shell.name,
		group: ['trigger'],
		...(shell.flattens ? { version: [1, FLATTEN_SINCE_VERSION], defaultVersion: FLATTEN_SINCE_VERSION } : { version: 1 }),
		description: shell.description,
		defaults: { name: shell.displayName },
		...(shell.feed !== 'webhook' ? { polling: true } : {}),
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: shell.credential, required: true }],
		...(shell.feed === 'webhook' ? { webhooks: [WEBHOOK] } : {}),
		...(shell.feed === 'either' ? { webhooks: [withEitherDelivery(WEBHOOK, shell.delivery ?? 'webhook')] } : {}),
		properties: shell.properties,
	};
}

/** Where a notice sends the user for what it leaves out: the link to the service's README in the repository. */
export function readmeLink(service: string, text: string): string {
	return `<a href="https://github.com/n8n-nodes-document-extraction/n8n-nodes-document-extraction/blob/main/nodes/${service}/README.md" target="_blank">${text}</a>`;
}

/** A notice shown above a trigger's fields. */
export function noticeField(name: string, text: string): INodeProperties {
	return { displayName: text, name, type: 'notice', default: '' };
}

/**
 * The name of the field that says which events start the workflow, the same for both deliveries of
 * a trigger that offers both.
 */
export const EVENTS_LABEL = 'Trigger On';

/** The Event picker of a polling trigger that watches several feeds ("Event"; EVENTS_LABEL on a trigger with both deliveries). */
export function eventField(options: INodePropertyOptions[], defaultEvent: string, displayName = 'Event'): INodeProperties {
	return { displayName, name: 'event', type: 'options', noDataExpression: true, options, default: defaultEvent };
}

/** The events a webhook subscription delivers, as the service names them (at least one). */
export function webhookEventsField(options: INodePropertyOptions[], defaultEvents: string[]): INodeProperties {
	return { displayName: EVENTS_LABEL, name: 'events', type: 'multiOptions', options, default: [...defaultEvents], required: true };
}

