import { resource } from '../../../shared/description/operationMap';

import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getContent from './getContent.operation';
import * as upload from './upload.operation';

export const file = resource(
	'file',
	{
		delete: [del, { name: 'Delete', action: 'Delete a file', description: 'Delete an uploaded file' }],
		get: [get, { name: 'Get', action: 'Get a file', description: 'Get an uploaded file\'s details' }],
		getAll: [getAll, { name: 'Get Many', action: 'Get many files', description: 'List the files of the project' }],
		getContent: [getContent, { name: 'Get Content', action: 'Download a file', description: 'Download an uploaded file into a binary field' }],
		upload: [upload, { name: 'Upload', action: 'Upload a file', toolAction: 'Upload a file the workflow passes in', description: 'Upload a file from a binary field for extraction' }],
	},
	'upload',
);
