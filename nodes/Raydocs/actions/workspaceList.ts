import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { returnAllOrLimit } from '../../shared/description/fields';
import { readLimit } from '../../shared/description/parameters';
import { listItems } from '../../shared/transport/paginate';
import { apiPath } from '../../shared/transport/paths';
import { outputItems } from '../../shared/description/router';
import { raydocsJson } from '../transport';
import { workspaceId, workspaceLocator } from './parameters';

/**
 * Get Many of a list a workspace holds (`/workspaces/{id}/<list>`): the workspace and Return All /
 * Limit. Documented as a bare array; `{data: [...]}` is accepted too, like every other list. The
 * API does not page these lists, so Limit cuts the answer.
 */
export function workspaceListOperation(resource: string, list: 'invites' | 'users') {
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['getAll'] } }, [workspaceLocator, ...returnAllOrLimit({})]),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
			const workspace = workspaceId(this, itemIndex);
			const limit = readLimit(this, itemIndex);
			const body = await raydocsJson(this, { method: 'GET', path: apiPath`/workspaces/${workspace}/${list}`, subject: `Workspace ${workspace}`, itemIndex });
			const entries = listItems<Record<string, never>>(body);
			return outputItems(limit === undefined ? entries : entries.slice(0, limit));
		},
	};
}
