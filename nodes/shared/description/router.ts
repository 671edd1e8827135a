import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { flattenItem, type FlattenSpec } from './flatten';
import { safeText, safeValue, secretsOf } from '../transport/redact';
import { readReviewRules, reviewSubject, runOutcomeOf, type ReviewRules, type ReviewSubject } from '../review/rules';

/**
 * How an operation's results are reviewed: what one output item says (data, required fields,
 * confidences), and optionally a check made before the operation runs (listed fields against a
 * schema known from the parameters).
 */
export interface ReviewAdapter {
	prepare?(this: IExecuteFunctions, itemIndex: number, rules: ReviewRules): Promise<void>;
	subject(this: IExecuteFunctions, json: IDataObject, itemIndex: number, rules: ReviewRules): Promise<ReviewSubject>;
}

/** One operation that handles one input item at a time. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
	review?: ReviewAdapter;
}

/** What a batch operation says about one input item: its outputs, or why it failed. */
export interface ItemOutcome {
	itemIndex: number;
	outputs?: INodeExecutionData[];
	error?: Error;
	/** Added to the error item under Continue On Fail, e.g. the id of a job that was created. */
	errorJson?: IDataObject;
}

/** One operation that takes every input item at once (to make as few API calls as allowed). */
export interface BatchOperation {
	description: INodeProperties[];
	executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]>;
	review?: ReviewAdapter;
}

export type Operation = ItemOperation | BatchOperation;

export type OperationMap = Record<string, Record<string, Operation>>;

/** Continue On Fail's item: the error's message and description, redacted and bounded. */
function failureItem(error: Error, itemIndex: number, secrets: readonly string[], extra: IDataObject = {}): INodeExecutionData {
	const json: IDataObject = { ...(safeValue(extra, secrets) as IDataObject), error: safeText(error.message, secrets, 1000) };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.errorDescription = safeText(description, secrets, 3000);
	return { json, pairedItem: { item: itemIndex } };
}

/** A thrown error carries no secret either, whatever code built it. */
function scrub(error: Error, secrets: readonly string[]): Error {
	const carrier = error as Error & { description?: unknown; messages?: unknown };
	carrier.message = safeText(carrier.message, secrets, 1000);
	if (typeof carrier.description === 'string') carrier.description = safeText(carrier.description, secrets, 3000);
	if (Array.isArray(carrier.messages)) carrier.messages = carrier.messages.map((line) => safeText(String(line), secrets, 1000));
	return error;
}

/**
 * The one place an error is given its item: the message ends with " [item N]" once, for the item
 * it is placed on, unless it starts by naming that item. Operations and the shared helpers throw
 * plain messages with the item in the error's context. An error fanned out to several items (one
 * failed batch request) is copied per item, so each copy names its own item and the shared error
 * is left as it was.
 */
export function namingItem(error: Error, itemIndex: number): Error {
	const suffix = ` [item ${itemIndex}]`;
	// "Item 3 has no binary field…" already names its item at the start.
	const named = error.message.endsWith(suffix) || new RegExp(`^Item ${itemIndex}\\b`).test(error.message);
	const message = named ? error.message : `${error.message}${suffix}`;
	const context = (error as { context?: IDataObject }).context;
	if (message === error.message && (!context || context.itemIndex === itemIndex)) return error;
	const copy = Object.create(Object.getPrototypeOf(error) as object, Object.getOwnPropertyDescriptors(error)) as Error & { context?: IDataObject };
	copy.message = message;
	if (context) copy.context = { ...context, itemIndex };
	return copy;
}

function asNodeError(ctx: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeOperationError || error.name === 'NodeApiError' || error.name === 'NodeOperationError') {
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}

/**
 * Runs the chosen operation over the input items: attaches pairedItem to every output and
 * applies Continue On Fail in one place, so a bad item never costs the others their results.
 */
export async function routeOperations(ctx: IExecuteFunctions, operations: OperationMap, flatten?: FlattenSpec): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const continueOnFail = ctx.continueOnFail();
	const output: INodeExecutionData[] = [];
	const needsReview: INodeExecutionData[] = [];
	// Read once for the node: n8n computes the outputs from this parameter, not per item.
	const reviewing = handler.review !== undefined && ctx.getNodeParameter('routeResultsNeedingReview', 0, false) === true;
	const rulesOf = new Map<number, ReviewRules>();

	const fail = (outcome: ItemOutcome & { error: Error }) => {
		const secrets = secretsOf(ctx);
		const error = scrub(namingItem(asNodeError(ctx, outcome.error, outcome.itemIndex), outcome.itemIndex), secrets);
		const run = runOutcomeOf(outcome.error) ?? runOutcomeOf(error);
		const rules = rulesOf.get(outcome.itemIndex);
		if (reviewing && run && rules?.routeFailures) {
			const item = failureItem(error, outcome.itemIndex, secrets, outcome.errorJson);
			item.json.review = reviewSubject({ outcome: run.outcome, detail: run.detail, data: null, required: [], fields: {} }, rules);
			needsReview.push(item);
			return;
		}
		if (!continueOnFail) throw error;
		output.push(failureItem(error, outcome.itemIndex, secrets, outcome.errorJson));
	};

	const place = async (outcome: ItemOutcome) => {
		if (outcome.error) return fail(outcome as ItemOutcome & { error: Error });
		const rules = rulesOf.get(outcome.itemIndex);
		// "Flatten" exists from a node version on and only where data is extracted: elsewhere, off.
		// The review reads the item as the operation made it; the output is flattened after.
		const flat = flatten !== undefined && ctx.getNodeParameter('flatten', outcome.itemIndex, false) === true ? flatten : undefined;
		const shape = (json: IDataObject) => (flat ? flattenItem(json, flat) : json);
		for (const data of outcome.outputs ?? []) {
			if (!reviewing || !rules) {
				output.push({ ...data, json: shape(data.json), pairedItem: { item: outcome.itemIndex } });
				continue;
			}
			let review;
			try {
				review = reviewSubject(await handler.review!.subject.call(ctx, data.json, outcome.itemIndex, rules), rules);
			} catch (error) {
				return fail({ itemIndex: outcome.itemIndex, error: error as Error });
			}
			(review.needed ? needsReview : output).push({ ...data, json: { ...shape(data.json), review: { ...review } }, pairedItem: { item: outcome.itemIndex } });
		}
	};

	// With review routing on, every item's rules (and a schema known in advance) are checked
	// before its request: a bad rule costs that item alone.
	let runnable = items.map((_, index) => index);
	if (reviewing) {
		const ready: number[] = [];
		for (const itemIndex of runnable) {
			try {
				const rules = readReviewRules(ctx, itemIndex);
				await handler.review!.prepare?.call(ctx, itemIndex, rules);
				rulesOf.set(itemIndex, rules);
				ready.push(itemIndex);
			} catch (error) {
				await place({ itemIndex, error: error as Error });
			}
		}
		runnable = ready;
	}
	const result = () => (reviewing ? [output, needsReview] : [output]);

	if ('executeBatch' in handler) {
		const outcomes = runnable.length ? await handler.executeBatch.call(ctx, runnable) : [];
		for (const outcome of outcomes.sort((a, b) => a.itemIndex - b.itemIndex)) await place(outcome);
		return result();
	}
	for (const itemIndex of runnable) {
		let outputs: INodeExecutionData[];
		try {
			outputs = await handler.execute.call(ctx, itemIndex);
		} catch (error) {
			await place({ itemIndex, error: error as Error });
			continue;
		}
		await place({ itemIndex, outputs });
	}
	return result();
}

/** JSON objects as the output items of one operation run (one item per object). */
export function outputItems(values: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(values) ? values : [values]).map((json) => ({ json }));
}
