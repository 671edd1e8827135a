import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { reviewOutputs } from '../review/description';

/**
 * What the description of every action node of the package shares: versions 1 and 2 (version 2
 * flattens extracted fields by default; nodes saved at version 1 keep their nested output), one
 * main input, and the outputs that "Route Results Needing Review" switches between. Each node
 * spreads it and writes the fields n8n's lint reads literally (name, icon, subtitle, usableAsTool,
 * credentials) itself.
 */
export const actionNodeBasics = {
	group: ['transform'],
	version: [1, 2],
	defaultVersion: 2,
	inputs: [NodeConnectionTypes.Main],
	outputs: reviewOutputs,
} satisfies Partial<INodeTypeDescription>;
