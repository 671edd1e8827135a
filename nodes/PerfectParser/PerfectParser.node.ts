import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { resourceSelector, resources } from './actions/resources';
import { flattenDescription, router } from './actions/router';
import { searchExtractionDocuments, searchExtractions, searchParsers, searchWebhooks } from './methods/listSearch';
import { actionNodeBasics } from '../shared/description/actionNodeDescription';
import { reviewProperties } from '../shared/review/description';
import { toolVariant } from '../shared/description/toolVariant';

const properties: INodeProperties[] = [
	...resourceSelector,
	...Object.values(resources).flatMap((resource) => resource.description),
	...flattenDescription,
	...reviewProperties('extraction', ['submit'], 'document', { waitForCompletion: [true] }),
	...reviewProperties('extraction', ['getResults', 'getDocument'], 'document'),
];

export class PerfectParser implements INodeType {
	description: INodeTypeDescription = {
		...actionNodeBasics,
		displayName: 'PerfectParser',
		name: 'perfectParser',
		icon: { light: 'file:../../icons/perfectparser.svg', dark: 'file:../../icons/perfectparser.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from PDFs and images with PerfectParser parsers',
		defaults: { name: 'PerfectParser' },
		// The tool variant starts on a Get an agent can fill in, its ID from the model, without review routing.
		usableAsTool: toolVariant(properties, { resource: 'extraction', operation: 'getResults', fromAI: { name: 'extractionId', description: 'The ID of the PerfectParser extraction whose results to get' } }, resources),
		credentials: [{ name: 'perfectParserApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchExtractionDocuments, searchExtractions, searchParsers, searchWebhooks },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
