import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/paginate';
import { apiPath } from '../../../shared/paths';
import { toItems } from '../../../shared/router';
import { readLimit } from '../../../shared/parameters';
import { raydocsJson } from '../../transport';
import { workspaceId, workspaceLocator } from '../common';
import { returnAllOrLimit } from '../../../shared/fields';

const show = { resource: ['workspaceInvite'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [workspaceLocator, ...returnAllOrLimit({})]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	// Documented as a bare array of pending invites; `{data: [...]}` is accepted too.
	const body = await raydocsJson(this, {
		method: 'GET',
		path: apiPath`/workspaces/${workspace}/invites`,
		subject: `Workspace ${workspace}`,
		itemIndex,
	});
	const invites = listItems<Record<string, never>>(body);
	return toItems(limit === undefined ? invites : invites.slice(0, limit));
}
