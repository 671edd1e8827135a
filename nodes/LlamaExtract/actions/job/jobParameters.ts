import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { includeMetadataField, optionalJsonObject, parseDataSchema, readV1Config, simplifyField, v1ConfigOptions, waitFields } from '../parameters';
import { listOrIdLocator, optionsCollection } from '../../../shared/description/fields';
import { readCollection } from '../../../shared/description/parameters';

/** v1 job picker: the jobs of every agent of the project (the API lists jobs per agent). */
export const jobIdField: INodeProperties = listOrIdLocator({
	displayName: 'Job',
	name: 'jobId',
	searchListMethod: 'searchAgentJobs',
	placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
	description: 'The v1 extraction job (Job → Create returns its ID)',
});

export const configOverrideField: INodeProperties = {
	displayName: 'Settings Override',
	name: 'configOverride',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	description: "Settings for this job only; the agent's own settings apply to the rest",
	options: v1ConfigOptions,
};

export const dataSchemaOverrideField: INodeProperties = {
	displayName: 'Data Schema Override',
	name: 'dataSchemaOverride',
	type: 'json',
	default: '',
	description: "A JSON Schema used for this job instead of the agent's",
};

export const jobOptions: INodeProperties = optionsCollection([dataSchemaOverrideField, ...waitFields, includeMetadataField, simplifyField]);

export interface Overrides {
	data_schema_override?: IDataObject;
	config_override?: IDataObject;
}

/** The per-job overrides, checked before anything is sent. */
export function readOverrides(ctx: IExecuteFunctions, itemIndex: number): Overrides {
	const options = readCollection(ctx, 'options', itemIndex);
	const overrides: Overrides = {};
	const rawSchema = optionalJsonObject(ctx, options.dataSchemaOverride, 'Data Schema Override', itemIndex);
	if (rawSchema) overrides.data_schema_override = parseDataSchema(ctx, rawSchema, 'Data Schema Override', itemIndex);
	const config = readV1Config(ctx, 'configOverride', itemIndex);
	if (Object.keys(config).length) overrides.config_override = config;
	return overrides;
}

export function readFormat(ctx: IExecuteFunctions, itemIndex: number): { simplify: boolean; metadata: boolean } {
	const options = readCollection(ctx, 'options', itemIndex);
	return { simplify: options.simplify !== false, metadata: options.includeMetadata === true };
}
