import { resource } from '../../../shared/description/operationMap';

import * as del from './delete.operation';
import * as exportExcel from './exportExcel.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as run from './run.operation';
import * as wait from './wait.operation';

export const result = resource(
	'result',
	{
		delete: [del, { name: 'Delete', action: 'Delete a result', description: 'Delete one extraction run' }],
		exportExcel: [exportExcel, { name: 'Export to Excel', action: 'Export a result as an XLSX spreadsheet', description: 'Download one extraction run as an XLSX file (data, audit and metadata sheets)' }],
		get: [get, { name: 'Get', action: 'Get a result', description: 'Get one extraction run with its data' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many results', description: 'List the extraction runs of a session' }],
		run: [run, { name: 'Run Extraction', action: 'Run extraction on a session', description: 'Start a new extraction run over the session\'s documents, optionally waiting for it' }],
		wait: [wait, { name: 'Wait for Completion', action: 'Wait for an extraction to finish', description: 'Wait until a session\'s newest run, or a given run, has finished' }],
	},
	'get',
);
