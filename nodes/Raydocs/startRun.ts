import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { httpError } from '../shared/transport/errors';
import type { ApiResponse } from '../shared/transport/http';
import { apiPath } from '../shared/transport/paths';
import { waitUntilDone } from '../shared/waiting/wait';
import { documentState } from './documentStatus';
import type { RaydocsResult, RaydocsSession } from './sessionResults';
import { raydocs, raydocsJson, raydocsRequest } from './transport';

/**
 * POSTs the run. The docs give two answers while the session's documents are still parsing: 201
 * with a run in `parsing_pending` (accepted like any 201), or 422 "documents not ready". A 422 is
 * tried again with backoff inside the Max Wait budget (nothing was created, so this is no blind
 * retry) unless the session has no documents, or all of them failed to parse.
 */
export async function startRun(ctx: IExecuteFunctions, session: string, itemIndex: number, maxWaitMs: number): Promise<ApiResponse<RaydocsResult | IDataObject>> {
	const outcome = await waitUntilDone(
		ctx,
		async () => {
			const response = await raydocsRequest<RaydocsResult | IDataObject>(ctx, {
				method: 'POST',
				path: apiPath`/extractions/sessions/${session}/results`,
				subject: `Session ${session}`,
				what: 'start the extraction run',
				itemIndex,
				acceptStatuses: [422],
			});
			if (response.statusCode !== 422) return { done: true, value: response };
			const state = await raydocsJson<RaydocsSession>(ctx, { method: 'GET', path: apiPath`/extractions/sessions/${session}`, subject: `Session ${session}`, itemIndex });
			const documents = state.documents;
			if (Array.isArray(documents) && documents.length === 0) {
				throw httpError(ctx, raydocs, 422, response.body, { subject: `Session ${session}`, itemIndex });
			}
			if (Array.isArray(documents) && documents.every((doc) => documentState(doc?.status) === 'failed')) {
				throw new NodeOperationError(ctx.getNode(), `Session ${session} has no document that parsed, so no extraction can run`, {
					itemIndex,
					description: 'Every document of the session failed to parse. Upload the files again (a readable PDF, PNG or JPEG) or attach other documents.',
				});
			}
			return { done: false, value: response };
		},
		{ maxWaitMs },
		itemIndex,
	);
	if (outcome.timedOut) {
		const error = httpError(ctx, raydocs, 422, outcome.value.body, { subject: `Session ${session}`, itemIndex });
		error.description = `${error.description ?? ''}\nThe session's documents were still not ready after the max wait; raise "Max Wait" or run again later.`.trim();
		throw error;
	}
	return outcome.value;
}
