import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { ItemOutcome } from '../../../shared/description/router';
import { waitPolicy } from '../parameters';
import { formatOptions, jobIdField, v2JobId, waitOutputOptions } from './jobParameters';
import { waitForManyV2Jobs, type V2Entry } from './waitMany';

const show = { resource: ['extract'], operation: ['wait'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [jobIdField, waitOutputOptions]);

/** Every input item's job is waited for together: one list call per poll covers them all. */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const entries: V2Entry[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			entries.push({ itemIndex, id: v2JobId(this, itemIndex), options: { ...formatOptions(this, itemIndex), policy: waitPolicy(this, itemIndex) } });
		} catch (error) {
			outcomes.push({ itemIndex, error: error as Error });
		}
	}
	return [...outcomes, ...(await waitForManyV2Jobs(this, entries))];
}

export { v2Review as review } from '../../review';
