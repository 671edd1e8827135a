import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { fileId, fileIdField, formatFile, getFile } from './fileById';

const show = { resource: ['file'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [fileIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return outputItems(formatFile(await getFile(this, fileId(this, itemIndex), itemIndex)));
}
