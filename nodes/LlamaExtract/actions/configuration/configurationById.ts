import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { locatorValue } from '../../../shared/description/parameters';
import { llamaJson } from '../../transport';

export interface Configuration extends IDataObject {
	id: string;
	name: string;
	parameters: IDataObject;
	product_type?: string;
	version?: string;
}

/** The picked configuration's id; empty is refused before anything is sent. */
export function configurationId(ctx: IExecuteFunctions, itemIndex: number): string {
	const id = locatorValue(ctx, 'configuration', itemIndex);
	if (!id || /\s/.test(id) || id.length > 200) {
		throw new NodeOperationError(ctx.getNode(), id ? `Configuration "${id}" is not a valid ID` : `Configuration is empty`, {
			itemIndex,
			description: 'Pick a saved configuration from the list or enter its ID (cfg-…).',
		});
	}
	return id;
}

export async function getConfiguration(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<Configuration> {
	return await llamaJson<Configuration>(ctx, {
		method: 'GET',
		path: apiPath`/api/v1/beta/configurations/${id}`,
		subject: `Configuration ${id}`,
		itemIndex,
		scoped: true,
	});
}

/** A configuration as users map it: the id first, everything the API returned after it. */
export function formatConfiguration(configuration: Configuration): IDataObject {
	return { configuration_id: configuration.id, ...configuration };
}
