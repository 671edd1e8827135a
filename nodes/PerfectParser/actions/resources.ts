import type { INodeProperties } from 'n8n-workflow';

import { resourceSelector as buildResourceSelector, type OperationNames } from '../../shared/description/operationMap';
import { account } from './account';
import { extraction } from './extraction';
import { parser } from './parser';
import { webhook } from './webhook';

/** The node's resources, in the order their fields appear; each one lists its operations once. */
export const resources = { account, extraction, parser, webhook };

/** resource → operation values: a Flatten or review field naming an operation that does not exist does not compile. */
export type PerfectParserOperations = OperationNames<typeof resources>;

export const resourceSelector: INodeProperties[] = [
	buildResourceSelector<keyof typeof resources>(
		{ account: { name: 'Account' }, extraction: { name: 'Extraction' }, parser: { name: 'Parser' }, webhook: { name: 'Webhook' } },
		'extraction',
	),
];
