import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { flattenFields, type FlattenSpec } from '../../shared/flatten';
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

/** Where the extracted fields are in this node's items. */
const FLATTEN: FlattenSpec = { keys: ['extracted_data'], grouped: false };

/** The operations whose items carry extracted data, with their "Flatten" switch. */
export const flattenDescription = flattenFields({ extraction: ['getDocument', 'getResults', 'submit'] }, 'extracted_data');

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations, FLATTEN);
}
