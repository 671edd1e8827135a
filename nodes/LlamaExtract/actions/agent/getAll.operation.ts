import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listItems } from '../../../shared/transport/paginate';
import { outputItems } from '../../../shared/description/router';
import { readLimit } from '../../../shared/description/parameters';
import { llamaJson } from '../../transport';
import { simplifyField } from '../parameters';
import { formatAgent } from './formatAgent';
import { returnAllOrLimit } from '../../../shared/description/fields';

const show = { resource: ['agent'], operation: ['getAll'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...returnAllOrLimit({}),
	{
		displayName: 'Include Default Agent',
		name: 'includeDefault',
		type: 'boolean',
		default: false,
		description: "Whether to include the project's default agent",
	},
	{ ...simplifyField, default: false, description: 'Whether to return only the ID, name, schema, configuration and dates' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	// One unpaginated list (a plain array): Limit cuts it here.
	const body = await llamaJson(this, {
		method: 'GET',
		path: '/api/v1/extraction/extraction-agents',
		qs: { include_default: this.getNodeParameter('includeDefault', itemIndex, false) as boolean },
		itemIndex,
		scoped: true,
	});
	const agents = listItems<IDataObject>(body, 'items');
	const chosen = limit === undefined ? agents : agents.slice(0, limit);
	return outputItems(chosen.map((agent) => formatAgent(agent, simplify)));
}
