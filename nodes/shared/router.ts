import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { flattenItem, type FlattenSpec } from './flatten';
import { safeText, safeValue, secretsOf } from './redact';

/** One operation that handles one input item at a time. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
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

	const place = (outcome: ItemOutcome) => {
		if (outcome.error) {
			const secrets = secretsOf(ctx);
			const error = scrub(asNodeError(ctx, outcome.error, outcome.itemIndex), secrets);
			if (!continueOnFail) throw error;
			output.push(failureItem(error, outcome.itemIndex, secrets, outcome.errorJson));
			return;
		}
		// "Flatten" exists from a node version on and only where data is extracted: elsewhere, off.
		const flat = flatten !== undefined && ctx.getNodeParameter('flatten', outcome.itemIndex, false) === true;
		for (const data of outcome.outputs ?? []) {
			output.push({ ...data, ...(flat ? { json: flattenItem(data.json, flatten) } : {}), pairedItem: { item: outcome.itemIndex } });
		}
	};

	if ('executeBatch' in handler) {
		const outcomes = await handler.executeBatch.call(ctx, items.map((_, index) => index));
		outcomes.sort((a, b) => a.itemIndex - b.itemIndex).forEach(place);
		return [output];
	}
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			place({ itemIndex, outputs: await handler.execute.call(ctx, itemIndex) });
		} catch (error) {
			place({ itemIndex, error: error as Error });
		}
	}
	return [output];
}

/** JSON objects to output items. */
export function toItems(values: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(values) ? values : [values]).map((json) => ({ json }));
}
