import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { collectPages, nextOffset } from '../../../shared/transport/paginate';
import { outputItems } from '../../../shared/description/router';
import { readCollection, readLimit, readSimplify } from '../../../shared/description/parameters';
import { formatRun } from '../../jobs';
import { llamaJson } from '../../transport';
import { agentId, agentLocator, simplifyField } from '../parameters';
import { RUN_STATUSES } from './runParameters';
import { filtersCollection, returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['run'], operation: ['getAll'] };

/** Runs per request; the API's default is 25 and it documents no maximum. */
export const RUN_PAGE_SIZE = 100;

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	agentLocator,
	...returnAllOrLimit({}),
	filtersCollection([{ displayName: 'Status', name: 'status', type: 'options', options: RUN_STATUSES, default: 'SUCCESS' }]),
	simplifyField,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const agent = agentId(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	const filters = readCollection(this, 'filters', itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const pageSize = Math.min(RUN_PAGE_SIZE, limit ?? RUN_PAGE_SIZE);
	// skip/limit pages with a total: {items, total, skip, limit}.
	const runs = await collectPages<IDataObject, number>(
		0,
		async (skip) => {
			const body = await llamaJson<{ items?: IDataObject[]; total?: number }>(this, {
				method: 'GET',
				path: '/api/v1/extraction/runs',
				qs: { extraction_agent_id: agent, skip, limit: pageSize, ...(filters.status ? { status: filters.status } : {}) },
				subject: `Agent ${agent}`,
				itemIndex,
			});
			const items = body.items ?? [];
			return { items, next: nextOffset(skip, pageSize, items.length, typeof body.total === 'number' ? body.total : undefined) };
		},
		limit,
		{ ctx: this, service: 'LlamaCloud', path: '/api/v1/extraction/runs', position: 'offset', itemIndex },
	);
	return outputItems(runs.map((run) => formatRun(run, simplify)));
}
