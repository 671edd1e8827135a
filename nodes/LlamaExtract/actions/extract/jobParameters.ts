import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { includeMetadataField, requireId, simplifyField, waitFields } from '../parameters';
import type { FormatOptions } from '../../jobs';
import { listOrIdLocator, optionsCollection } from '../../../shared/description/fields';
import { readCollection } from '../../../shared/description/parameters';

/** Extraction job picker: the project's jobs, newest first. */
export const jobIdField: INodeProperties = listOrIdLocator({
	displayName: 'Job',
	name: 'jobId',
	searchListMethod: 'searchExtractJobs',
	placeholder: 'e.g. ext-2f1c…',
	description: 'The extraction job (Extract → Create returns its ID)',
});

export const cancelOnTimeoutField: INodeProperties = {
	displayName: 'Cancel Job on Timeout',
	name: 'cancelOnTimeout',
	type: 'boolean',
	default: false,
	description: 'Whether to cancel the extraction job when the max wait is reached (it stops using credits)',
};

export const includeUsageField: INodeProperties = {
	displayName: 'Include Credits Used',
	name: 'includeUsage',
	type: 'boolean',
	default: false,
	description: 'Whether to ask LlamaCloud for the credits billed for the job (expand=usage) and add them to the output as credits_used',
};

/** Output and wait options of every v2 operation that can wait. */
export const waitOutputOptions: INodeProperties = optionsCollection([...waitFields, cancelOnTimeoutField, includeUsageField, includeMetadataField, simplifyField]);

export const outputOptions: INodeProperties = optionsCollection([includeUsageField, includeMetadataField, simplifyField]);

export function v2JobId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireId(ctx, 'jobId', 'Job ID', itemIndex, 'ext-2f1c…');
}

export function formatOptions(ctx: IExecuteFunctions, itemIndex: number): FormatOptions {
	const options = readCollection(ctx, 'options', itemIndex);
	return { simplify: options.simplify !== false, metadata: options.includeMetadata === true, usage: options.includeUsage === true };
}
