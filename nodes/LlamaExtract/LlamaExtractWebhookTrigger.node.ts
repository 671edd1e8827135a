import { randomBytes } from 'crypto';

import { NodeOperationError, type IDataObject, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { apiPath } from '../shared/transport/paths';
import { hmacSha256Matches } from '../shared/triggers/signature';
import { noticeField, triggerDescription, webhookEventsField } from '../shared/triggers/triggerDescription';
import { flattenSwitch } from '../shared/description/flatten';
import { deliveryKeys } from '../shared/triggers/replayGuard';
import { acceptDelivery, ignoreDelivery, isReplay, receiveDelivery, startWith, type DeliverySigning } from '../shared/triggers/webhookDelivery';
import { chosenEvents, sameEvents, subscriptionMethods, type WebhookSubscription } from '../shared/triggers/webhookSubscription';
import { formatV2Job, getV2Job } from './jobs';
import { llamaJson, llamaRequest } from './transport';
import { EXTRACTED_DATA } from './trigger/extractedData';

const TRIGGER = 'LlamaExtract Webhook Trigger';
const CONFIGS = '/api/v1/beta/webhook-configs';

/** The events this trigger offers, as LlamaCloud names them. */
const EVENTS = [
	{ name: 'Job Completed', value: 'extract.success', description: 'An extraction job finished with data' },
	{ name: 'Job Failed', value: 'extract.error', description: 'An extraction job ended with an error' },
	{ name: 'Job Partially Succeeded', value: 'extract.partial_success', description: 'An extraction job finished with part of the data' },
	{ name: 'Job Cancelled', value: 'extract.cancelled', description: 'An extraction job was cancelled before it finished' },
];

/**
 * The item's `status` for each event: the job's v2 status where there is one (COMPLETED, FAILED,
 * CANCELLED); a partial success has none in v2 (the job reads COMPLETED), so it says PARTIAL_SUCCESS.
 */
const STATUS_OF_EVENT: Record<string, string> = {
	'extract.success': 'COMPLETED',
	'extract.error': 'FAILED',
	'extract.partial_success': 'PARTIAL_SUCCESS',
	'extract.cancelled': 'CANCELLED',
};

const configPath = (id: string) => apiPath`/api/v1/beta/webhook-configs/${id}`;

/** A LlamaCloud webhook configuration, owned by the trigger. */
const webhookConfiguration: WebhookSubscription = {
	trigger: TRIGGER,
	noun: 'webhook configuration',
	idField: 'webhookConfigurationId',
	eventsHint: 'Pick one or more of Job Completed, Job Failed, Job Partially Succeeded and Job Cancelled.',
	async read(ctx, id) {
		const response = await llamaRequest<IDataObject>(ctx, { method: 'GET', path: configPath(id), acceptStatuses: [404], subject: `Webhook configuration ${id}`, scoped: true });
		return response.statusCode === 404 ? undefined : response.body;
	},
	isCurrent: (config, url, events) => config.webhook_url === url && sameEvents(config.webhook_events, events) && config.has_secret !== false,
	async register(ctx, url = '', events) {
		if (!/^https:\/\//i.test(url)) {
			throw new NodeOperationError(ctx.getNode(), `The webhook URL ${url.split('?')[0]} is not https`, {
				description:
					"LlamaCloud delivers webhooks over https only. Set n8n's WEBHOOK_URL environment variable to this instance's public https address (e.g. https://n8n.example.com/) and activate again, or use the LlamaExtract Trigger (polling).",
			});
		}
		// The secret is write-only at LlamaCloud: it lives here and in their store, nowhere else.
		const secret = randomBytes(32).toString('hex');
		const created = await llamaJson<IDataObject>(ctx, {
			method: 'POST',
			path: CONFIGS,
			body: { webhook_url: url, webhook_events: events, webhook_output_format: 'json', webhook_signing_secret: secret },
			what: 'save the webhook configuration',
			scoped: true,
		});
		if (typeof created.id !== 'string' || !created.id) {
			throw new NodeOperationError(ctx.getNode(), 'LlamaCloud saved the webhook configuration but returned no ID', {
				description: 'Check the webhook configurations of the project in LlamaCloud, delete the stray one and activate again.',
			});
		}
		return { id: created.id, secret };
	},
	async remove(ctx, id) {
		// 404: already gone, which is what we wanted.
		await llamaRequest(ctx, { method: 'DELETE', path: configPath(id), acceptStatuses: [404], subject: `Webhook configuration ${id}`, idempotent: true, scoped: true });
	},
};

/** LlamaCloud signs each delivery with an HMAC-SHA256 of the body in LC-Signature (sha256=…). */
const signing: DeliverySigning = { trigger: TRIGGER, header: 'LC-Signature', verify: hmacSha256Matches };

/** The payload shape is not documented: the event and the job id are looked for where they may be. */
function readDelivery(payload: IDataObject): { event?: string; jobId?: string; eventId?: string } {
	let data: unknown = payload.data;
	if (typeof data === 'string') {
		try {
			data = JSON.parse(data) as unknown;
		} catch {
			data = undefined;
		}
	}
	const inner = (data && typeof data === 'object' ? data : {}) as IDataObject;
	const event = [payload.event_type, payload.event, payload.type].find((value) => typeof value === 'string') as string | undefined;
	const jobId = [inner.job_id, inner.id, payload.job_id].find((value) => typeof value === 'string' && value) as string | undefined;
	const eventId = typeof payload.event_id === 'string' ? payload.event_id : undefined;
	return { event, jobId, eventId };
}

export class LlamaExtractWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		subtitle: '={{$parameter["events"].join(", ")}}',
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
					'On activation this saves a webhook configuration in LlamaCloud (removed again on deactivation). LlamaCloud notifies it only for jobs that name it: in the LlamaExtract node, Extract → Create → "Notify Webhook Configurations", pick the one with this n8n\'s address. LlamaCloud must reach this n8n over https; behind a firewall use the LlamaExtract Trigger (polling) instead.',
				),
				noticeField(
					'signingNotice',
					'Deliveries are checked with a secret this node generates: LlamaCloud signs each with an HMAC-SHA256 of the body in the LC-Signature header (sha256=…), as its SDK documents for job webhooks. The delivery body itself is not documented, so the node reads the job ID from it and, by default, fetches the job. A delivery received in the last 24 hours (the same body, or the same job and event) is answered and not run again.',
				),
				webhookEventsField(EVENTS, ['extract.success']),
				{
					displayName: 'Fetch Job',
					name: 'fetchJob',
					type: 'boolean',
					default: true,
					description: 'Whether to fetch the job (status, extracted data) from LlamaCloud before starting the workflow',
				},
				flattenSwitch('data', { fetchJob: [true] }),
			],
		}),
	};

	webhookMethods = { default: subscriptionMethods(webhookConfiguration) };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this, signing, async ({ raw, payload }) => {
			const { event, jobId, eventId } = readDelivery(payload);
			// LlamaCloud signs only the body (no timestamp, no id in the signature): a redelivered or
			// replayed copy is recognised by its bytes, or by its job and event, and answered 200 unrun.
			const keys = deliveryKeys(raw, [jobId && event ? `${jobId} ${event}` : undefined, eventId && `event ${eventId}`]);
			if (isReplay(this, keys)) {
				this.logger.info(`${TRIGGER}: ignored a delivery accepted before (same signed body, or same job and event)`);
				return ignoreDelivery('already received');
			}
			if (event && !chosenEvents(this).includes(event)) return ignoreDelivery(`event ${event} not selected`);
			acceptDelivery(this, keys);
			const status = event ? STATUS_OF_EVENT[event] : undefined;
			const fetchJob = jobId && this.getNodeParameter('fetchJob', true) === true;
			return await startWith(
				this,
				TRIGGER,
				{ event: event ?? null, job_id: jobId ?? null, status: status ?? null, payload },
				fetchJob
					? async () => {
							const job = formatV2Job(await getV2Job(this, jobId, undefined, {}), { simplify: true, metadata: false });
							return { ...job, status: status ?? job.status, payload };
						}
					: undefined,
				EXTRACTED_DATA,
			);
		});
	}
}
