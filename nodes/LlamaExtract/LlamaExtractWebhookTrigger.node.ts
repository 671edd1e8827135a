import { randomBytes } from 'crypto';

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
import { hmacSha256Matches } from '../shared/signature';
import { formatV2Job, getV2Job } from './results';
import { llamaJson, llamaRequest } from './transport';

interface TriggerState {
	webhookConfigurationId?: string;
	signingSecret?: string;
}

const CONFIGS = '/api/v1/beta/webhook-configs';

/** The events this trigger offers, as LlamaCloud names them. */
const EVENTS = [
	{ name: 'Job Completed', value: 'extract.success', description: 'An extraction job finished with data' },
	{ name: 'Job Failed', value: 'extract.error', description: 'An extraction job ended with an error' },
];

function chosenEvents(ctx: IHookFunctions | IWebhookFunctions): string[] {
	return (ctx.getNodeParameter('events', []) as string[]).filter((event) => event);
}

function sameSet(a: unknown, b: string[]): boolean {
	const left = Array.isArray(a) ? a.map(String) : [];
	return left.length === b.length && b.every((value) => left.includes(value));
}

function forget(state: TriggerState): void {
	delete state.webhookConfigurationId;
	delete state.signingSecret;
}

const configPath = (id: string) => apiPath`/api/v1/beta/webhook-configs/${id}`;

async function deleteConfiguration(ctx: IHookFunctions, id: string): Promise<void> {
	// 404: already gone, which is what we wanted.
	await llamaRequest(ctx, { method: 'DELETE', path: configPath(id), acceptStatuses: [404], subject: `Webhook configuration ${id}`, idempotent: true, scoped: true });
}

/** The payload shape is not documented: the event and the job id are looked for where they may be. */
function readDelivery(payload: IDataObject): { event?: string; jobId?: string } {
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
	return { event, jobId };
}

export class LlamaExtractWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LlamaExtract Webhook Trigger',
		name: 'llamaExtractWebhookTrigger',
		icon: { light: 'file:../../icons/llamaextract.svg', dark: 'file:../../icons/llamaextract.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Start a workflow when LlamaCloud reports that a LlamaExtract extraction job finished (signed webhook)',
		defaults: { name: 'LlamaExtract Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'llamaCloudExtractApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'On activation this saves a webhook configuration in LlamaCloud (removed again on deactivation). LlamaCloud notifies it only for jobs that name it: in the LlamaExtract node, Extract → Create → "Notify Webhook Configurations", pick the one with this n8n\'s address. LlamaCloud must reach this n8n over https; behind a firewall use the LlamaExtract Trigger (polling) instead.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'Deliveries are checked with a secret this node generates: LlamaCloud signs each with an HMAC-SHA256 of the body in the LC-Signature header (sha256=…), as its SDK documents for job webhooks. The delivery body itself is not documented, so the node reads the job ID from it and, by default, fetches the job.',
				name: 'signingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: ['extract.success'],
				required: true,
			},
			{
				displayName: 'Fetch Job',
				name: 'fetchJob',
				type: 'boolean',
				default: true,
				description: 'Whether to fetch the job (status, extracted data) from LlamaCloud before starting the workflow',
			},
		],
	};

	webhookMethods = {
		default: {
			/** True only when our webhook configuration still exists with this URL, these events and a secret. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (!state.webhookConfigurationId) return false;
				const id = state.webhookConfigurationId;
				if (!state.signingSecret) {
					// Without the secret no delivery can be verified: replace the configuration.
					await deleteConfiguration(this, id);
					forget(state);
					return false;
				}
				const response = await llamaRequest<IDataObject>(this, { method: 'GET', path: configPath(id), acceptStatuses: [404], subject: `Webhook configuration ${id}`, scoped: true });
				if (response.statusCode === 404) {
					forget(state);
					return false;
				}
				const config = response.body;
				if (config.webhook_url !== this.getNodeWebhookUrl('default') || !sameSet(config.webhook_events, chosenEvents(this)) || config.has_secret === false) {
					// Stale (URL or events changed, or the secret is gone): replace it rather than keep two.
					await deleteConfiguration(this, id);
					forget(state);
					return false;
				}
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const events = chosenEvents(this);
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'Choose at least one event', { description: 'Pick Job Completed, Job Failed or both.' });
				}
				const url = this.getNodeWebhookUrl('default') ?? '';
				if (!/^https:\/\//i.test(url)) {
					throw new NodeOperationError(this.getNode(), `The webhook URL ${url.split('?')[0]} is not https`, {
						description:
							"LlamaCloud delivers webhooks over https only. Set n8n's WEBHOOK_URL environment variable to this instance's public https address (e.g. https://n8n.example.com/) and activate again, or use the LlamaExtract Trigger (polling).",
					});
				}
				// The secret is write-only at LlamaCloud: it lives here and in their store, nowhere else.
				const secret = randomBytes(32).toString('hex');
				const created = await llamaJson<IDataObject>(this, {
					method: 'POST',
					path: CONFIGS,
					body: { webhook_url: url, webhook_events: events, webhook_output_format: 'json', webhook_signing_secret: secret },
					what: 'save the webhook configuration',
					scoped: true,
				});
				if (typeof created.id !== 'string' || !created.id) {
					throw new NodeOperationError(this.getNode(), 'LlamaCloud saved the webhook configuration but returned no ID', {
						description: 'Check the webhook configurations of the project in LlamaCloud, delete the stray one and activate again.',
					});
				}
				state.webhookConfigurationId = created.id;
				state.signingSecret = secret;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (!state.webhookConfigurationId) return true;
				const id = state.webhookConfigurationId;
				try {
					await deleteConfiguration(this, id);
				} catch (error) {
					// Keep the id so the next deactivation can try again.
					this.logger.warn(`LlamaExtract Webhook Trigger: could not delete webhook configuration ${id}: ${(error as Error).message}`);
					return false;
				}
				forget(state);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer };
		const signature = this.getHeaderData()['lc-signature'];
		// The signature covers the raw bytes, not a re-serialised JSON body.
		const raw = request.rawBody;
		if (!state.signingSecret || !raw || !hmacSha256Matches(raw, signature, state.signingSecret)) {
			this.logger.warn(
				`LlamaExtract Webhook Trigger: rejected a delivery (${!state.signingSecret ? 'no signing secret stored; deactivate and activate the workflow' : !raw ? 'no raw body' : signature ? 'signature mismatch' : 'unsigned'})`,
			);
			this.getResponseObject().status(401).json({ error: 'Invalid or missing LC-Signature' });
			return { noWebhookResponse: true };
		}
		let payload: IDataObject;
		try {
			payload = JSON.parse(raw.toString('utf8')) as IDataObject;
		} catch (error) {
			this.logger.warn(`LlamaExtract Webhook Trigger: signed delivery is not JSON: ${(error as Error).message}`);
			this.getResponseObject().status(400).json({ error: 'Body is not JSON' });
			return { noWebhookResponse: true };
		}
		const { event, jobId } = readDelivery(payload);
		if (event && !chosenEvents(this).includes(event)) {
			return { webhookResponse: { received: true, ignored: `event ${event} not selected` } };
		}
		let json: IDataObject = { event: event ?? null, job_id: jobId ?? null, payload };
		if (jobId && this.getNodeParameter('fetchJob', true) === true) {
			try {
				const job = await getV2Job(this, jobId, undefined, {});
				json = { event: event ?? null, ...formatV2Job(job, { simplify: true, metadata: false }), payload };
			} catch (error) {
				// The delivery is real and signed: start the workflow with what it says and why the job is missing.
				this.logger.warn(`LlamaExtract Webhook Trigger: could not fetch job ${jobId}: ${(error as Error).message}`);
				json.fetch_error = (error as Error).message;
			}
		}
		return { workflowData: [this.helpers.returnJsonArray([json])] };
	}
}
