import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { objectAnswer } from '../shared/answers';
import { apiPath } from '../shared/paths';
import type { CheckResult } from '../shared/wait';
import { raydocsJson } from './transport';

/** Terminal run statuses; anything else (created, pending, parsing_pending, processing, unknown) is still running. */
export const TERMINAL_RESULT = new Set(['completed', 'failed']);

export interface RaydocsResult extends IDataObject {
	id: string;
	status: string;
	created_at?: string;
}

export interface RaydocsSession extends IDataObject {
	id: string;
	name?: string;
	status?: string;
	results?: RaydocsResult[];
	documents?: IDataObject[];
}

/** What a wait on one session or result ends with. */
export interface SessionProgress {
	sessionId: string;
	status: string;
	result?: RaydocsResult;
	session?: RaydocsSession;
	/** Set when the wait itself failed for this id (e.g. the session was deleted). */
	error?: Error;
}

function newest(results: RaydocsResult[], after?: number): RaydocsResult | undefined {
	const eligible = results.filter((r) => after === undefined || Date.parse(String(r.created_at ?? '')) >= after);
	return eligible.sort((a, b) => Date.parse(String(b.created_at ?? '')) - Date.parse(String(a.created_at ?? '')))[0];
}

/**
 * One look at a session: done when its newest run (created at or after `after`, if given) is
 * terminal, or when the session failed before any run existed. The session answer embeds full
 * runs in the current API, so this is usually the only request; legacy slim runs without `data`
 * are fetched once more.
 */
export async function checkSession(
	ctx: IExecuteFunctions,
	sessionId: string,
	itemIndex: number,
	after?: number,
): Promise<CheckResult<SessionProgress>> {
	try {
		const answer = await raydocsJson<unknown>(ctx, {
			method: 'GET',
			path: apiPath`/extractions/sessions/${sessionId}`,
			subject: `Session ${sessionId}`,
			itemIndex,
		});
		const session = objectAnswer<RaydocsSession>(ctx, answer, { service: 'Raydocs', subject: `session ${sessionId}`, itemIndex });
		const run = newest(session.results ?? [], after);
		if (run && TERMINAL_RESULT.has(run.status)) {
			const full = run.status === 'completed' && run.data === undefined ? await getResult(ctx, run.id, itemIndex) : run;
			return { done: true, value: { sessionId, status: full.status, result: full, session } };
		}
		if (!run && session.status === 'failed') {
			return { done: true, value: { sessionId, status: 'failed', session } };
		}
		return { done: false, value: { sessionId, status: run?.status ?? session.status ?? 'pending', session } };
	} catch (error) {
		return { done: true, value: { sessionId, status: 'error', error: error as Error } };
	}
}

export async function getResult(ctx: IExecuteFunctions, resultId: string, itemIndex: number): Promise<RaydocsResult> {
	const body = await raydocsJson<unknown>(ctx, {
		method: 'GET',
		path: apiPath`/extractions/results/${resultId}`,
		subject: `Result ${resultId}`,
		itemIndex,
	});
	return objectAnswer<RaydocsResult>(ctx, body, { service: 'Raydocs', subject: `result ${resultId}`, itemIndex });
}

export async function checkResult(
	ctx: IExecuteFunctions,
	resultId: string,
	itemIndex: number,
): Promise<CheckResult<SessionProgress>> {
	try {
		const result = await getResult(ctx, resultId, itemIndex);
		const sessionId = String(result.extraction_session_id ?? '');
		return { done: TERMINAL_RESULT.has(result.status), value: { sessionId, status: result.status, result } };
	} catch (error) {
		return { done: true, value: { sessionId: '', status: 'error', error: error as Error } };
	}
}

/** A run as users map it: Simplify keeps the ids, status, title and the extracted data. */
export function formatResult(result: RaydocsResult, simplify: boolean, extra: IDataObject = {}): IDataObject {
	if (!simplify) return { ...extra, ...result };
	return {
		...extra,
		result_id: result.id,
		session_id: result.extraction_session_id ?? extra.session_id,
		status: result.status,
		title: result.title ?? null,
		data: result.data ?? null,
		completed_at: result.completed_at ?? null,
	};
}

/** The output of a wait, whatever its end: completed, failed, timed out or errored. */
export function formatProgress(
	progress: SessionProgress,
	timedOut: boolean,
	simplify: boolean,
	extra: IDataObject = {},
): IDataObject {
	const base: IDataObject = { ...extra, session_id: progress.sessionId || extra.session_id };
	if (progress.result) {
		const formatted = formatResult(progress.result, simplify, base);
		return timedOut ? { ...formatted, timed_out: true } : formatted;
	}
	return { ...base, status: progress.status, timed_out: timedOut };
}
