import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { readLimit } from '../../../shared/description/parameters';
import { listAll } from '../parameters';
import { returnAllOrLimit } from '../../../shared/description/fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['getAll'] } }, [
	...returnAllOrLimit({}),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return outputItems(await listAll(this, '/webhooks', 'webhooks', { limit: readLimit(this, itemIndex), itemIndex }));
}
