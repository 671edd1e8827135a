import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { resourceSelector, resources } from './actions/resources';
import { flattenDescription, router } from './actions/router';
import { searchExtractionDocuments, searchExtractions, searchParsers, searchWebhooks } from './methods/listSearch';
import { actionNodeBasics } from '../shared/description/actionNodeDescription';
import { reviewProperties } from '../shared/review/description';

export class PerfectParser implements INodeType {
	description: INodeTypeDescription = {
		...actionNodeBasics,
		displayName: 'PerfectParser',
		name: 'perfectParser',
		icon: { light: 'file:../../icons/perfectparser.svg', dark: 'file:../../icons/perfectparser.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from PDFs and images with PerfectParser parsers',
		defaults: { name: 'PerfectParser' },
		usableAsTool: true,
		credentials: [{ name: 'perfectParserApi', required: true }],
		properties: [
			...resourceSelector,
			...Object.values(resources).flatMap((resource) => resource.description),
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
