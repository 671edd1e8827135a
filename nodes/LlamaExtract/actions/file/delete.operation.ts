import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { llamaRequest } from '../../transport';
import { fileId, fileIdField } from './fileById';

const show = { resource: ['file'], operation: ['delete'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [fileIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = fileId(this, itemIndex);
	await llamaRequest(this, {
		method: 'DELETE',
		path: apiPath`/api/v1/beta/files/${id}`,
		subject: `File ${id}`,
		what: `delete file ${id}`,
		// Deleting twice leaves the same state.
		idempotent: true,
		itemIndex,
		scoped: true,
	});
	return outputItems({ file_id: id, deleted: true });
}
