import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/transport/paginate';
import { apiPath } from '../../../shared/transport/paths';
import { outputItems } from '../../../shared/description/router';
import { readLimit, readSimplify } from '../../../shared/description/parameters';
import { formatResult, type RaydocsResult } from '../../sessionResults';
import { raydocsJson } from '../../transport';
import { sessionId, sessionIdField, simplifyField } from '../parameters';
import { returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['result'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	sessionIdField,
	...returnAllOrLimit({}),
	simplifyField,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = sessionId(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	// One unpaginated list per session: {data: [...]} now, a bare array in the legacy API.
	const body = await raydocsJson(this, {
		method: 'GET',
		path: apiPath`/extractions/sessions/${id}/results`,
		subject: `Session ${id}`,
		itemIndex,
	});
	const results = listItems<RaydocsResult>(body);
	const chosen = limit === undefined ? results : results.slice(0, limit);
	return outputItems(chosen.map((result) => formatResult(result, simplify, { session_id: id })));
}
