import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { oncePerExecution } from '../shared/review/rules';
import { apiPath } from '../shared/transport/paths';
import type { RaydocsSession } from './sessionResults';
import { raydocsJson } from './transport';

/**
 * A template as Raydocs answers it, read once per execution however many items and features ask
 * (review rules read its fields, "Skip Already Uploaded Files" its workspace): the template itself,
 * or unwrapped from `{data: …}`.
 */
export async function readTemplate(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<IDataObject> {
	return await oncePerExecution(ctx, `template:${id}`, async () => {
		const body = await raydocsJson<IDataObject>(ctx, { method: 'GET', path: apiPath`/extractions/templates/${id}`, subject: `Template ${id}`, itemIndex });
		const data = body?.data;
		return typeof data === 'object' && data !== null && !Array.isArray(data) && !body.schema_json ? (data as IDataObject) : body;
	});
}

/** A session as Raydocs answers it, read once per execution. */
export async function readSession(ctx: IExecuteFunctions, id: string, itemIndex: number): Promise<RaydocsSession> {
	return await oncePerExecution(ctx, `session:${id}`, async () =>
		await raydocsJson<RaydocsSession>(ctx, { method: 'GET', path: apiPath`/extractions/sessions/${id}`, subject: `Session ${id}`, itemIndex }),
	);
}
