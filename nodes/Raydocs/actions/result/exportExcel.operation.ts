import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { binaryItem, bytesOf } from '../../download';
import { raydocsRequest } from '../../transport';
import { resultIdField } from './get.operation';
import { requireUuidParam } from '../../../shared/description/parameters';
import { outputBinaryField } from '../../../shared/description/fields';

const show = { resource: ['result'], operation: ['exportExcel'] };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const description: INodeProperties[] = updateDisplayOptions({ show }, [resultIdField, outputBinaryField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireUuidParam(this, 'resultId', 'Result', itemIndex);
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const response = await raydocsRequest(this, {
		method: 'GET',
		path: apiPath`/extractions/results/${id}/export/excel`,
		binary: true,
		subject: `Result ${id}`,
		itemIndex,
	});
	// Raydocs names every export "extraction_result.xlsx"; several in one workflow would collide,
	// so the file is named after the result instead.
	return [await binaryItem(this, bytesOf(response.body), `extraction_result_${id}.xlsx`, XLSX, property, { result_id: id })];
}
