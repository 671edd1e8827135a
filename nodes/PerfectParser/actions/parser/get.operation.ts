import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { ppJson, unwrap } from '../../transport';
import { parserId, parserLocator } from '../parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['parser'], operation: ['get'] } }, [parserLocator]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = parserId(this, itemIndex);
	const body = await ppJson(this, { method: 'GET', path: apiPath`/parsers/${id}`, subject: `Parser ${id}`, itemIndex });
	return outputItems(unwrap(body, 'parser'));
}
