import { NodeOperationError, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';

import { eventField, noticeField, triggerDescription } from '../shared/triggers/triggerDescription';
import { searchWorkspaces } from './methods/listSearch';
import * as documentProcessed from './trigger/documentProcessed';
import * as extractionCompleted from './trigger/extractionCompleted';
import * as workflowRunCompleted from './trigger/workflowRunCompleted';

const events = { documentProcessed, extractionCompleted, workflowRunCompleted };

export class RaydocsTrigger implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/raydocs.svg', dark: 'file:../../icons/raydocs.dark.svg' },
		subtitle: '={{$parameter["event"]}}',
		...triggerDescription({
			displayName: 'Raydocs Trigger',
			name: 'raydocsTrigger',
			credential: 'raydocsApi',
			description:
				'Extract structured data from documents with Raydocs templates, or start a workflow when a Raydocs workflow run completes, a document is processed or an extraction completes',
			feed: 'polling',
			flattens: true,
			properties: [
				noticeField(
					'notice',
					'Raydocs has no endpoint that lists sessions or extraction results across a workspace or template, so "any extraction completed" cannot be watched. These are the feeds Raydocs does offer. To upload documents and continue when their extraction is done, use the Raydocs node with "Wait for Completion" instead.',
				),
				eventField(
					[
						{ name: 'Document Processed', value: 'documentProcessed', description: 'A document of a workspace finished processing (one request per poll when idle)' },
						{ name: 'Extraction Completed in Watched Sessions', value: 'extractionCompleted', description: 'An extraction run finished in one of the sessions you list (one request per session per poll)' },
						{ name: 'Workflow Run Completed', value: 'workflowRunCompleted', description: 'A run of a Raydocs workflow completed (one request per poll when idle)' },
					],
					'workflowRunCompleted',
				),
				...workflowRunCompleted.description,
				...documentProcessed.description,
				...extractionCompleted.description,
			],
		}),
	};

	methods = {
		listSearch: { searchWorkspaces },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as keyof typeof events;
		const handler = events[event];
		if (!handler) throw new NodeOperationError(this.getNode(), `The event "${String(event)}" is not supported`);
		return await handler.poll(this);
	}
}
