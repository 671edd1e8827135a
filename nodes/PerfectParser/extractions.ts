import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { objectAnswer } from '../shared/transport/answers';
import { apiPath } from '../shared/transport/paths';
import type { CheckResult } from '../shared/waiting/wait';
import { ppJson, unwrap } from './transport';

/** A job is finished once it reaches one of these. */
export const TERMINAL_STATUSES = ['completed', 'partial', 'failed'];

export function isTerminal(status: unknown): boolean {
	return TERMINAL_STATUSES.includes(String(status));
}

export async function getExtraction(ctx: IExecuteFunctions, extractionId: string, itemIndex?: number): Promise<IDataObject> {
	const body = await ppJson(ctx, {
		method: 'GET',
		path: apiPath`/extractions/${extractionId}`,
		subject: `Extraction ${extractionId}`,
		itemIndex,
	});
	return unwrap(objectAnswer(ctx, body, { service: 'PerfectParser', subject: `extraction ${extractionId}`, itemIndex }), 'extraction');
}

export async function getResults(ctx: IExecuteFunctions, extractionId: string, itemIndex?: number): Promise<IDataObject> {
	const body = await ppJson(ctx, {
		method: 'GET',
		path: apiPath`/extractions/${extractionId}/results`,
		subject: `Extraction ${extractionId}`,
		itemIndex,
	});
	return unwrap(objectAnswer(ctx, body, { service: 'PerfectParser', subject: `extraction ${extractionId}`, itemIndex }), 'extraction');
}

export function checkExtraction(ctx: IExecuteFunctions, extractionId: string, itemIndex?: number) {
	return async (): Promise<CheckResult<IDataObject>> => {
		const extraction = await getExtraction(ctx, extractionId, itemIndex);
		return { done: isTerminal(extraction.status), value: extraction };
	};
}

export function documentsOf(extraction: IDataObject): IDataObject[] {
	return Array.isArray(extraction.documents) ? (extraction.documents as IDataObject[]) : [];
}

/**
 * One document as an output item: the document's own fields plus the job's IDs. Simplified, it
 * keeps what a workflow maps (IDs, file name, status, confidence, data, error).
 */
export function formatDocument(document: IDataObject, extraction: IDataObject, simplify: boolean): IDataObject {
	const full: IDataObject = {
		extraction_id: extraction.extraction_id ?? document.extraction_id,
		parser_id: extraction.parser_id ?? document.parser_id,
		...document,
	};
	if (!simplify) return full;
	const simple: IDataObject = {
		extraction_id: full.extraction_id,
		document_id: full.document_id,
		filename: full.filename,
		status: full.status,
	};
	if (full.confidence !== undefined) simple.confidence = full.confidence;
	if (full.extracted_data !== undefined) simple.extracted_data = full.extracted_data;
	if (full.error_message) simple.error_message = full.error_message;
	return simple;
}
