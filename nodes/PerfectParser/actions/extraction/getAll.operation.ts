import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { readCollection, readLimit } from '../../../shared/description/parameters';
import { idFromValue } from '../../../shared/description/validate';
import { listAll, parserFilterLocator } from '../parameters';
import { filtersCollection, returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['extraction'], operation: ['getAll'] };

export const STATUS_OPTIONS = [
	{ name: 'Completed', value: 'completed' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Partial', value: 'partial' },
	{ name: 'Pending', value: 'pending' },
	{ name: 'Processing', value: 'processing' },
	{ name: 'Queued', value: 'queued' },
];

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...returnAllOrLimit({}),
	filtersCollection([
		{ ...parserFilterLocator, displayName: 'Parser' },
		{ displayName: 'Status', name: 'status', type: 'options', options: STATUS_OPTIONS, default: 'completed' },
		{
			displayName: 'Updated After',
			name: 'since',
			type: 'dateTime',
			default: '',
			description: 'Only extractions updated after this time',
		},
		{
			displayName: 'Start Cursor',
			name: 'cursor',
			type: 'string',
			default: '',
			description: 'Continue a listing from this position (a next_cursor PerfectParser returned earlier)',
		},
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = readCollection(this, 'filters', itemIndex);
	const qs: IDataObject = {};
	const parser = idFromValue(this.getNode(), filters.parserId, 'Parser', itemIndex);
	if (parser) qs.parser_id = parser;
	if (filters.status) qs.status = filters.status;
	if (filters.since) {
		const since = Date.parse(String(filters.since));
		if (Number.isNaN(since)) {
			throw new NodeOperationError(this.getNode(), `"Updated After" is not a date: ${String(filters.since)}`, {
				itemIndex,
				description: 'Use an ISO 8601 date-time, e.g. 2026-06-20T10:00:00Z.',
			});
		}
		qs.since = new Date(since).toISOString();
	}
	const extractions = await listAll(this, '/extractions', 'extractions', {
		qs,
		limit: readLimit(this, itemIndex),
		itemIndex,
		startCursor: filters.cursor ? String(filters.cursor) : undefined,
		subject: qs.parser_id ? `Parser ${String(qs.parser_id)}` : undefined,
	});
	return outputItems(extractions);
}
