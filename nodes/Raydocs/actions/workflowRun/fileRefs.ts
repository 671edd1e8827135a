import type { IDataObject } from 'n8n-workflow';

/** A runtime file a workflow run's final output names: `{type: 'fileRef', id, filename?, mime?}`. */
export interface FileRef {
	id: string;
	filename?: string;
	mime?: string;
}

/**
 * Every fileRef in a run's output, wherever it sits (the output is any JSON the workflow
 * defines). The discriminator is `type` in workflow outputs and `kind` in document references,
 * so both are read. Depth is bounded.
 */
export function fileRefsOf(output: unknown, depth = 0, found: FileRef[] = []): FileRef[] {
	if (depth > 20 || output === null || typeof output !== 'object') return found;
	if (Array.isArray(output)) {
		for (const value of output) fileRefsOf(value, depth + 1, found);
		return found;
	}
	const o = output as IDataObject;
	if ((o.type === 'fileRef' || o.kind === 'fileRef') && typeof o.id === 'string' && o.id) {
		found.push({
			id: o.id,
			filename: typeof o.filename === 'string' ? o.filename : undefined,
			mime: typeof o.mime === 'string' ? o.mime : typeof o.mime_type === 'string' ? o.mime_type : undefined,
		});
		return found;
	}
	for (const value of Object.values(o)) fileRefsOf(value, depth + 1, found);
	return found;
}
