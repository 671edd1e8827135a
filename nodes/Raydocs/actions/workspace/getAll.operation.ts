import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/transport/paginate';
import { outputItems } from '../../../shared/description/router';
import { readLimit } from '../../../shared/description/parameters';
import { raydocsJson } from '../../transport';
import { returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['workspace'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [...returnAllOrLimit({})]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	// The list is not paginated; it comes as {data: [...]} or, per the prose, a bare array.
	const body = await raydocsJson(this, { method: 'GET', path: '/workspaces', itemIndex });
	const workspaces = listItems<Record<string, never>>(body);
	return outputItems(limit === undefined ? workspaces : workspaces.slice(0, limit));
}
