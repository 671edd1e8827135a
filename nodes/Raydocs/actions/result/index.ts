import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as exportExcel from './exportExcel.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as run from './run.operation';
import * as wait from './wait.operation';

export { del as delete, exportExcel, get, getAll, run, wait };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['result'] } },
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete a result', description: 'Delete one extraction run' },
			{ name: 'Export to Excel', value: 'exportExcel', action: 'Export a result as an XLSX spreadsheet', description: 'Download one extraction run as an XLSX file (data, audit and metadata sheets)' },
			{ name: 'Get', value: 'get', action: 'Get a result', description: 'Get one extraction run with its data' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many results', description: 'List the extraction runs of a session' },
			{ name: 'Run Extraction', value: 'run', action: 'Run extraction on a session', description: 'Start a new extraction run over the session\'s documents, optionally waiting for it' },
			{ name: 'Wait for Completion', value: 'wait', action: 'Wait for an extraction to finish', description: 'Wait until a session\'s newest run, or a given run, has finished' },
		],
		default: 'get',
	},
	...del.description,
	...exportExcel.description,
	...get.description,
	...getAll.description,
	...run.description,
	...wait.description,
];
