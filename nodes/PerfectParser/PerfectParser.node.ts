import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as account from './actions/account';
import * as extraction from './actions/extraction';
import * as parser from './actions/parser';
import { flattenDescription, router } from './actions/router';
import * as webhook from './actions/webhook';
import { searchExtractionDocuments, searchExtractions, searchParsers, searchWebhooks } from './methods/listSearch';
import { reviewOutputs, reviewProperties } from '../shared/reviewDescription';

export class PerfectParser implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PerfectParser',
		name: 'perfectParser',
		icon: { light: 'file:../../icons/perfectparser.svg', dark: 'file:../../icons/perfectparser.dark.svg' },
		group: ['transform'],
		// Version 2: extracted fields come out flattened by default (the Flatten switch); nodes
		// saved at version 1 keep their nested output.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from PDFs and images with PerfectParser parsers',
		defaults: { name: 'PerfectParser' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: reviewOutputs,
		credentials: [{ name: 'perfectParserApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Extraction', value: 'extraction' },
					{ name: 'Parser', value: 'parser' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'extraction',
			},
			...account.description,
			...extraction.description,
			...parser.description,
			...webhook.description,
			...flattenDescription,
			...reviewProperties('extraction', ['submit'], 'document', { waitForCompletion: [true] }),
			...reviewProperties('extraction', ['getResults', 'getDocument'], 'document'),
		],
	};

	methods = {
		listSearch: { searchExtractionDocuments, searchExtractions, searchParsers, searchWebhooks },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
