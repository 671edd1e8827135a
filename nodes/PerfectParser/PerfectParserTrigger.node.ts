import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { apiPath } from '../shared/paths';
import { safeText, secretsOf } from '../shared/redact';
import { bodyKey, rememberAccepted, seenRecently } from '../shared/replayGuard';
import { WEBHOOK_EVENTS } from './actions/common';
import { verifySignature } from './signature';
import { ppJson, ppRequest, unwrap } from './transport';

interface TriggerState {
	webhookId?: string;
	signingSecret?: string;
	/** Keys of the deliveries accepted in the last 24 h (bounded), to refuse replays. */
	acceptedDeliveries?: Array<[string, number]>;
}

const ACCEPTED_FIELD = 'acceptedDeliveries';

function isJsonObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What identifies a delivery: the digest of its signed bytes, plus a delivery or event id when the
 * payload or the `X-PerfectParser-Delivery` header carries one (neither is documented; read if present).
 */
function deliveryKeys(raw: Buffer, payload: IDataObject, headers: IDataObject): string[] {
	const keys = [bodyKey(raw)];
	const header = headers['x-perfectparser-delivery'];
	const ids = [Array.isArray(header) ? header[0] : header, payload.delivery_id, payload.event_id];
	for (const id of ids) {
		if (typeof id === 'string' && id.trim() && id.length <= 200) keys.push(`id:${id.trim()}`);
	}
	return keys;
}

function chosenEvents(ctx: IHookFunctions | IWebhookFunctions): string[] {
	return (ctx.getNodeParameter('events', []) as string[]).filter((event) => event);
}

function sameSet(a: unknown, b: string[]): boolean {
	const left = Array.isArray(a) ? a.map(String) : [];
	return left.length === b.length && b.every((value) => left.includes(value));
}

function forget(state: TriggerState): void {
	delete state.webhookId;
	delete state.signingSecret;
}

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

export class PerfectParserTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PerfectParser Trigger',
		name: 'perfectParserTrigger',
		icon: { light: 'file:../../icons/perfectparser.svg', dark: 'file:../../icons/perfectparser.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Extract structured data from PDFs and images with PerfectParser parsers, or start a workflow when PerfectParser finishes a document or a submission (signed webhook)',
		defaults: { name: 'PerfectParser Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'perfectParserApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'To see an event without running an extraction: click "Listen for test event", then run a PerfectParser node with Webhook → Send Test and pick the webhook that delivers to this n8n (it is registered while the trigger listens). PerfectParser must be able to reach this n8n instance; behind a firewall, use the PerfectParser Polling Trigger instead.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: WEBHOOK_EVENTS,
				default: ['extraction.job_completed'],
				required: true,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
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
				],
			},
		],
	};

	webhookMethods = {
		default: {
			/** True only when our webhook still exists with this URL and these events. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (!state.webhookId) return false;
				const id = state.webhookId;
				if (!state.signingSecret) {
					// Without the secret no delivery can be verified: replace the subscription, deleting
					// the old one first so it is not left orphaned on PerfectParser (404: already gone).
					await ppRequest(this, { method: 'DELETE', path: apiPath`/webhooks/${id}`, acceptStatuses: [404], subject: `Webhook ${id}` });
					forget(state);
					return false;
				}
				const response = await ppRequest(this, { method: 'GET', path: apiPath`/webhooks/${id}`, acceptStatuses: [404], subject: `Webhook ${id}` });
				if (response.statusCode === 404) {
					// Deleted on PerfectParser's side: register a new one.
					forget(state);
					return false;
				}
				const hook = unwrap(response.body, 'webhook');
				if (hook.url !== this.getNodeWebhookUrl('default') || !sameSet(hook.events, chosenEvents(this))) {
					// Stale registration (URL or events changed): replace it rather than keep two.
					await ppRequest(this, { method: 'DELETE', path: apiPath`/webhooks/${id}`, acceptStatuses: [404], subject: `Webhook ${id}` });
					forget(state);
					return false;
				}
				if (hook.is_active === false) {
					// A paused subscription delivers nothing; an active trigger means the user wants events.
					await ppRequest(this, { method: 'PATCH', path: apiPath`/webhooks/${id}`, body: { is_active: true }, idempotent: true });
				}
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const events = chosenEvents(this);
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'Choose at least one event', { description: 'Pick Document Completed, Job Completed or both.' });
				}
				const body = await ppJson(this, {
					method: 'POST',
					path: '/webhooks',
					body: { url: this.getNodeWebhookUrl('default'), events },
					what: 'register the webhook',
				});
				const hook = unwrap(body, 'webhook');
				if (typeof hook.webhook_id !== 'string' || typeof hook.signing_secret !== 'string' || !hook.signing_secret) {
					throw new NodeOperationError(this.getNode(), 'PerfectParser registered the webhook but returned no signing secret', {
						description: 'Deliveries could not be verified, so the trigger was not activated. Delete the webhook in PerfectParser and activate again.',
					});
				}
				state.webhookId = hook.webhook_id;
				state.signingSecret = hook.signing_secret;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (!state.webhookId) return true;
				const id = state.webhookId;
				try {
					// 404: already gone, which is what we wanted.
					await ppRequest(this, { method: 'DELETE', path: apiPath`/webhooks/${id}`, acceptStatuses: [404], subject: `Webhook ${id}` });
				} catch (error) {
					// Keep the id so the next deactivation can try again; the user can also delete it by hand.
					this.logger.warn(`PerfectParser Trigger: could not delete webhook ${id}: ${(error as Error).message}`);
					return false;
				}
				forget(state);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
		const signature = this.getHeaderData()['x-perfectparser-signature'];
		// n8n keeps the raw bytes of every webhook request (rawBody); the signature covers them, not a
		// re-serialised JSON body.
		const raw = request.rawBody;
		if (!state.signingSecret || !raw || !verifySignature(raw, signature, state.signingSecret)) {
			this.logger.warn(
				`PerfectParser Trigger: rejected a delivery (${!state.signingSecret ? 'no signing secret stored; deactivate and activate the workflow' : !raw ? 'no raw body' : signature ? 'signature mismatch' : 'unsigned'})`,
			);
			this.getResponseObject().status(401).json({ error: 'Invalid or missing X-PerfectParser-Signature' });
			return { noWebhookResponse: true };
		}

		let parsed: unknown;
		try {
			parsed = JSON.parse(raw.toString('utf8'));
		} catch (error) {
			this.logger.warn(`PerfectParser Trigger: signed delivery is not JSON: ${(error as Error).message}`);
			this.getResponseObject().status(400).json({ error: 'Body is not JSON' });
			return { noWebhookResponse: true };
		}
		if (!isJsonObject(parsed)) {
			// Every PerfectParser event is a JSON object; null, arrays, strings and numbers carry no event.
			const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
			this.logger.warn(`PerfectParser Trigger: signed delivery is ${kind}, not a JSON object`);
			this.getResponseObject().status(400).json({ error: 'Body is not a JSON object' });
			return { noWebhookResponse: true };
		}
		const payload = parsed;
		// A re-delivery (PerfectParser retrying, or someone replaying a captured request) carries the
		// same signed bytes, and may carry the same delivery id: answered 200, not run again.
		const keys = deliveryKeys(raw, payload, this.getHeaderData());
		if (seenRecently(state as IDataObject, ACCEPTED_FIELD, keys)) {
			this.logger.info('PerfectParser Trigger: ignored a delivery accepted before (same signed body or delivery id)');
			return { webhookResponse: { received: true, ignored: 'already received' } };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (payload.test === true) {
			if (options.includeTest !== true) return { webhookResponse: { received: true, ignored: 'test delivery' } };
			// Send Test always says extraction.job_completed, whatever the events
			// chosen: a test the user opted into passes the event filter.
		} else if (typeof payload.event === 'string' && !chosenEvents(this).includes(payload.event)) {
			return { webhookResponse: { received: true, ignored: `event ${payload.event} not selected` } };
		}

		// Remembered before the details are fetched, so a copy arriving meanwhile is not run twice.
		rememberAccepted(state as IDataObject, ACCEPTED_FIELD, keys);
		let json: IDataObject = { ...payload };
		if (options.fetchData === true && payload.test !== true) {
			try {
				json = { ...json, ...(await fetchDetails(this, payload)) };
			} catch (error) {
				// The delivery is real and signed: start the workflow with what it says and the reason
				// the details are missing, rather than lose the event.
				const reason = safeText((error as Error).message, secretsOf(this));
				this.logger.warn(`PerfectParser Trigger: could not fetch details: ${reason}`);
				json.fetch_error = reason;
			}
		}
		return { workflowData: [this.helpers.returnJsonArray([json])] };
	}
}
