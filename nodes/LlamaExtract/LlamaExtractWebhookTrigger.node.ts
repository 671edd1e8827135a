import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { noticeField, triggerDescription } from '../shared/triggers/triggerDescription';
import { subscriptionMethods } from '../shared/triggers/webhookSubscription';
import { EXTRACT_WEBHOOK_PROPERTIES, receiveJobWebhook, webhookConfiguration } from './trigger/extractWebhook';

const TRIGGER = 'LlamaExtract Webhook Trigger';

/**
 * The webhook trigger as a node of its own, hidden from the node panel: new workflows use the
 * LlamaExtract Trigger with Delivery "Webhook" (one LlamaExtract app in the panel); workflows saved
 * with this node keep running unchanged.
 */
export class LlamaExtractWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		subtitle: '={{$parameter["events"].join(", ")}}',
		hidden: true,
		...triggerDescription({
			displayName: TRIGGER,
			name: 'llamaExtractWebhookTrigger',
			credential: 'llamaCloudExtractApi',
			description: 'Start a workflow when LlamaCloud reports that a LlamaExtract extraction job finished (signed webhook)',
			feed: 'webhook',
			flattens: true,
			properties: [
				noticeField(
					'notice',
					'This node is now the LlamaExtract Trigger with Delivery "Webhook"; it keeps working as it is. LlamaCloud notifies it only for jobs that name its webhook configuration: in the LlamaExtract node, Extract → Create → Options → "Notify Webhook Configurations", pick the one with this n8n\'s address.',
				),
				...EXTRACT_WEBHOOK_PROPERTIES,
			],
		}),
	};

	webhookMethods = { default: subscriptionMethods(webhookConfiguration({ name: TRIGGER, polling: 'use the LlamaExtract Trigger with Delivery "Polling"' })) };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveJobWebhook(this, TRIGGER);
	}
}
