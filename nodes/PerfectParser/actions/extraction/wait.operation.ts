import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { notFinishedError } from '../../../shared/waiting/timeoutOutcome';
import { waitUntilDone } from '../../../shared/waiting/wait';
import { waitOptionsCollection } from '../../../shared/waiting/waitOptions';
import { checkExtraction } from '../../extractions';
import { extractionIdField, requireId, waitFields, waitPolicy } from '../parameters';

const show = { resource: ['extraction'], operation: ['wait'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	extractionIdField,
	waitOptionsCollection(waitFields),
]);

/** Waits (bounded, cancellable) until the job is completed, partial or failed. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const extractionId = requireId(this, 'extractionId', 'Extraction ID', itemIndex);
	const policy = waitPolicy(this, itemIndex);
	const { value, timedOut } = await waitUntilDone(this, checkExtraction(this, extractionId, itemIndex), policy, itemIndex);
	if (timedOut && policy.fail) {
		throw notFinishedError(this, { label: `Extraction ${extractionId}`, later: 'Run Wait again later.' }, String(value.status), itemIndex);
	}
	return [{ json: { ...value, extraction_id: value.extraction_id ?? extractionId, timed_out: timedOut } }];
}
