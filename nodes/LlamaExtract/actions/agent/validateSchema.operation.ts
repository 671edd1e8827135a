import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { errorInfo } from '../../../shared/transport/errors';
import { outputItems } from '../../../shared/description/router';
import { llamaCloud, llamaRequest } from '../../transport';
import { dataSchemaField, parseDataSchema } from '../parameters';

const show = { resource: ['agent'], operation: ['validateSchema'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [dataSchemaField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const schema = parseDataSchema(this, this.getNodeParameter('dataSchema', itemIndex), 'Data Schema', itemIndex);
	const response = await llamaRequest<IDataObject>(this, {
		method: 'POST',
		path: '/api/v1/extraction/extraction-agents/schema/validation',
		body: { data_schema: schema },
		// Validation creates nothing: safe to send again.
		idempotent: true,
		itemIndex,
		// An invalid schema is this operation's answer, not a failure.
		acceptStatuses: [400, 422],
	});
	if (response.statusCode >= 400) {
		const info = errorInfo(this, llamaCloud, response.statusCode, response.body);
		return outputItems({ valid: false, message: info.message ?? 'The schema is invalid', details: info.details ?? [] });
	}
	return outputItems({ valid: true, data_schema: (response.body.data_schema as IDataObject) ?? schema });
}
