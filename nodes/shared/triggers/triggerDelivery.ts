import type { IDisplayOptions, INodeExecutionData, INodeProperties, IPollFunctions, IWebhookDescription } from 'n8n-workflow';

/**
 * A trigger that takes events either way: the service calls this n8n's webhook, or n8n polls the
 * service. n8n groups only one trigger node per app in its node panel, so one node offers both.
 */
export type Delivery = 'webhook' | 'polling';

const PARAMETER = 'delivery';

/**
 * The Delivery choice. Its default stays Webhook: nodes saved before the choice existed were
 * webhook triggers, and n8n does not store a parameter left at its default.
 */
export function deliveryField(service: string): INodeProperties {
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
		default: 'webhook',
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
 * Webhook there is nothing to ask (no request, nothing emitted).
 */
export function pollWithPollingDelivery(poll: Poll): Poll {
	return async function (this: IPollFunctions) {
		return this.getNodeParameter(PARAMETER, 'webhook') === 'polling' ? await poll.call(this) : null;
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

const isPolling = (parameters: Record<string, unknown>) => parameters[PARAMETER] === 'polling';

/**
 * A trigger's webhook, on a node offering both deliveries. With Polling its method is empty, so n8n
 * registers no webhook at all (neither with the service nor for test events) and hides its URLs.
 */
export function withEitherDelivery(webhook: IWebhookDescription): IWebhookDescription {
	const method = String(webhook.httpMethod);
	const fields: Record<'httpMethod' | 'ndvHideUrl', NativeField> = {
		httpMethod: {
			template: `={{$parameter["${PARAMETER}"] === "polling" ? "" : "${method}"}}`,
			resolve: (parameters) => (isPolling(parameters) ? '' : method),
		},
		ndvHideUrl: {
			template: `={{$parameter["${PARAMETER}"] === "polling"}}`,
			resolve: isPolling,
		},
	};
	return Object.assign(
		{ ...webhook, httpMethod: fields.httpMethod.template, ndvHideUrl: fields.ndvHideUrl.template },
		{ [WEBHOOK_RESOLVERS]: fields },
	) as IWebhookDescription;
}
