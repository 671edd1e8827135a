import { resource } from '../../../shared/description/operationMap';

import * as exportFile from './export.operation';
import * as getAll from './getAll.operation';
import * as getDocument from './getDocument.operation';
import * as getResults from './getResults.operation';
import * as getStatus from './getStatus.operation';
import * as submit from './submit.operation';
import * as wait from './wait.operation';

// An agent's tool starts on Get Results: it reads an extraction by ID instead of needing files.
export const extraction = resource(
	'extraction',
	{
		submit: [submit, { name: 'Submit', action: 'Submit files for extraction', toolAction: 'Submit files the workflow passes in for extraction', description: 'Send the input items\' files, 50 per request, and optionally wait for the extracted data' }],
		getStatus: [getStatus, { name: 'Get Status', action: 'Get the status of an extraction', description: 'The job\'s status and every document\'s status' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many extractions', description: 'List extractions, filtered by parser, status and time' }],
		getResults: [getResults, { name: 'Get Results', action: 'Get the results of an extraction', description: 'One item per document with its extracted data' }],
		getDocument: [getDocument, { name: 'Get Document', action: 'Get one document', description: 'One file\'s status and extracted data' }],
		export: [exportFile, { name: 'Export', action: 'Export results as a file', description: 'Download a batch\'s or one document\'s results as JSON, CSV or Excel' }],
		wait: [wait, { name: 'Wait', action: 'Wait for an extraction to finish', description: 'Wait until the job is completed, partial or failed' }],
	},
	'submit',
);
