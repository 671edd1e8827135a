import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { readCollection, readLimit } from '../../../shared/description/parameters';
import { idFromValue } from '../../../shared/description/validate';
import { formatV2Job, type V2Job } from '../../jobs';
import { configurationFilterLocator, includeMetadataField, simplifyField } from '../parameters';
import { expandQuery } from '../../jobs';
import { includeUsageField } from './jobParameters';
import { collectTokenPages } from '../../tokenPages';
import { fileIdField } from '../file/fileById';
import { filtersCollection, optionsCollection, returnAllOrLimit } from '../../../shared/description/fields';

/** Optional file filter, named `fileInput` as when it was a plain string (saved values still read). */
const fileFilter: INodeProperties = { ...fileIdField, displayName: 'File', name: 'fileInput', required: false, description: 'Only jobs on this file' };

const show = { resource: ['extract'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...returnAllOrLimit({}),
	filtersCollection([
		configurationFilterLocator,
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description: 'Only jobs created at or after this time',
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: 'Only jobs created at or before this time',
		},
		fileFilter,
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Cancelled', value: 'CANCELLED' },
				{ name: 'Completed', value: 'COMPLETED' },
				{ name: 'Failed', value: 'FAILED' },
				{ name: 'Pending', value: 'PENDING' },
				{ name: 'Running', value: 'RUNNING' },
				{ name: 'Throttled', value: 'THROTTLED' },
			],
			default: 'COMPLETED',
		},
	]),
	optionsCollection([includeUsageField, includeMetadataField, simplifyField]),
]);

function isoDate(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const time = Date.parse(String(value));
	if (Number.isNaN(time)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${String(value)}" is not a date`, {
			itemIndex,
			description: 'Use an ISO date such as 2026-01-31T12:00:00Z.',
		});
	}
	return new Date(time).toISOString();
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const filters = readCollection(this, 'filters', itemIndex);
	const options = readCollection(this, 'options', itemIndex);
	const qs: IDataObject = {};
	if (filters.status) qs.status = filters.status;
	const configurationId = idFromValue(this.getNode(), filters.configurationId, 'Configuration', itemIndex);
	if (configurationId) qs.configuration_id = configurationId;
	const fileInput = idFromValue(this.getNode(), filters.fileInput, 'File', itemIndex);
	if (fileInput) qs.file_input = fileInput;
	const after = isoDate(this, filters.createdAfter, 'Created After', itemIndex);
	const before = isoDate(this, filters.createdBefore, 'Created Before', itemIndex);
	if (after) qs.created_at_on_or_after = after;
	if (before) qs.created_at_on_or_before = before;
	const format = { simplify: options.simplify !== false, metadata: options.includeMetadata === true, usage: options.includeUsage === true };
	Object.assign(qs, expandQuery(format));
	// Cursor pages, newest first: `next_page_token` absent or null on the last one.
	const jobs = await collectTokenPages<V2Job>(this, '/api/v2/extract', qs, limit, { itemIndex });
	return outputItems(jobs.map((job) => formatV2Job(job, format)));
}
