import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaRequest } from '../../transport';
import { configurationLocator } from '../parameters';
import { configurationId } from './configurationById';

const show = { resource: ['configuration'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [configurationLocator]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = configurationId(this, itemIndex);
	await llamaRequest(this, {
		method: 'DELETE',
		path: apiPath`/api/v1/beta/configurations/${id}`,
		subject: `Configuration ${id}`,
		what: `delete configuration ${id}`,
		// Deleting twice leaves the same state.
		idempotent: true,
		itemIndex,
		scoped: true,
	});
	return outputItems({ configuration_id: id, deleted: true });
}
