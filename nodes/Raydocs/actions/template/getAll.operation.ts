import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { collectPages, listItems, nextPageNumber } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { readLimit } from '../../../shared/description/parameters';
import { raydocsJson } from '../../transport';
import { workspaceId, workspaceLocator } from '../parameters';
import { returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['template'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{ ...workspaceLocator, description: 'The workspace whose templates to list' },
	...returnAllOrLimit({}),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	const path = apiPath`/workspaces/${workspace}/extractions/templates`;
	const templates = await collectPages(
		1,
		async (page) => {
			const body = await raydocsJson<{ meta?: unknown }>(this, {
				method: 'GET',
				path,
				qs: { page },
				subject: `Workspace ${workspace}`,
				itemIndex,
			});
			return { items: listItems<Record<string, never>>(body), next: nextPageNumber(body.meta, page) };
		},
		limit,
		{ ctx: this, service: 'Raydocs', path, position: 'page number', itemIndex },
	);
	return outputItems(templates);
}
