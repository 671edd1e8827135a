import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { noticeField, triggerDescription } from '../shared/triggers/triggerDescription';
import { searchParsers } from './methods/listSearch';
import { EXTRACTION_POLLING_PROPERTIES, pollExtractions } from './trigger/extractionPolling';

/**
 * The polling trigger as a node of its own, hidden from the node panel: new workflows use the
 * PerfectParser Trigger with Delivery "Polling" (one PerfectParser app in the panel); workflows
 * saved with this node keep running unchanged.
 */
export class PerfectParserPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/perfectparser.svg', dark: 'file:../../icons/perfectparser.dark.svg' },
		subtitle: '={{"Extraction " + $parameter["statuses"].join(" / ")}}',
		hidden: true,
		...triggerDescription({
			displayName: 'PerfectParser Polling Trigger',
			name: 'perfectParserPollingTrigger',
			credential: 'perfectParserApi',
			description:
				'Start a workflow when a PerfectParser extraction finishes, by polling PerfectParser (for n8n instances PerfectParser cannot reach with a webhook)',
			feed: 'polling',
			flattens: true,
			properties: [
				noticeField(
					'notice',
					'This node is now the PerfectParser Trigger with Delivery "Polling"; it keeps working as it is. Polls the list of extractions.',
				),
				...EXTRACTION_POLLING_PROPERTIES,
			],
		}),
	};

	methods = {
		listSearch: { searchParsers },
	};

	poll = pollExtractions;
}
