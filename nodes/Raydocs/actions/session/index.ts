import type { INodeProperties } from 'n8n-workflow';

import * as attachDocuments from './attachDocuments.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as detachDocument from './detachDocument.operation';
import * as get from './get.operation';
import * as getDocuments from './getDocuments.operation';
import * as update from './update.operation';
import * as uploadDocumentLegacy from './uploadDocumentLegacy.operation';
import * as uploadDocuments from './uploadDocuments.operation';

export { attachDocuments, create, del as delete, detachDocument, get, getDocuments, update, uploadDocumentLegacy, uploadDocuments };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{ name: 'Attach Documents', value: 'attachDocuments', action: 'Attach documents to a session', description: 'Attach existing workspace documents to a session' },
			{ name: 'Create', value: 'create', action: 'Create a session', description: 'Create an empty extraction session for a template' },
			{ name: 'Delete', value: 'delete', action: 'Delete a session', description: 'Delete a session and its results' },
			{ name: 'Detach Document', value: 'detachDocument', action: 'Detach a document from a session', description: 'Detach a document; it stays in the workspace' },
			{ name: 'Get', value: 'get', action: 'Get a session', description: 'Get a session with its documents and results' },
			{ name: 'Get Documents', value: 'getDocuments', action: 'Get the documents of a session', description: 'List the documents attached to a session' },
			{ name: 'Update', value: 'update', action: 'Update a session', description: 'Rename a session' },
			{ name: 'Upload Document (Legacy API)', value: 'uploadDocumentLegacy', action: 'Upload a workflow file through the legacy API', description: 'For older Raydocs deployments: upload the input item\'s file to a session; processing starts at once' },
			{ name: 'Upload Documents', value: 'uploadDocuments', action: 'Upload files the workflow passes in to a session', description: 'Upload the input items\' files (or use file keys) and attach them to a session' },
		],
		default: 'get',
	},
	...attachDocuments.description,
	...create.description,
	...del.description,
	...detachDocument.description,
	...get.description,
	...getDocuments.description,
	...update.description,
	...uploadDocumentLegacy.description,
	...uploadDocuments.description,
];
