import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { safeText, secretsOf } from '../transport/redact';
import { rememberAccepted, seenRecently } from './replayGuard';
import { itemShape, type TriggerFlatten } from './triggerFlatten';

/** How a service signs its deliveries. */
export interface DeliverySigning {
	/** How the trigger names itself in logs. */
	trigger: string;
	/** The header that carries the signature, as the service spells it: "LC-Signature". */
	header: string;
	/** Whether `signature` signs the raw body with `secret`. */
	verify(raw: Buffer, signature: unknown, secret: string): boolean;
	/**
	 * Other secrets a delivery may be signed with besides the one the trigger stored on activation
	 * (e.g. that of a webhook the user made in the service's dashboard). Empty ones are ignored.
	 */
	moreSecrets?(ctx: IWebhookFunctions): Promise<string[]>;
}

/** A delivery that passed the signature check and is a JSON object. */
export interface Delivery {
	raw: Buffer;
	payload: IDataObject;
}

function refuse(ctx: IWebhookFunctions, status: number, error: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ error });
	return { noWebhookResponse: true };
}

/**
 * The checks every delivery passes before anything else: a signing secret is stored, the raw bytes
 * are there, the signature over them matches (401 otherwise), and the body is a JSON object (400
 * otherwise). The signature covers the raw bytes n8n keeps (rawBody), not a re-serialised body.
 */
async function verifiedDelivery(ctx: IWebhookFunctions, signing: DeliverySigning): Promise<Delivery | IWebhookResponseData> {
	const stored = (ctx.getWorkflowStaticData('node') as IDataObject).signingSecret;
	const more = signing.moreSecrets ? await signing.moreSecrets(ctx) : [];
	const secrets = [stored, ...more].filter((secret): secret is string => typeof secret === 'string' && secret !== '');
	const raw = (ctx.getRequestObject() as unknown as { rawBody?: Buffer }).rawBody;
	const signature = ctx.getHeaderData()[signing.header.toLowerCase()];
	if (secrets.length === 0 || !raw || !secrets.some((secret) => signing.verify(raw, signature, secret))) {
		const why = secrets.length === 0 ? 'no signing secret stored; deactivate and activate the workflow' : !raw ? 'no raw body' : signature ? 'signature mismatch' : 'unsigned';
		ctx.logger.warn(`${signing.trigger}: rejected a delivery (${why})`);
		return refuse(ctx, 401, `Invalid or missing ${signing.header}`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw.toString('utf8'));
	} catch (error) {
		ctx.logger.warn(`${signing.trigger}: signed delivery is not JSON: ${(error as Error).message}`);
		return refuse(ctx, 400, 'Body is not JSON');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		// Every event is a JSON object; null, arrays, strings and numbers carry none.
		const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
		ctx.logger.warn(`${signing.trigger}: signed delivery is ${kind}, not a JSON object`);
		return refuse(ctx, 400, 'Body is not a JSON object');
	}
	return { raw, payload: parsed as IDataObject };
}

/** Answers a delivery: refused when it fails the checks of `verifiedDelivery`, else as `handle` says. */
export async function receiveDelivery(
	ctx: IWebhookFunctions,
	signing: DeliverySigning,
	handle: (delivery: Delivery) => Promise<IWebhookResponseData>,
): Promise<IWebhookResponseData> {
	const delivery = await verifiedDelivery(ctx, signing);
	return 'payload' in delivery && 'raw' in delivery ? await handle(delivery as Delivery) : (delivery as IWebhookResponseData);
}

/** The static-data field of the keys of recently accepted deliveries. */
const ACCEPTED_FIELD = 'acceptedDeliveries';

/**
 * A re-delivery (the service retrying, or someone replaying a captured request) carries the same
 * signed bytes, and may carry the same delivery id: true when one of `keys` was accepted recently.
 */
export function isReplay(ctx: IWebhookFunctions, keys: string[]): boolean {
	return seenRecently(ctx.getWorkflowStaticData('node'), ACCEPTED_FIELD, keys);
}

/** Remembers an accepted delivery; called before any detail is fetched, so a copy arriving meanwhile is not run twice. */
export function acceptDelivery(ctx: IWebhookFunctions, keys: string[]): void {
	rememberAccepted(ctx.getWorkflowStaticData('node'), ACCEPTED_FIELD, keys);
}

/** Answered 200 and nothing started: a delivery that is not for this trigger, with the reason. */
export function ignoreDelivery(reason: string): IWebhookResponseData {
	return { webhookResponse: { received: true, ignored: reason } };
}

/**
 * Starts the workflow with one item: `json`, merged with what `fetch` reads from the service. The
 * delivery is real and signed, so a failed fetch does not lose the event: the item carries the
 * reason instead, as `fetch_error`. The item is flattened where it carries extracted data
 * (`flatten`) and the trigger's Flatten switch is on.
 */
export async function startWith(
	ctx: IWebhookFunctions,
	trigger: string,
	json: IDataObject,
	fetch?: () => Promise<IDataObject>,
	flatten?: TriggerFlatten,
): Promise<IWebhookResponseData> {
	let item = json;
	if (fetch) {
		try {
			item = { ...json, ...(await fetch()) };
		} catch (error) {
			const reason = safeText((error as Error).message, secretsOf(ctx));
			ctx.logger.warn(`${trigger}: could not fetch details: ${reason}`);
			item = { ...json, fetch_error: reason };
		}
	}
	const workflowData = [ctx.helpers.returnJsonArray([itemShape(ctx, flatten)(item)])];
	return answeredThenStarted(ctx, workflowData);
}

/**
 * Answers the delivery 200 itself, then lets n8n start the workflow. n8n saves what a webhook call
 * wrote to static data (here: the accepted delivery's keys) when the call's answer goes out; left to
 * n8n, the answer of a delivery that starts a run goes out after the run is set up, and n8n 2.x
 * clears static data's "changed" mark while setting it up, so the keys were never saved and a
 * re-delivery ran the workflow again. Answered first, they are saved before the run starts.
 */
function answeredThenStarted(ctx: IWebhookFunctions, workflowData: INodeExecutionData[][]): IWebhookResponseData {
	ctx.getResponseObject().status(200).json({ received: true });
	return { noWebhookResponse: true, workflowData };
}
