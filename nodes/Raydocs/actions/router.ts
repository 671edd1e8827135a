import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { flattenFields, type FlattenSpec } from '../../shared/flatten';
import { routeOperations, type OperationMap } from '../../shared/router';
import * as batch from './batch';
import * as document from './document';
import * as result from './result';
import * as session from './session';
import * as template from './template';
import * as workflowRun from './workflowRun';
import * as workspace from './workspace';
import * as workspaceInvite from './workspaceInvite';
import * as workspaceMember from './workspaceMember';

/** resource → operation → implementation; a new operation is one file plus one line in its index. */
export const operations: OperationMap = {
	batch: { createSessions: batch.createSessions, deleteSessions: batch.deleteSessions, execute: batch.execute, exportResults: batch.exportResults },
	document: {
		create: document.create,
		deleteSessionDocument: document.deleteSessionDocument,
		download: document.download,
		get: document.get,
		getAll: document.getAll,
		getChunks: document.getChunks,
		getDownloadUrl: document.getDownloadUrl,
		getSessionDocument: document.getSessionDocument,
		getSessionDocumentUrl: document.getSessionDocumentUrl,
		importUrl: document.importUrl,
		reparse: document.reparse,
	},
	result: { delete: result.delete, exportExcel: result.exportExcel, get: result.get, getAll: result.getAll, run: result.run, wait: result.wait },
	session: {
		attachDocuments: session.attachDocuments,
		create: session.create,
		delete: session.delete,
		detachDocument: session.detachDocument,
		get: session.get,
		getDocuments: session.getDocuments,
		update: session.update,
		uploadDocumentLegacy: session.uploadDocumentLegacy,
		uploadDocuments: session.uploadDocuments,
	},
	template: {
		create: template.create,
		delete: template.delete,
		duplicate: template.duplicate,
		get: template.get,
		getAll: template.getAll,
		update: template.update,
	},
	workflowRun: { getAll: workflowRun.getAll, getFile: workflowRun.getFile, getOutput: workflowRun.getOutput },
	workspace: { create: workspace.create, delete: workspace.delete, getAll: workspace.getAll, update: workspace.update },
	workspaceInvite: {
		cancel: workspaceInvite.cancel,
		getAll: workspaceInvite.getAll,
		getLink: workspaceInvite.getLink,
		resend: workspaceInvite.resend,
	},
	workspaceMember: {
		add: workspaceMember.add,
		getAll: workspaceMember.getAll,
		leave: workspaceMember.leave,
		remove: workspaceMember.remove,
		updateRole: workspaceMember.updateRole,
	},
};

/** Where the extracted fields are in this node's items. */
const FLATTEN: FlattenSpec = { keys: ['data'], grouped: true };

/** The operations whose items carry extracted data, with their "Flatten" switch. */
export const flattenDescription = flattenFields({ batch: ['createSessions', 'execute'], result: ['get', 'getAll', 'run', 'wait'] }, 'data.<group>');

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations(this, operations, FLATTEN);
}
