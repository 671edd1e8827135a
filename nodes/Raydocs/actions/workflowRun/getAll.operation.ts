import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { collectPages, listItems, nextPageNumber } from '../../../shared/transport/paginate';
import { outputItems } from '../../../shared/description/router';
import { readLimit, readText } from '../../../shared/description/parameters';
import { raydocsJson } from '../../transport';
import { workspaceLocator } from '../parameters';
import { runsPath, workflowIdField } from './fields';
import { returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['workflowRun'], operation: ['getAll'] };

/** Cursor mode's largest page (list-workflow-runs). */
const MAX_PER_PAGE = 100;

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	workflowIdField,
	{
		displayName: 'Mode',
		name: 'pagination',
		type: 'options',
		options: [
			{ name: 'Newest First', value: 'page', description: 'Every run, newest first, page by page' },
			{
				name: 'Completed Since (Cursor)',
				value: 'cursor',
				description: 'Only completed runs created after a date, oldest completion first, resumable from a cursor',
			},
		],
		default: 'page',
	},
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Only runs created strictly after this moment',
		displayOptions: { show: { pagination: ['cursor'] } },
	},
	{
		displayName: 'Cursor',
		name: 'cursor',
		type: 'string',
		default: '',
		description: 'A next_cursor from an earlier call, to continue after it. Leave empty to start at Created After.',
		displayOptions: { show: { pagination: ['cursor'] } },
	},
	...returnAllOrLimit({}),
]);

interface CursorMeta {
	next_cursor?: string | null;
	has_more?: boolean;
}

/** RFC 3339 as the cursor mode requires it, or an error naming the field. */
function rfc3339(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): string {
	const text = String(raw ?? '').trim();
	const date = text ? new Date(text) : undefined;
	if (!date || Number.isNaN(date.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `Created After "${text}" is not a date`, {
			itemIndex,
			description: 'Cursor mode needs a start date, e.g. 2026-01-31T00:00:00Z.',
		});
	}
	return date.toISOString();
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const path = runsPath(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	if (this.getNodeParameter('pagination', itemIndex, 'page') !== 'cursor') {
		const runs = await collectPages(
			1,
			async (page) => {
				const body = await raydocsJson<{ meta?: unknown }>(this, { method: 'GET', path, qs: { page }, subject: 'Workflow', itemIndex });
				return { items: listItems<Record<string, never>>(body), next: nextPageNumber(body?.meta, page) };
			},
			limit,
			{ ctx: this, service: 'Raydocs', path, position: 'page number', itemIndex },
		);
		return outputItems(runs);
	}

	// Cursor mode: status must be `completed`, created_after is required. Each run carries
	// the next_cursor of its page: the checkpoint to resume from once that page is handled.
	const createdAfter = rfc3339(this, this.getNodeParameter('createdAfter', itemIndex, ''), itemIndex);
	const startCursor = readText(this, 'cursor', itemIndex);
	const perPage = Math.min(MAX_PER_PAGE, limit ?? MAX_PER_PAGE);
	const runs = await collectPages<IDataObject, string>(
		startCursor,
		async (cursor) => {
			const body = await raydocsJson<{ meta?: CursorMeta }>(this, {
				method: 'GET',
				path,
				qs: { pagination: 'cursor', status: 'completed', created_after: createdAfter, per_page: perPage, ...(cursor ? { cursor } : {}) },
				subject: 'Workflow',
				itemIndex,
			});
			const meta = body?.meta ?? {};
			const next = typeof meta.next_cursor === 'string' && meta.next_cursor ? meta.next_cursor : undefined;
			const items = listItems<IDataObject>(body).map((run) => ({ ...run, next_cursor: next ?? (cursor || null) }));
			// has_more false ends the walk; a missing has_more follows a new cursor.
			const more = meta.has_more ?? (next !== undefined && next !== cursor);
			return { items, next: more ? next : undefined };
		},
		limit,
		{ ctx: this, service: 'Raydocs', path, position: 'page cursor', itemIndex },
	);
	return outputItems(runs);
}
