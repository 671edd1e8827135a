import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { multipartBody } from '../../../shared/transport/multipart';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { DEFAULT_MAX_FILE_MB, filePart, perfectParserFile, textPart } from '../../files';
import { ppJson } from '../../transport';
import { binaryPropertyField, parserId, parserLocator, requireId } from '../parameters';
import { choiceFields, optionsCollection } from '../../../shared/description/fields';
import { readCollection } from '../../../shared/description/parameters';

const show = { resource: ['parser'], operation: ['detectFields'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	parserLocator,
	...choiceFields({
		displayName: 'Sample Source',
		name: 'sampleSource',
		options: [
			{ name: 'Input File', value: 'binary', description: 'Upload the sample from the input item', fields: [binaryPropertyField] },
			{
				name: 'Stored Sample',
				value: 'stored',
				description: 'Run again on a sample uploaded earlier',
				fields: [{ displayName: 'Sample File ID', name: 'sampleFileId', type: 'string', default: '', required: true, placeholder: 'e.g. smp_123' }],
			},
		],
	}),
	optionsCollection([
		{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '', description: 'Hints for the AI, e.g. "focus on line items"' },
		{
			displayName: 'Replace Existing Schema',
			name: 'replaceExistingSchema',
			type: 'boolean',
			default: false,
			description: 'Whether to overwrite the parser\'s current fields (otherwise a parser that has fields is refused)',
		},
	]),
]);

/** Costs 1 credit per sample page, so it is never repeated on an unknown outcome. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = parserId(this, itemIndex);
	const options = readCollection(this, 'options', itemIndex);
	const replace = options.replaceExistingSchema === true;
	const common = { method: 'POST' as const, path: apiPath`/parsers/${id}/detect-fields`, subject: `Parser ${id}`, itemIndex };
	if (this.getNodeParameter('sampleSource', itemIndex, 'binary') === 'stored') {
		const body: IDataObject = { sample_file_id: requireId(this, 'sampleFileId', 'Sample File ID', itemIndex), replace_existing_schema: replace };
		if (options.prompt) body.prompt = options.prompt;
		return outputItems(await ppJson<IDataObject>(this, { ...common, body }));
	}
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const file = await perfectParserFile(this, itemIndex, property, DEFAULT_MAX_FILE_MB);
	const parts = [
		filePart('file', file),
		...(options.prompt ? [textPart('prompt', String(options.prompt))] : []),
		...(replace ? [textPart('replace_existing_schema', 'true')] : []),
	];
	// The Blob-shaped body opens the file again each time it is streamed, so a retry resends it whole.
	const { body, contentType } = multipartBody(parts);
	const result = await ppJson<IDataObject>(this, {
		...common,
		body,
		headers: { 'Content-Type': contentType },
		what: `detect fields from "${file.fileName}"`,
	});
	return outputItems(result);
}
