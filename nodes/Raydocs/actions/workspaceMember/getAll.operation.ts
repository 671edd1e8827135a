import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/paginate';
import { apiPath } from '../../../shared/paths';
import { toItems } from '../../../shared/router';
import { readLimit } from '../../../shared/parameters';
import { raydocsJson } from '../../transport';
import { workspaceId, workspaceLocator } from '../common';
import { returnAllOrLimit } from '../../../shared/fields';

const show = { resource: ['workspaceMember'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, ...returnAllOrLimit({})]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	// Documented as a bare array; `{data: [...]}` is accepted too, like every other list.
	const body = await raydocsJson(this, {
		method: 'GET',
		path: apiPath`/workspaces/${workspace}/users`,
		subject: `Workspace ${workspace}`,
		itemIndex,
	});
	const members = listItems<Record<string, never>>(body);
	return toItems(limit === undefined ? members : members.slice(0, limit));
}
