import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { formatDocument } from '../../extractions';
import { ppJson, unwrap } from '../../transport';
import { documentIdField, extractionIdField, readSimplify, requireId, simplifyField } from '../parameters';
import { optionsCollection } from '../../../shared/description/fields';

const show = { resource: ['extraction'], operation: ['getDocument'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	extractionIdField,
	documentIdField,
	optionsCollection([simplifyField]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const extractionId = requireId(this, 'extractionId', 'Extraction ID', itemIndex);
	const documentId = requireId(this, 'documentId', 'Document ID', itemIndex);
	const body = await ppJson(this, {
		method: 'GET',
		path: apiPath`/extractions/${extractionId}/documents/${documentId}`,
		subject: `Document ${documentId} of extraction ${extractionId}`,
		itemIndex,
	});
	const document = unwrap(body, 'document');
	return outputItems(formatDocument(document, { extraction_id: extractionId }, readSimplify(this, itemIndex)));
}

export { documentReview as review } from '../../review';
