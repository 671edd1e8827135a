import type { INodeProperties } from 'n8n-workflow';

import { withToolDefault } from '../../../shared/descriptions';

import * as exportFile from './export.operation';
import * as getAll from './getAll.operation';
import * as getDocument from './getDocument.operation';
import * as getResults from './getResults.operation';
import * as getStatus from './getStatus.operation';
import * as submit from './submit.operation';
import * as wait from './wait.operation';

export { exportFile, getAll, getDocument, getResults, getStatus, submit, wait };

export const description: INodeProperties[] = [
	// An agent's tool starts on Get Results: it reads an extraction by ID instead of needing files.
	...withToolDefault({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['extraction'] } },
		options: [
			{ name: 'Export', value: 'export', action: 'Export results as a file', description: 'Download a batch\'s or one document\'s results as JSON, CSV or Excel' },
			{ name: 'Get Document', value: 'getDocument', action: 'Get one document', description: 'One file\'s status and extracted data' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many extractions', description: 'List extractions, filtered by parser, status and time' },
			{ name: 'Get Results', value: 'getResults', action: 'Get the results of an extraction', description: 'One item per document with its extracted data' },
			{ name: 'Get Status', value: 'getStatus', action: 'Get the status of an extraction', description: 'The job\'s status and every document\'s status' },
			{
				name: 'Submit',
				value: 'submit',
				action: 'Submit files the workflow passes in for extraction',
				description: 'Send the input items\' files, 50 per request, and optionally wait for the extracted data',
			},
			{ name: 'Wait', value: 'wait', action: 'Wait for an extraction to finish', description: 'Wait until the job is completed, partial or failed' },
		],
		default: 'submit',
	}, 'getResults'),
	...submit.description,
	...getStatus.description,
	...getAll.description,
	...getResults.description,
	...getDocument.description,
	...exportFile.description,
	...wait.description,
];
