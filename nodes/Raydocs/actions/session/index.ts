import { resource } from '../../../shared/description/operationMap';

import * as attachDocuments from './attachDocuments.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as detachDocument from './detachDocument.operation';
import * as get from './get.operation';
import * as getDocuments from './getDocuments.operation';
import * as update from './update.operation';
import * as uploadDocumentLegacy from './uploadDocumentLegacy.operation';
import * as uploadDocuments from './uploadDocuments.operation';

export const session = resource(
	'session',
	{
		attachDocuments: [attachDocuments, { name: 'Attach Documents', action: 'Attach documents to a session', description: 'Attach existing workspace documents to a session' }],
		create: [create, { name: 'Create', action: 'Create a session', description: 'Create an empty extraction session for a template' }],
		delete: [del, { name: 'Delete', action: 'Delete a session', description: 'Delete a session and its results' }],
		detachDocument: [detachDocument, { name: 'Detach Document', action: 'Detach a document from a session', description: 'Detach a document; it stays in the workspace' }],
		get: [get, { name: 'Get', action: 'Get a session', description: 'Get a session with its documents and results' }],
		getDocuments: [getDocuments, { name: 'Get Documents', action: 'Get the documents of a session', description: 'List the documents attached to a session' }],
		update: [update, { name: 'Update', action: 'Update a session', description: 'Rename a session' }],
		uploadDocumentLegacy: [uploadDocumentLegacy, { name: 'Upload Document (Legacy API)', action: 'Upload a file (legacy API)', toolAction: 'Upload a workflow file through the legacy API', description: 'For older Raydocs deployments: upload the input item\'s file to a session; processing starts at once' }],
		uploadDocuments: [uploadDocuments, { name: 'Upload Documents', action: 'Upload files to a session', toolAction: 'Upload files the workflow passes in to a session', description: 'Upload the input items\' files (or use file keys) and attach them to a session' }],
	},
	'get',
);
