import { randomBytes } from 'crypto';

import { NodeOperationError, type IDataObject, type INodeProperties, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { apiPath } from '../../shared/transport/paths';
import { hmacSha256Matches } from '../../shared/triggers/signature';
import { webhookEventsField } from '../../shared/triggers/triggerDescription';
import { flattenSwitch } from '../../shared/description/flatten';
import { deliveryKeys } from '../../shared/triggers/replayGuard';
import { acceptDelivery, ignoreDelivery, isReplay, receiveDelivery, startWith, type DeliverySigning } from '../../shared/triggers/webhookDelivery';
import { chosenEvents, sameEvents, type WebhookSubscription } from '../../shared/triggers/webhookSubscription';
import { formatV2Job, getV2Job } from '../jobs';
import { llamaJson, llamaRequest } from '../transport';
import { EXTRACTED_DATA } from './extractedData';

const CONFIGS = '/api/v1/beta/webhook-configs';

/** The events LlamaCloud's job webhooks send, as it names them. */
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

/** The fields of a webhook delivery: the events, whether to fetch the job, and Flatten. */
export const EXTRACT_WEBHOOK_PROPERTIES: INodeProperties[] = [
	webhookEventsField(EVENTS, ['extract.success']),
	{
		displayName: 'Fetch Job',
		name: 'fetchJob',
		type: 'boolean',
		default: true,
		description: 'Whether to fetch the job (status, extracted data) from LlamaCloud before starting the workflow',
	},
	flattenSwitch('data', { fetchJob: [true] }),
];

/** What a trigger receiving LlamaCloud's job webhooks says of itself in messages and logs. */
export interface ExtractWebhookTrigger {
	/** "LlamaExtract Trigger". */
	name: string;
	/** What to do instead on an n8n LlamaCloud cannot call over https: "switch Delivery to Polling". */
	polling: string;
}

const configPath = (id: string) => apiPath`/api/v1/beta/webhook-configs/${id}`;

/**
 * The error for a webhook URL LlamaCloud would not call: what to do comes first, since n8n's editor
 * shows only the message of an error raised while it sets up a test webhook.
 */
function notHttps(ctx: Parameters<WebhookSubscription['register']>[0], trigger: ExtractWebhookTrigger, url: string): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`LlamaCloud calls only https webhook URLs: set n8n's WEBHOOK_URL to its public https address, or ${trigger.polling} to test locally`,
		{
			description: `This n8n's webhook URL is ${url.split('?')[0]}. Set n8n's WEBHOOK_URL environment variable to this instance's public https address (e.g. https://n8n.example.com/) and try again; on a local n8n, polling asks LlamaCloud at the Poll Times instead.`,
		},
	);
}

/** A LlamaCloud webhook configuration, owned by the trigger. */
export function webhookConfiguration(trigger: ExtractWebhookTrigger): WebhookSubscription {
	return {
		trigger: trigger.name,
		noun: 'webhook configuration',
		idField: 'webhookConfigurationId',
		eventsHint: 'Pick one or more of Job Completed, Job Failed, Job Partially Succeeded and Job Cancelled.',
		async read(ctx, id) {
			const response = await llamaRequest<IDataObject>(ctx, { method: 'GET', path: configPath(id), acceptStatuses: [404], subject: `Webhook configuration ${id}`, scoped: true });
			return response.statusCode === 404 ? undefined : response.body;
		},
		isCurrent: (config, url, events) => config.webhook_url === url && sameEvents(config.webhook_events, events) && config.has_secret !== false,
		async register(ctx, url = '', events) {
			if (!/^https:\/\//i.test(url)) throw notHttps(ctx, trigger, url);
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
}

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

/**
 * Answers a LlamaCloud job webhook: signed with an HMAC-SHA256 of the body in LC-Signature
 * (sha256=…); a replay is answered and not run; an event not chosen is answered and ignored; the
 * job is fetched when Fetch Job is on.
 */
export async function receiveJobWebhook(ctx: IWebhookFunctions, trigger: string): Promise<IWebhookResponseData> {
	const signing: DeliverySigning = { trigger, header: 'LC-Signature', verify: hmacSha256Matches };
	return await receiveDelivery(ctx, signing, async ({ raw, payload }) => {
		const { event, jobId, eventId } = readDelivery(payload);
		// LlamaCloud signs only the body (no timestamp, no id in the signature): a redelivered or
		// replayed copy is recognised by its bytes, or by its job and event, and answered 200 unrun.
		const keys = deliveryKeys(raw, [jobId && event ? `${jobId} ${event}` : undefined, eventId && `event ${eventId}`]);
		if (isReplay(ctx, keys)) {
			ctx.logger.info(`${trigger}: ignored a delivery accepted before (same signed body, or same job and event)`);
			return ignoreDelivery('already received');
		}
		if (event && !chosenEvents(ctx).includes(event)) return ignoreDelivery(`event ${event} not selected`);
		acceptDelivery(ctx, keys);
		const status = event ? STATUS_OF_EVENT[event] : undefined;
		const fetchJob = jobId && ctx.getNodeParameter('fetchJob', true) === true;
		return await startWith(
			ctx,
			trigger,
			{ event: event ?? null, job_id: jobId ?? null, status: status ?? null, payload },
			fetchJob
				? async () => {
						const job = formatV2Job(await getV2Job(ctx, jobId, undefined, {}), { simplify: true, metadata: false });
						return { ...job, status: status ?? job.status, payload };
					}
				: undefined,
			EXTRACTED_DATA,
		);
	});
}
