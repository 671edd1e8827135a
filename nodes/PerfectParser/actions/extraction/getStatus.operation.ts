import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { getExtraction } from '../../extractions';
import { extractionIdField, requireId } from '../parameters';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['extraction'], operation: ['getStatus'] } }, [
	extractionIdField,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return outputItems(await getExtraction(this, requireId(this, 'extractionId', 'Extraction ID', itemIndex), itemIndex));
}
