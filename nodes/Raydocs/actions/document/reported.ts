import type { ApiResponse } from '../../../shared/transport/http';
import type { IDataObject } from 'n8n-workflow';

/**
 * Create and Import answer `{document, dedup, document_ref}`, 201 when new and 200 when the same
 * bytes (sha256) already were in the workspace. One item per document, saying whether it was
 * reused; `dedup.reused` wins, the status code decides when it is missing. A body that is the
 * document itself is tolerated.
 */
export function reportedDocument(response: ApiResponse): IDataObject {
	const body = (response.body ?? {}) as IDataObject;
	const document = (typeof body.document === 'object' && body.document !== null ? body.document : body) as IDataObject;
	const dedup = (body.dedup ?? {}) as IDataObject;
	const reused = typeof dedup.reused === 'boolean' ? dedup.reused : response.statusCode === 200;
	return {
		...document,
		reused,
		matched_by: dedup.matched_by ?? null,
		...(body.document_ref !== undefined ? { document_ref: body.document_ref } : {}),
	};
}
