import type { INodeProperties } from 'n8n-workflow';

import { resourceSelector as buildResourceSelector, type OperationNames } from '../../shared/description/operationMap';
import { agent } from './agent';
import { configuration } from './configuration';
import { extract } from './extract';
import { file } from './file';
import { job } from './job';
import { run } from './run';
import { schema } from './schema';

/** The node's resources, in the order their fields appear (v2 first); each one lists its operations once. */
export const resources = { configuration, extract, file, schema, agent, job, run };

/** resource → operation values: a Flatten or review field naming an operation that does not exist does not compile. */
export type LlamaExtractOperations = OperationNames<typeof resources>;

/**
 * The current API (v2) first; the v1 resources keep their values, so saved workflows still run,
 * under names that say they are legacy.
 */
export const resourceSelector: INodeProperties[] = [
	buildResourceSelector<keyof typeof resources>(
		{
			configuration: { name: 'Configuration', description: 'Saved schemas and settings for extraction jobs' },
			extract: { name: 'Extract', description: 'Extraction jobs (start one here)' },
			file: { name: 'File', description: 'Files uploaded to LlamaCloud' },
			schema: { name: 'Schema', description: 'Validate or generate a JSON Schema for extraction' },
			agent: { name: 'V1 (Legacy): Agent', description: 'Extraction agents of the v1 API, which LlamaCloud has superseded by configurations' },
			job: { name: 'V1 (Legacy): Job', description: 'Extraction jobs of the v1 API, run by an agent' },
			run: { name: 'V1 (Legacy): Run', description: 'Stored outcomes of v1 jobs' },
		},
		'extract',
	),
];
