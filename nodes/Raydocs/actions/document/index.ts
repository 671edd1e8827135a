import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteSessionDocument from './deleteSessionDocument.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getChunks from './getChunks.operation';
import * as getDownloadUrl from './getDownloadUrl.operation';
import * as getSessionDocument from './getSessionDocument.operation';
import * as getSessionDocumentUrl from './getSessionDocumentUrl.operation';
import * as importUrl from './importUrl.operation';
import * as reparse from './reparse.operation';

export {
	create,
	deleteSessionDocument,
	download,
	get,
	getAll,
	getChunks,
	getDownloadUrl,
	getSessionDocument,
	getSessionDocumentUrl,
	importUrl,
	reparse,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['document'] } },
		options: [
			{ name: 'Create From File', value: 'create', action: 'Create a workspace document from a file the workflow passes in', description: 'Upload the input item\'s file as a workspace document (reused when the same file exists)' },
			{ name: 'Delete Session Document', value: 'deleteSessionDocument', action: 'Delete a session document', description: 'Delete a session-era document with its chunks' },
			{ name: 'Download', value: 'download', action: 'Download a workspace document', description: 'Download a workspace document as a binary file' },
			{ name: 'Get', value: 'get', action: 'Get a workspace document', description: 'Get a workspace document with its parsings' },
			{ name: 'Get Chunks', value: 'getChunks', action: 'Get the chunks of a session document', description: 'Get the parsed chunks of a session-era document, one item per chunk' },
			{ name: 'Get Download URL', value: 'getDownloadUrl', action: 'Get a workspace document download URL', description: 'Get a signed URL for a workspace document (valid 10 minutes)' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many workspace documents', description: 'List, search and sort the documents of a workspace' },
			{ name: 'Get Session Document', value: 'getSessionDocument', action: 'Get a session document', description: 'Get a session-era document by ID' },
			{ name: 'Get Session Document URL', value: 'getSessionDocumentUrl', action: 'Get a session document download URL', description: 'Get a signed URL for a session-era document (valid 10 minutes)' },
			{ name: 'Import From URL', value: 'importUrl', action: 'Import a workspace document from a URL', description: 'Have Raydocs fetch a file from a URL into the workspace (reused when the same file exists)' },
			{ name: 'Reparse', value: 'reparse', action: 'Reparse a workspace document', description: 'Queue parsing of a workspace document for a configuration hash' },
		],
		default: 'getAll',
	},
	...create.description,
	...deleteSessionDocument.description,
	...download.description,
	...get.description,
	...getAll.description,
	...getChunks.description,
	...getDownloadUrl.description,
	...getSessionDocument.description,
	...getSessionDocumentUrl.description,
	...importUrl.description,
	...reparse.description,
];
