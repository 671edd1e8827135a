import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { legacyDocumentIdField } from './legacyFields';
import { requireUuidParam } from '../../../shared/description/parameters';

const show = { resource: ['document'], operation: ['getSessionDocument'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [legacyDocumentIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	const document = await raydocsJson<Record<string, never>>(this, {
		method: 'GET',
		path: apiPath`/extractions/documents/${id}`,
		subject: `Document ${id}`,
		itemIndex,
	});
	return outputItems(document);
}
