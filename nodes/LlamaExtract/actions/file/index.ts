import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getContent from './getContent.operation';
import * as upload from './upload.operation';

export { del as delete, get, getAll, getContent, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete a file', description: 'Delete an uploaded file' },
			{ name: 'Get', value: 'get', action: 'Get a file', description: "Get an uploaded file's details" },
			{ name: 'Get Content', value: 'getContent', action: 'Download a file', description: 'Download an uploaded file into a binary field' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many files', description: 'List the files of the project' },
			{ name: 'Upload', value: 'upload', action: 'Upload a file the workflow passes in', description: 'Upload a file from a binary field for extraction' },
		],
		default: 'upload',
	},
	...del.description,
	...get.description,
	...getAll.description,
	...getContent.description,
	...upload.description,
];
