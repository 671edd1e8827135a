import type { INodeProperties } from 'n8n-workflow';

import { resourceSelector as buildResourceSelector, type OperationNames } from '../../shared/description/operationMap';
import { batch } from './batch';
import { document } from './document';
import { result } from './result';
import { session } from './session';
import { template } from './template';
import { workflowRun } from './workflowRun';
import { workspace } from './workspace';
import { workspaceInvite } from './workspaceInvite';
import { workspaceMember } from './workspaceMember';

/** The node's resources, in the order their fields appear; each one lists its operations once. */
export const resources = { batch, document, result, session, template, workflowRun, workspace, workspaceInvite, workspaceMember };

/** resource → operation values: a Flatten or review field naming an operation that does not exist does not compile. */
export type RaydocsOperations = OperationNames<typeof resources>;

export const resourceSelector: INodeProperties[] = [
	buildResourceSelector<keyof typeof resources>(
		{
			batch: { name: 'Batch' },
			document: { name: 'Document' },
			result: { name: 'Result' },
			session: { name: 'Session' },
			template: { name: 'Template' },
			workflowRun: { name: 'Workflow Run' },
			workspace: { name: 'Workspace' },
			workspaceInvite: { name: 'Workspace Invite' },
			workspaceMember: { name: 'Workspace Member' },
		},
		'batch',
	),
];
