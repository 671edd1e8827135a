import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { raydocsJson } from '../../transport';
import { sessionId, sessionIdField } from '../parameters';
import { requireName } from '../../../shared/description/parameters';
import { nameField } from '../../../shared/description/fields';

const show = { resource: ['session'], operation: ['update'] };

// The page's summary says "name or settings", but only `name` is documented in its body.
export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	nameField({ description: 'The session\'s new name' }),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	const name = requireName(this, itemIndex, 'Enter the session\'s new name.');
	const session = await raydocsJson<Record<string, never>>(this, {
		method: 'PUT',
		path: apiPath`/extractions/sessions/${id}`,
		body: { name },
		subject: `Session ${id}`,
		itemIndex,
	});
	return outputItems(session);
}
