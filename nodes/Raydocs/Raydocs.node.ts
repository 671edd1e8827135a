import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as batch from './actions/batch';
import * as document from './actions/document';
import * as result from './actions/result';
import { flattenDescription, router } from './actions/router';
import * as session from './actions/session';
import * as template from './actions/template';
import * as workflowRun from './actions/workflowRun';
import * as workspace from './actions/workspace';
import * as workspaceInvite from './actions/workspaceInvite';
import * as workspaceMember from './actions/workspaceMember';
import { withToolDefault } from '../shared/descriptions';
import {
	searchDocuments,
	searchInvites,
	searchMembers,
	searchRunFiles,
	searchSessionResults,
	searchTemplates,
	searchWorkflowRuns,
	searchWorkspaces,
} from './methods/listSearch';
import { reviewOutputs, reviewProperties } from '../shared/reviewDescription';

export class Raydocs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Raydocs',
		name: 'raydocs',
		icon: { light: 'file:../../icons/raydocs.svg', dark: 'file:../../icons/raydocs.dark.svg' },
		group: ['transform'],
		// Version 2: extracted fields come out flattened by default (the Flatten switch); nodes
		// saved at version 1 keep their nested output.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Extract structured data from documents with Raydocs templates, and manage workspaces, documents and workflow runs',
		defaults: { name: 'Raydocs' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: reviewOutputs,
		credentials: [{ name: 'raydocsApi', required: true }],
		properties: [
			// An agent's tool starts on Result → Get (extracted data by ID), not on uploading files.
			...withToolDefault({
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Batch', value: 'batch' },
					{ name: 'Document', value: 'document' },
					{ name: 'Result', value: 'result' },
					{ name: 'Session', value: 'session' },
					{ name: 'Template', value: 'template' },
					{ name: 'Workflow Run', value: 'workflowRun' },
					{ name: 'Workspace', value: 'workspace' },
					{ name: 'Workspace Invite', value: 'workspaceInvite' },
					{ name: 'Workspace Member', value: 'workspaceMember' },
				],
				default: 'batch',
			}, 'result'),
			...batch.description,
			...document.description,
			...result.description,
			...session.description,
			...template.description,
			...workflowRun.description,
			...workspace.description,
			...workspaceInvite.description,
			...workspaceMember.description,
			...flattenDescription,
			...reviewProperties('batch', ['createSessions'], 'none', { autoExtract: [true], waitForCompletion: [true] }),
			...reviewProperties('result', ['run'], 'none', { waitForCompletion: [true] }),
			...reviewProperties('result', ['wait', 'get'], 'none'),
		],
	};

	methods = {
		listSearch: { searchDocuments, searchInvites, searchMembers, searchRunFiles, searchSessionResults, searchTemplates, searchWorkflowRuns, searchWorkspaces },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
