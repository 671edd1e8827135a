import { NodeOperationError, type IDataObject, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { apiPath } from '../shared/transport/paths';
import { deliveryKeys } from '../shared/triggers/replayGuard';
import { optionsCollection } from '../shared/description/fields';
import { noticeField, readmeLink, triggerDescription, webhookEventsField } from '../shared/triggers/triggerDescription';
import { flattenSwitch } from '../shared/description/flatten';
import { deliveryField, forDelivery, pollWithPollingDelivery } from '../shared/triggers/triggerDelivery';
import { type TriggerFlatten } from '../shared/triggers/triggerFlatten';
import { acceptDelivery, ignoreDelivery, isReplay, receiveDelivery, startWith, type DeliverySigning } from '../shared/triggers/webhookDelivery';
import { chosenEvents, sameEvents, subscriptionMethods, type WebhookSubscription } from '../shared/triggers/webhookSubscription';
import { WEBHOOK_EVENTS } from './actions/parameters';
import { searchParsers } from './methods/listSearch';
import { verifySignature } from './signature';
import { ppJson, ppRequest, unwrap } from './transport';
import { EXTRACTION_POLLING_PROPERTIES, pollExtractions } from './trigger/extractionPolling';

const TRIGGER = 'PerfectParser Trigger';
/** What Fetch Extracted Data adds: a document, or the job with its documents, each with `extracted_data`. */
const FETCHED_DATA: TriggerFlatten = { keys: ['extracted_data'], grouped: false, within: ['document', 'extraction.documents'] };

/**
 * What identifies a delivery: the digest of its signed bytes, plus a delivery or event id when the
 * payload or the `X-PerfectParser-Delivery` header carries one (neither is documented; read if present).
 */
function keysOf(raw: Buffer, payload: IDataObject, headers: IDataObject, job: IDataObject): string[] {
	const header = headers['x-perfectparser-delivery'];
	// A finished job heard from both families (the API webhook and a dashboard one) runs once.
	// Send Test always names the same placeholder extraction, so test deliveries are left out.
	const finished = job.event === 'extraction.job_completed' && job.test !== true && typeof job.extraction_id === 'string' ? `job finished ${job.extraction_id}` : undefined;
	return deliveryKeys(raw, [Array.isArray(header) ? header[0] : header, payload.delivery_id, payload.event_id, finished]);
}

const webhookPath = (id: string) => apiPath`/webhooks/${id}`;

/** The trigger's events: Job Completed stands for a finished job whichever family the webhook sends. */
const TRIGGER_EVENTS = WEBHOOK_EVENTS.map((event) =>
	event.value === 'extraction.job_completed'
		? { ...event, description: 'Every file of a submission finished, whatever the outcome; also batch.completed, batch.failed and batch.partial from a webhook added in the PerfectParser dashboard' }
		: event,
);

/**
 * Dashboard webhooks send the batch family: each says a job (batch) finished, and how. Their
 * status, where the payload does not carry one, follows from the event name.
 */
const BATCH_EVENTS: Record<string, string> = { 'batch.completed': 'completed', 'batch.failed': 'failed', 'batch.partial': 'partial' };

const objectAt = (value: unknown): IDataObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {});
const firstString = (...values: unknown[]) => values.find((value) => typeof value === 'string' && value !== '') as string | undefined;

/**
 * A `batch.*` delivery read into the item an `extraction.job_completed` delivery gives: event,
 * extraction_id, parser_id, status, test, created_at and data.extraction, plus `webhook_event` (the
 * event as sent). The batch payload is not documented: ids are looked for where they may be.
 */
function asJobCompleted(payload: IDataObject): IDataObject {
	const data = objectAt(payload.data);
	const extraction = objectAt(data.extraction ?? data.batch);
	const batch = objectAt(payload.batch);
	return {
		event: 'extraction.job_completed',
		webhook_event: payload.event,
		extraction_id: firstString(payload.extraction_id, payload.batch_id, extraction.extraction_id, extraction.batch_id, batch.extraction_id, batch.batch_id, batch.id) ?? null,
		parser_id: firstString(payload.parser_id, extraction.parser_id, batch.parser_id) ?? null,
		status: firstString(payload.status, extraction.status, batch.status) ?? BATCH_EVENTS[String(payload.event)],
		test: payload.test === true,
		created_at: firstString(payload.created_at, payload.timestamp, extraction.completed_at) ?? null,
		data: Object.keys(extraction).length ? { ...data, extraction } : data,
	};
}

/** A PerfectParser webhook, owned by the trigger. */
const webhook: WebhookSubscription = {
	trigger: TRIGGER,
	noun: 'webhook',
	idField: 'webhookId',
	eventsHint: 'Pick Document Completed, Job Completed or both.',
	async read(ctx, id) {
		const response = await ppRequest(ctx, { method: 'GET', path: webhookPath(id), acceptStatuses: [404], subject: `Webhook ${id}` });
		return response.statusCode === 404 ? undefined : unwrap(response.body, 'webhook');
	},
	isCurrent: (hook, url, events) => hook.url === url && sameEvents(hook.events, events),
	async resume(ctx, id, hook) {
		// A paused subscription delivers nothing; an active trigger means the user wants events.
		if (hook.is_active === false) await ppRequest(ctx, { method: 'PATCH', path: webhookPath(id), body: { is_active: true }, idempotent: true });
	},
	async register(ctx, url, events) {
		const body = await ppJson(ctx, { method: 'POST', path: '/webhooks', body: { url, events }, what: 'register the webhook' });
		const hook = unwrap(body, 'webhook');
		if (typeof hook.webhook_id !== 'string' || typeof hook.signing_secret !== 'string' || !hook.signing_secret) {
			throw new NodeOperationError(ctx.getNode(), 'PerfectParser registered the webhook but returned no signing secret', {
				description: 'Deliveries could not be verified, so the trigger was not activated. Delete the webhook in PerfectParser and activate again.',
			});
		}
		return { id: hook.webhook_id, secret: hook.signing_secret };
	},
	async remove(ctx, id) {
		// 404: already gone, which is what we wanted.
		await ppRequest(ctx, { method: 'DELETE', path: webhookPath(id), acceptStatuses: [404], subject: `Webhook ${id}` });
	},
};

/**
 * Deliveries are signed with the secret of the webhook the trigger registered, or (a webhook added
 * in the dashboard, which the API cannot create) with the one the credential holds.
 */
const signing: DeliverySigning = {
	trigger: TRIGGER,
	header: 'X-PerfectParser-Signature',
	verify: verifySignature,
	async moreSecrets(ctx) {
		const credentials = await ctx.getCredentials<{ dashboardSigningSecret?: string }>('perfectParserApi').catch(() => undefined);
		return typeof credentials?.dashboardSigningSecret === 'string' ? [credentials.dashboardSigningSecret.trim()] : [];
	},
};

/** Fetches the authoritative data the payload points to (payload shapes are undocumented). */
async function fetchDetails(ctx: IWebhookFunctions, payload: IDataObject): Promise<IDataObject> {
	const extractionId = typeof payload.extraction_id === 'string' ? payload.extraction_id : undefined;
	const documentId = typeof payload.document_id === 'string' ? payload.document_id : undefined;
	if (!extractionId) return {};
	if (documentId) {
		const body = await ppJson(ctx, {
			method: 'GET',
			path: apiPath`/extractions/${extractionId}/documents/${documentId}`,
			subject: `Document ${documentId} of extraction ${extractionId}`,
		});
		return { document: unwrap(body, 'document') };
	}
	const body = await ppJson(ctx, { method: 'GET', path: apiPath`/extractions/${extractionId}/results`, subject: `Extraction ${extractionId}` });
	return { extraction: unwrap(body, 'extraction') };
}

/**
 * PerfectParser's one trigger, with both deliveries: a signed webhook PerfectParser calls, or
 * polling the list of extractions (n8n shows one trigger per app, so the two are one node).
 */
export class PerfectParserTrigger implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/perfectparser.svg', dark: 'file:../../icons/perfectparser.dark.svg' },
		subtitle: '={{$parameter["delivery"] === "polling" ? "Extraction " + $parameter["statuses"].join(" / ") : $parameter["events"].join(", ")}}',
		...triggerDescription({
			displayName: TRIGGER,
			name: 'perfectParserTrigger',
			credential: 'perfectParserApi',
			description:
				'Extract structured data from PDFs and images with PerfectParser parsers, or start a workflow when PerfectParser finishes a document or a submission (signed webhook, or polling where PerfectParser cannot reach n8n)',
			feed: 'either',
			delivery: 'webhook',
			flattens: true,
			properties: [
				deliveryField('PerfectParser', 'webhook'),
				...forDelivery('webhook', [
					noticeField(
						'notice',
						`To see an event: click "Fetch Test Event", then run a PerfectParser node with Webhook → Send Test and pick the webhook with this n8n's address. PerfectParser must reach this n8n: behind a firewall, choose Delivery "Polling" (Poll Times applies only there). A webhook made in the PerfectParser dashboard works too: give it this trigger's production URL, and its signing secret to the credential. ${readmeLink('PerfectParser', 'How deliveries are checked')}`,
					),
					webhookEventsField(TRIGGER_EVENTS, ['extraction.job_completed']),
					flattenSwitch('extracted_data', {}, 'the top level of the document (or of each of the job\'s documents) that Fetch Extracted Data adds'),
					optionsCollection([
						{
							displayName: 'Fetch Extracted Data',
							name: 'fetchData',
							type: 'boolean',
							default: false,
							description:
								'Whether to fetch the document (Document Completed) or the whole job\'s results (Job Completed) from the API before starting the workflow',
						},
						{
							displayName: 'Include Test Deliveries',
							name: 'includeTest',
							type: 'boolean',
							default: false,
							description: 'Whether events sent with Webhook → Send Test (marked "test": true) start the workflow; by default they are answered and ignored',
						},
					]),
				]),
				...forDelivery('polling', [
					noticeField(
						'notice',
						'Polls the list of extractions at the Poll Times above. If PerfectParser can reach this n8n instance, Delivery "Webhook" is faster and makes no requests while idle.',
					),
					...EXTRACTION_POLLING_PROPERTIES,
				]),
			],
		}),
	};

	methods = {
		listSearch: { searchParsers },
	};

	webhookMethods = { default: subscriptionMethods(webhook) };

	poll = pollWithPollingDelivery(pollExtractions, 'webhook');

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this, signing, async ({ raw, payload: delivered }) => {
			const payload = typeof delivered.event === 'string' && BATCH_EVENTS[delivered.event] ? asJobCompleted(delivered) : delivered;
			// A re-delivery is answered 200, not run again.
			const keys = keysOf(raw, delivered, this.getHeaderData(), payload);
			if (isReplay(this, keys)) {
				this.logger.info(`${TRIGGER}: ignored a delivery accepted before (same signed body, delivery id or finished job)`);
				return ignoreDelivery('already received');
			}
			const options = this.getNodeParameter('options', {}) as IDataObject;
			if (payload.test === true) {
				if (options.includeTest !== true) return ignoreDelivery('test delivery');
				// Send Test always says extraction.job_completed, whatever the events
				// chosen: a test the user opted into passes the event filter.
			} else if (typeof payload.event === 'string' && !chosenEvents(this).includes(payload.event)) {
				return ignoreDelivery(`event ${payload.event} not selected`);
			}
			acceptDelivery(this, keys);
			const fetchData = options.fetchData === true && payload.test !== true;
			return await startWith(this, TRIGGER, { ...payload }, fetchData ? async () => await fetchDetails(this, payload) : undefined, FETCHED_DATA);
		});
	}
}
