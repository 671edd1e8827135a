import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { workspaceId, workspaceLocator } from '../parameters';
import { updateFieldsCollection } from '../../../shared/description/fields';
import { readCollection, requireChanges } from '../../../shared/description/parameters';

const show = { resource: ['workspace'], operation: ['update'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	updateFieldsCollection([
		{ displayName: 'Icon', name: 'icon', type: 'string', default: '', description: 'An emoji shown next to the workspace name' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const fields = readCollection(this, 'updateFields', itemIndex);
	const body: IDataObject = {};
	for (const key of ['name', 'icon']) {
		const value = String(fields[key] ?? '').trim();
		if (value) body[key] = value;
	}
	requireChanges(this, body, itemIndex, 'Add a Name or an Icon under "Update Fields".');
	const updated = await raydocsJson<Record<string, never>>(this, {
		method: 'PUT',
		path: apiPath`/workspaces/${workspace}`,
		body,
		subject: `Workspace ${workspace}`,
		itemIndex,
	});
	return outputItems(updated);
}
