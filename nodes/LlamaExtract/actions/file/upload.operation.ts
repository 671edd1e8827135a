import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { llamaFile, uploadFile } from '../../upload';
import { binaryPropertyField } from '../parameters';
import { optionsCollection } from '../../../shared/description/fields';
import { readCollection } from '../../../shared/description/parameters';

const show = { resource: ['file'], operation: ['upload'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	binaryPropertyField,
	optionsCollection([
		{
			displayName: 'External File ID',
			name: 'externalFileId',
			type: 'string',
			default: '',
			description: 'Your own ID for this file, stored with it for correlation',
		},
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const options = readCollection(this, 'options', itemIndex);
	const file = await llamaFile(this, itemIndex, property);
	const uploaded = await uploadFile(this, file, String(options.externalFileId ?? '').trim() || undefined);
	return outputItems({ file_id: uploaded.id, ...uploaded });
}
