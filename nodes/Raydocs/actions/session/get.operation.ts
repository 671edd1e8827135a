import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { sessionId, sessionIdField } from '../parameters';

const show = { resource: ['session'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [sessionIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	const session = await raydocsJson<Record<string, never>>(this, {
		method: 'GET',
		path: apiPath`/extractions/sessions/${id}`,
		subject: `Session ${id}`,
		itemIndex,
	});
	return outputItems(session);
}
