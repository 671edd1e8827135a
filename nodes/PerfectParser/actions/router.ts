import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperations, type OperationMap } from '../../shared/router';
import * as account from './account';
import * as extraction from './extraction';
import * as parser from './parser';
import * as webhook from './webhook';

/** resource → operation → implementation; a new operation is one file plus one line in its index. */
export const operations: OperationMap = {
	account: { get: account.get, getCredits: account.getCredits },
	parser: {
		create: parser.create,
		detectFields: parser.detectFields,
		get: parser.get,
		getAll: parser.getAll,
		update: parser.update,
	},
	extraction: {
		export: extraction.exportFile,
		getAll: extraction.getAll,
		getDocument: extraction.getDocument,
		getResults: extraction.getResults,
		getStatus: extraction.getStatus,
		submit: extraction.submit,
		wait: extraction.wait,
	},
	webhook: {
		create: webhook.create,
		delete: webhook.deleteWebhook,
		get: webhook.get,
		getAll: webhook.getAll,
		sendTest: webhook.sendTest,
		update: webhook.update,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations);
}
