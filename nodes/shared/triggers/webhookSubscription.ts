import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { safeText, secretsOf } from '../transport/redact';

/** What a service supplies for its webhook subscription; the secret is kept as `signingSecret`. */
export interface WebhookSubscription {
	/** In logs: the trigger ("PerfectParser Trigger") and what a subscription is called ("webhook"). */
	trigger: string;
	noun: string;
	/** The static-data field that holds the subscription's id (a stored name: never renamed). */
	idField: string;
	/** Said when no event is chosen: "Pick Job Completed, Job Failed or both." */
	eventsHint: string;
	/** The subscription as the service has it, or undefined when it answers 404. */
	read(ctx: IHookFunctions, id: string): Promise<IDataObject | undefined>;
	/** Whether the stored subscription still delivers to `url` the chosen `events` and can be verified. */
	isCurrent(subscription: IDataObject, url: string | undefined, events: string[]): boolean;
	/** Brings a current subscription back into service (e.g. one paused), if the service has such a state. */
	resume?(ctx: IHookFunctions, id: string, subscription: IDataObject): Promise<void>;
	/** Registers a subscription; the id and the secret deliveries are signed with. */
	register(ctx: IHookFunctions, url: string | undefined, events: string[]): Promise<{ id: string; secret: string }>;
	/** Deletes it; a 404 (already gone) is success. */
	remove(ctx: IHookFunctions, id: string): Promise<void>;
}

type SubscriptionState = IDataObject & { signingSecret?: string };

/** The events chosen under the events field ("Trigger On"). */
export function chosenEvents(ctx: IHookFunctions | IWebhookFunctions): string[] {
	return (ctx.getNodeParameter('events', []) as string[]).filter((event) => event);
}

/** Whether a list the service gave back holds the same events, in any order. */
export function sameEvents(given: unknown, events: string[]): boolean {
	const left = Array.isArray(given) ? given.map(String) : [];
	return left.length === events.length && events.every((value) => left.includes(value));
}

function forget(state: SubscriptionState, subscription: WebhookSubscription): void {
	delete state[subscription.idField];
	delete state.signingSecret;
}

/**
 * n8n's webhook methods for a subscription the trigger owns: registered on activation, checked on
 * every start (a stale one, or one whose secret was lost, is deleted and replaced rather than kept
 * beside a new one), deleted on deactivation (kept for another try if the delete fails).
 */
export function subscriptionMethods(subscription: WebhookSubscription) {
	return {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			const state = this.getWorkflowStaticData('node') as SubscriptionState;
			const id = state[subscription.idField];
			if (typeof id !== 'string' || !id) return false;
			if (!state.signingSecret) {
				// Without the secret no delivery can be verified: replace the subscription, deleting the
				// old one first so it is not left behind at the service.
				await subscription.remove(this, id);
				forget(state, subscription);
				return false;
			}
			const found = await subscription.read(this, id);
			// Deleted at the service: register a new one. Stale (URL or events changed, or the secret
			// is gone): replace it rather than keep two.
			const current = found && subscription.isCurrent(found, this.getNodeWebhookUrl('default'), chosenEvents(this));
			if (!current) {
				if (found) await subscription.remove(this, id);
				forget(state, subscription);
				return false;
			}
			await subscription.resume?.(this, id, found as IDataObject);
			return true;
		},

		async create(this: IHookFunctions): Promise<boolean> {
			const state = this.getWorkflowStaticData('node') as SubscriptionState;
			const events = chosenEvents(this);
			if (events.length === 0) {
				throw new NodeOperationError(this.getNode(), 'Choose at least one event', { description: subscription.eventsHint });
			}
			const { id, secret } = await subscription.register(this, this.getNodeWebhookUrl('default'), events);
			state[subscription.idField] = id;
			state.signingSecret = secret;
			return true;
		},

		async delete(this: IHookFunctions): Promise<boolean> {
			const state = this.getWorkflowStaticData('node') as SubscriptionState;
			const id = state[subscription.idField];
			if (typeof id !== 'string' || !id) return true;
			try {
				await subscription.remove(this, id);
			} catch (error) {
				// Keep the id so the next deactivation can try again; the user can also delete it by hand.
				const reason = safeText((error as Error).message, secretsOf(this));
				this.logger.warn(`${subscription.trigger}: could not delete ${subscription.noun} ${id}: ${reason}`);
				return false;
			}
			forget(state, subscription);
			return true;
		},
	};
}
