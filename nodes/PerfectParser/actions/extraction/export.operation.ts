import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { fileNameFromHeaders, mimeFromHeaders } from '../../../shared/transport/headers';
import { apiPath } from '../../../shared/transport/paths';
import { ppRequest } from '../../transport';
import { documentIdField, extractionIdField, requireId } from '../parameters';
import { optionsCollection, outputBinaryField } from '../../../shared/description/fields';
import { readCollection } from '../../../shared/description/parameters';

const show = { resource: ['extraction'], operation: ['export'] };

export const EXPORT_FORMATS: Record<string, { extension: string; mimeType: string }> = {
	json: { extension: 'json', mimeType: 'application/json' },
	csv: { extension: 'csv', mimeType: 'text/csv' },
	xlsx: { extension: 'xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName: 'Export',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'Whole Extraction', value: 'extraction', description: 'Every document of the batch in one file' },
			{ name: 'One Document', value: 'document', description: 'A single file\'s results' },
		],
		default: 'extraction',
	},
	extractionIdField,
	{ ...documentIdField, displayOptions: { show: { scope: ['document'] } } },
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'CSV', value: 'csv' },
			{ name: 'Excel (XLSX)', value: 'xlsx' },
			{ name: 'JSON', value: 'json' },
		],
		default: 'csv',
	},
	outputBinaryField,
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. invoices.csv',
			description: 'Name of the output file; by default the one PerfectParser gives, or the ID plus the format\'s extension',
		},
		{
			displayName: 'Format Parameter Name',
			name: 'formatParameter',
			type: 'string',
			default: 'format',
			description: 'Query parameter that carries the format. PerfectParser does not document it; leave empty to send none and take the service\'s default format.',
		},
		{
			displayName: 'Format Parameter Value',
			name: 'formatValue',
			type: 'string',
			default: '',
			placeholder: 'e.g. excel',
			description: 'Value to send instead of the chosen format\'s usual one (lowercase csv, xlsx and so on)',
		},
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const extractionId = requireId(this, 'extractionId', 'Extraction ID', itemIndex);
	const scope = this.getNodeParameter('scope', itemIndex, 'extraction') as string;
	const documentId = scope === 'document' ? requireId(this, 'documentId', 'Document ID', itemIndex) : undefined;
	const rawFormat = String(this.getNodeParameter('format', itemIndex, 'csv')).trim().toLowerCase();
	const formatName = rawFormat === 'excel' ? 'xlsx' : rawFormat;
	const format = EXPORT_FORMATS[formatName];
	if (!format) {
		throw new NodeOperationError(this.getNode(), `Export format "${rawFormat}" is not supported`, {
			itemIndex,
			description: 'Use json, csv or xlsx (Excel).',
		});
	}
	const options = readCollection(this, 'options', itemIndex);
	// The API docs leave the parameter's name and values undocumented and say to
	// make it configurable: `format=json|csv|xlsx` is the default, both parts can be changed.
	const parameterName = String(options.formatParameter ?? 'format').trim();
	const parameterValue = String(options.formatValue ?? '').trim() || formatName;
	const path = documentId
		? apiPath`/extractions/${extractionId}/documents/${documentId}/export`
		: apiPath`/extractions/${extractionId}/export`;
	const response = await ppRequest<ArrayBuffer | Buffer>(this, {
		method: 'GET',
		path,
		qs: parameterName ? { [parameterName]: parameterValue } : undefined,
		binary: true,
		subject: documentId ? `Document ${documentId} of extraction ${extractionId}` : `Extraction ${extractionId}`,
		itemIndex,
	});
	// Whatever the parameter did, the answer's Content-Type says what arrived; the table is the
	// fallback for an answer without one (or a generic octet-stream).
	const mimeType = mimeFromHeaders(response.headers) ?? format.mimeType;
	const served = Object.keys(EXPORT_FORMATS).find((name) => EXPORT_FORMATS[name].mimeType === mimeType) ?? formatName;
	const fileName =
		(options.fileName ? String(options.fileName) : undefined) ??
		fileNameFromHeaders(response.headers) ??
		`${documentId ?? extractionId}.${EXPORT_FORMATS[served].extension}`;
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const binary = await this.helpers.prepareBinaryData(Buffer.from(response.body as ArrayBuffer), fileName, mimeType);
	return [
		{
			json: { extraction_id: extractionId, ...(documentId ? { document_id: documentId } : {}), format: served, fileName },
			binary: { [property]: binary },
		},
	];
}
