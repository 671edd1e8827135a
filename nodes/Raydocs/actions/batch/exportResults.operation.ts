import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { fileNameFromHeaders } from '../../../shared/transport/headers';
import { listItems } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { requireUuidList } from '../../../shared/description/parameters';
import { binaryItem, bytesOf } from '../../download';
import { raydocsRequest } from '../../transport';
import { templateId, templateLocator } from '../parameters';
import { outputBinaryField } from '../../../shared/description/fields';

const show = { resource: ['batch'], operation: ['exportResults'] };

const FORMATS: Record<string, { extension: string; mime: string }> = {
	csv: { extension: 'csv', mime: 'text/csv' },
	excel: { extension: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	{
		displayName: 'Session IDs',
		name: 'sessionIds',
		type: 'string',
		default: '',
		required: true,
		description: 'Sessions of this template whose results to export, separated by commas',
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'CSV', value: 'csv', description: 'One CSV file' },
			{ name: 'Excel', value: 'excel', description: 'One XLSX file, with audit sheets (reasoning and sources)' },
			{ name: 'JSON', value: 'json', description: 'One item per session with its extracted data' },
		],
		default: 'json',
	},
	{ ...outputBinaryField, displayOptions: { show: { format: ['csv', 'excel'] } } },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const template = templateId(this, itemIndex);
	const sessionIds = requireUuidList(this, this.getNodeParameter('sessionIds', itemIndex), 'Session', itemIndex);
	const format = this.getNodeParameter('format', itemIndex, 'json') as string;
	const file = FORMATS[format];
	// The OpenAPI body carries `format`; the docs page's example puts it in the path
	// (`…/batch/export/excel`). We send the OpenAPI form. Exporting creates nothing: safe to retry.
	const response = await raydocsRequest(this, {
		method: 'POST',
		path: apiPath`/extractions/templates/${template}/sessions/batch/export`,
		body: { session_ids: sessionIds, format },
		subject: `Template ${template}`,
		what: `export ${sessionIds.length} sessions`,
		idempotent: true,
		binary: file !== undefined,
		itemIndex,
	});
	if (!file) {
		// The answer is a bare array; `{data: [...]}` tolerated.
		return outputItems(listItems<Record<string, never>>(response.body));
	}
	const name = fileNameFromHeaders(response.headers) ?? `raydocs-export-${template}.${file.extension}`;
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	return [
		await binaryItem(this, bytesOf(response.body), name, file.mime, property, {
			template_id: template,
			session_ids: sessionIds,
			format,
		}),
	];
}
