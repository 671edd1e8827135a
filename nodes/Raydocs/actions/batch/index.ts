import { resource } from '../../../shared/description/operationMap';

import * as createSessions from './createSessions.operation';
import * as deleteSessions from './deleteSessions.operation';
import * as execute from './execute.operation';
import * as exportResults from './exportResults.operation';

export const batch = resource(
	'batch',
	{
		createSessions: [createSessions, { name: 'Create Sessions', action: 'Create sessions', toolAction: 'Create sessions from files the workflow passes in', description: 'Upload the input items\' files and create one session per file, 50 per call, optionally extracting and waiting' }],
		deleteSessions: [deleteSessions, { name: 'Delete Sessions', action: 'Delete many sessions', description: 'Delete several sessions of a template at once' }],
		execute: [execute, { name: 'Execute', action: 'Run extraction on many sessions', description: 'Queue extraction for several sessions of a template at once' }],
		exportResults: [exportResults, { name: 'Export Results', action: 'Export the results of many sessions', description: 'Export the results of several sessions as JSON items, or as a CSV or Excel file' }],
	},
	'createSessions',
);
