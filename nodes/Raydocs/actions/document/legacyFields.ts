import type { INodeProperties } from 'n8n-workflow';

import { documentIdField } from '../parameters';

/** Session-era documents are addressed by ID alone, without a workspace. */
export const legacyDocumentIdField: INodeProperties = {
	...documentIdField,
	description: 'ID of a document of a session (the /extractions/documents endpoints)',
};
