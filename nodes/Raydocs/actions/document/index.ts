import { resource } from '../../../shared/description/operationMap';

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

export const document = resource(
	'document',
	{
		create: [create, { name: 'Create From File', action: 'Create a workspace document', toolAction: 'Create a workspace document from a file the workflow passes in', description: 'Upload the input item\'s file as a workspace document (reused when the same file exists)' }],
		deleteSessionDocument: [deleteSessionDocument, { name: 'Delete Session Document', action: 'Delete a session document', description: 'Delete a session-era document with its chunks' }],
		download: [download, { name: 'Download', action: 'Download a workspace document', description: 'Download a workspace document as a binary file' }],
		get: [get, { name: 'Get', action: 'Get a workspace document', description: 'Get a workspace document with its parsings' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many workspace documents', description: 'List, search and sort the documents of a workspace' }],
		getChunks: [getChunks, { name: 'Get Chunks', action: 'Get the chunks of a session document', description: 'Get the parsed chunks of a session-era document, one item per chunk' }],
		getDownloadUrl: [getDownloadUrl, { name: 'Get Download URL', action: 'Get a workspace document download URL', description: 'Get a signed URL for a workspace document (valid 10 minutes)' }],
		getSessionDocument: [getSessionDocument, { name: 'Get Session Document', action: 'Get a session document', description: 'Get a session-era document by ID' }],
		getSessionDocumentUrl: [getSessionDocumentUrl, { name: 'Get Session Document URL', action: 'Get a session document download URL', description: 'Get a signed URL for a session-era document (valid 10 minutes)' }],
		importUrl: [importUrl, { name: 'Import From URL', action: 'Import a workspace document from a URL', description: 'Have Raydocs fetch a file from a URL into the workspace (reused when the same file exists)' }],
		reparse: [reparse, { name: 'Reparse', action: 'Reparse a workspace document', description: 'Queue parsing of a workspace document for a configuration hash' }],
	},
	'getAll',
);
