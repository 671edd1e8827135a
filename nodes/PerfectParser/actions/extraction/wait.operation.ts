import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { waitUntilDone } from '../../../shared/wait';
import { checkExtraction } from '../../results';
import { extractionIdField, requireId, waitFields, waitPolicy } from '../common';

const show = { resource: ['extraction'], operation: ['wait'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	extractionIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitFields,
	},
]);

/** Waits (bounded, cancellable) until the job is completed, partial or failed. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const extractionId = requireId(this, 'extractionId', 'Extraction ID', itemIndex);
	const policy = waitPolicy(this, itemIndex);
	const { value, timedOut } = await waitUntilDone(this, checkExtraction(this, extractionId, itemIndex), policy, itemIndex);
	if (timedOut && policy.fail) {
		throw new NodeOperationError(this.getNode(), `Extraction ${extractionId} did not finish within the max wait`, {
			itemIndex,
			description: `Last status: ${String(value.status)}. Run Wait again later, or raise "Max Wait".`,
		});
	}
	return [{ json: { ...value, extraction_id: value.extraction_id ?? extractionId, timedOut } }];
}
