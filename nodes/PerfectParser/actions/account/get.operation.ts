import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { ppJson, unwrap } from '../../transport';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['account'], operation: ['get'] } }, []);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return toItems(unwrap(await ppJson(this, { method: 'GET', path: '/me', itemIndex }), 'user'));
}
