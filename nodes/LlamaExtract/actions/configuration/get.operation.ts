import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../../shared/description/router';
import { configurationLocator } from '../parameters';
import { configurationId, formatConfiguration, getConfiguration } from './configurationById';

const show = { resource: ['configuration'], operation: ['get'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [configurationLocator]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = configurationId(this, itemIndex);
	return outputItems(formatConfiguration(await getConfiguration(this, id, itemIndex)));
}
