import type { IDisplayOptions, INodeExecutionData, INodeProperties, IPollFunctions, IWebhookDescription } from 'n8n-workflow';

/**
 * A trigger that takes events either way: the service calls this n8n's webhook, or n8n polls the
 * service. n8n groups only one trigger node per app in its node panel, so one node offers both.
 */
export type Delivery = 'webhook' | 'polling';

const PARAMETER = 'delivery';

/**
 * The Delivery choice. Its default is what nodes saved before the choice existed did (n8n does not
 * store a parameter left at its default): Webhook for a webhook trigger that gained polling, Polling
 * for a polling trigger that gained a webhook.
 */
export function deliveryField(service: string, byDefault: Delivery): INodeProperties {
	return {
		displayName: 'Delivery',
		name: PARAMETER,
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Webhook',
				value: 'webhook',
				description: `${service} calls this n8n when something finishes: instant, no requests while idle. ${service} must be able to reach this n8n.`,
			},
			{
				name: 'Polling',
				value: 'polling',
				description: `Asks ${service} at the Poll Times above: works behind a firewall or on a local n8n`,
			},
		],
		default: byDefault,
		description: 'How events reach n8n. Poll Times applies only to Polling.',
	};
}

/** The fields shown only for one delivery (added to each field's own display conditions). */
export function forDelivery(delivery: Delivery, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show: IDisplayOptions['show'] = { ...property.displayOptions?.show, [PARAMETER]: [delivery] };
		return { ...property, displayOptions: { ...property.displayOptions, show } };
	});
}

type Poll = (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

/**
 * The node's poll, asked only with Polling delivery: n8n polls every node that can poll, and with
 * Webhook there is nothing to ask (no request, nothing emitted). `byDefault`: the Delivery field's default.
 */
export function pollWithPollingDelivery(poll: Poll, byDefault: Delivery): Poll {
	return async function (this: IPollFunctions) {
		return this.getNodeParameter(PARAMETER, byDefault) === 'polling' ? await poll.call(this) : null;
	};
}

/**
 * Where n8n 2.41 and later look for resolvers of a webhook description's fields: a field whose
 * value is still the resolver's template is computed from the node's parameters by the resolver,
 * without n8n's expression engine, when those parameters hold no expression (n8n 1.x ignores the
 * key and evaluates the template). n8n 2.41.1 was seen failing a trigger's activation now and then
 * with "No bridge acquired for this context" while evaluating this method through the engine, after
 * the service's webhook was registered: its id and signing secret were then never saved.
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/** A description field computed from the node's parameters: the template n8n evaluates, and the same rule as a function. */
interface NativeField {
	template: string;
	resolve(parameters: Record<string, unknown>): unknown;
}

/**
 * A trigger's webhook, on a node offering both deliveries. With Polling its method is empty, so n8n
 * registers no webhook at all (neither with the service nor for test events) and hides its URLs.
 * `byDefault`: the Delivery field's default, which a node left at it does not store.
 */
export function withEitherDelivery(webhook: IWebhookDescription, byDefault: Delivery): IWebhookDescription {
	const method = String(webhook.httpMethod);
	// Nodes left at the default do not store the field, so Polling is "anything but webhook" where it is the default.
	const polling = byDefault === 'polling' ? `$parameter["${PARAMETER}"] !== "webhook"` : `$parameter["${PARAMETER}"] === "polling"`;
	const isPolling = (parameters: Record<string, unknown>) => (byDefault === 'polling' ? parameters[PARAMETER] !== 'webhook' : parameters[PARAMETER] === 'polling');
	const fields: Record<'httpMethod' | 'ndvHideUrl', NativeField> = {
		httpMethod: { template: `={{${polling} ? "" : "${method}"}}`, resolve: (parameters) => (isPolling(parameters) ? '' : method) },
		ndvHideUrl: { template: `={{${polling}}}`, resolve: isPolling },
	};
	return Object.assign(
		{ ...webhook, httpMethod: fields.httpMethod.template, ndvHideUrl: fields.ndvHideUrl.template },
		{ [WEBHOOK_RESOLVERS]: fields },
	) as IWebhookDescription;
}
