import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { ItemOutcome } from '../../../shared/description/router';
import { documentsOf, formatDocument, getResults } from '../../extractions';
import { extractionIdField, readSimplify, requireId, simplifyField } from '../parameters';
import { optionsCollection } from '../../../shared/description/fields';

const show = { resource: ['extraction'], operation: ['getResults'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	extractionIdField,
	optionsCollection([simplifyField]),
]);

/**
 * One output item per document. Each extraction is fetched once however many input items name
 * it; a document goes to the input item that carries its `document_id` (as Submit's outputs do),
 * so results stay paired with the item their file came from; the others go to the first item
 * that named the extraction.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const outcomes = new Map<number, ItemOutcome>();
	const askedBy = new Map<string, number[]>();
	const items = this.getInputData();
	for (const itemIndex of itemIndexes) {
		try {
			const id = requireId(this, 'extractionId', 'Extraction ID', itemIndex);
			askedBy.set(id, [...(askedBy.get(id) ?? []), itemIndex]);
			outcomes.set(itemIndex, { itemIndex, outputs: [] });
		} catch (error) {
			outcomes.set(itemIndex, { itemIndex, error: error as Error });
		}
	}
	for (const [extractionId, askers] of askedBy) {
		let extraction: IDataObject;
		try {
			extraction = await getResults(this, extractionId, askers[0]);
		} catch (error) {
			for (const itemIndex of askers) outcomes.set(itemIndex, { itemIndex, error: error as Error });
			continue;
		}
		const byDocument = new Map<string, number>();
		for (const itemIndex of askers) {
			const documentId = items[itemIndex]?.json?.document_id;
			if (typeof documentId === 'string' && !byDocument.has(documentId)) byDocument.set(documentId, itemIndex);
		}
		for (const document of documentsOf(extraction)) {
			const owner = byDocument.get(String(document.document_id)) ?? askers[0];
			const simplify = readSimplify(this, owner);
			outcomes.get(owner)!.outputs!.push({ json: formatDocument(document, extraction, simplify) });
		}
	}
	return [...outcomes.values()];
}

export { documentReview as review } from '../../review';
