import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { sessionId, sessionIdField } from '../parameters';

const show = { resource: ['session'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [sessionIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	await raydocsRequest(this, { method: 'DELETE', path: apiPath`/extractions/sessions/${id}`, subject: `Session ${id}`, itemIndex });
	return [{ json: { deleted: true, session_id: id } }];
}
