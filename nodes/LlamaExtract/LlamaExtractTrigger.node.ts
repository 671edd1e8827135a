import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { noticeField, readmeLink, triggerDescription } from '../shared/triggers/triggerDescription';
import { deliveryField, forDelivery, pollWithPollingDelivery } from '../shared/triggers/triggerDelivery';
import { subscriptionMethods } from '../shared/triggers/webhookSubscription';
import { searchAgents, searchConfigurations } from './methods/listSearch';
import { EXTRACT_WEBHOOK_PROPERTIES, receiveJobWebhook, webhookConfiguration } from './trigger/extractWebhook';
import { POLLING_PROPERTIES, pollJobsOrRuns } from './trigger/polling';

const TRIGGER = 'LlamaExtract Trigger';

/**
 * LlamaExtract's one trigger, with both deliveries: polling LlamaCloud (the default, as nodes saved
 * before the choice polled), or a signed webhook LlamaCloud calls over https (n8n shows one trigger
 * per app, so the two are one node).
 */
export class LlamaExtractTrigger implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		subtitle: '={{$parameter["delivery"] === "webhook" ? $parameter["events"].join(", ") : $parameter["event"]}}',
		...triggerDescription({
			displayName: TRIGGER,
			name: 'llamaExtractTrigger',
			credential: 'llamaCloudExtractApi',
			description:
				'Extract structured data from documents with LlamaCloud LlamaExtract, or start a workflow when an extraction job or agent run finishes',
			feed: 'either',
			delivery: 'polling',
			flattens: true,
			properties: [
				deliveryField('LlamaCloud', 'polling'),
				...forDelivery('polling', [
					noticeField(
						'notice',
						'Asks LlamaCloud for finished jobs at the Poll Times above. If LlamaCloud can reach this n8n over https, Delivery "Webhook" is faster and makes no requests while idle.',
					),
					...POLLING_PROPERTIES,
				]),
				...forDelivery('webhook', [
					noticeField(
						'notice',
						`LlamaCloud calls only https URLs: set n8n's WEBHOOK_URL to its public https address, or choose Delivery "Polling" to test on a local n8n. Then, in the LlamaExtract node, open Extract → Create → Options → Notify Webhook Configurations and pick the one with this n8n's address (saved when you click "Fetch Test Event" or publish). ${readmeLink('LlamaExtract', 'How deliveries are checked')}`,
					),
					...EXTRACT_WEBHOOK_PROPERTIES,
				]),
			],
		}),
	};

	methods = {
		listSearch: { searchAgents, searchConfigurations },
	};

	webhookMethods = { default: subscriptionMethods(webhookConfiguration({ name: TRIGGER, polling: 'switch Delivery to Polling' })) };

	poll = pollWithPollingDelivery(pollJobsOrRuns, 'polling');

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveJobWebhook(this, TRIGGER);
	}
}
