import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { objectAnswer } from '../shared/transport/answers';
import { apiPath } from '../shared/transport/paths';
import type { CheckResult } from '../shared/waiting/wait';
import { documentState } from './documentStatus';
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
	/** Why the session ended failed without a run (a document that failed to parse). */
	failure?: string;
}

/**
 * The newest of the session's runs that are not in `known` (the ids present before this node
 * started a run). Embedded runs may be summaries `{id, status, title}` without `created_at`:
 * then the session's own order, oldest first, decides.
 */
function newestRun(results: RaydocsResult[], known?: ReadonlySet<string>): RaydocsResult | undefined {
	const fresh = results.filter((r) => r && typeof r.id === 'string' && !known?.has(r.id));
	if (fresh.length === 0) return undefined;
	const times = fresh.map((r) => Date.parse(String(r.created_at ?? '')));
	if (times.some((time) => Number.isNaN(time))) return fresh[fresh.length - 1];
	let best = 0;
	times.forEach((time, index) => {
		if (time >= times[best]) best = index;
	});
	return fresh[best];
}

/** The ids of a session's runs right now: a later wait recognises its new run as one not among them. */
export async function runIdsOf(ctx: IExecuteFunctions, sessionId: string, itemIndex: number): Promise<Set<string>> {
	const session = await raydocsJson<RaydocsSession>(ctx, {
		method: 'GET',
		path: apiPath`/extractions/sessions/${sessionId}`,
		subject: `Session ${sessionId}`,
		itemIndex,
	});
	return new Set((session.results ?? []).map((r) => String(r?.id)));
}

/** A document that failed to parse, when every document of the session did (no run can follow). */
function failedDocument(session: RaydocsSession): IDataObject | undefined {
	const documents = session.documents ?? [];
	return documents.length > 0 && documents.every((doc) => documentState(doc?.status) === 'failed') ? documents[0] : undefined;
}

/**
 * One look at a session: done when its newest run not in `known` is terminal, when the session
 * failed before any such run existed, or when its documents all failed to parse (no run will
 * come). Embedded runs are used for their id and status only; the run itself is read from GET
 * /extractions/results/{id} unless the embedded one already carries it. A session without a
 * `status` is judged by its runs and documents alone.
 */
export async function checkSession(
	ctx: IExecuteFunctions,
	sessionId: string,
	itemIndex: number,
	known?: ReadonlySet<string>,
): Promise<CheckResult<SessionProgress>> {
	try {
		const answer = await raydocsJson<unknown>(ctx, {
			method: 'GET',
			path: apiPath`/extractions/sessions/${sessionId}`,
			subject: `Session ${sessionId}`,
			itemIndex,
		});
		const session = objectAnswer<RaydocsSession>(ctx, answer, { service: 'Raydocs', subject: `session ${sessionId}`, itemIndex });
		const run = newestRun(session.results ?? [], known);
		if (run && TERMINAL_RESULT.has(String(run.status))) {
			const slim = run.status === 'completed' ? run.data === undefined : run.extraction_session_id === undefined;
			const full = slim ? await getResult(ctx, run.id, itemIndex) : run;
			return { done: true, value: { sessionId, status: full.status, result: full, session } };
		}
		if (!run) {
			const broken = failedDocument(session);
			if (broken) {
				const name = String(broken.filename ?? broken.id ?? 'a document');
				return { done: true, value: { sessionId, status: 'failed', session, failure: `Document "${name}" failed to parse, so no extraction will run` } };
			}
			if (session.status === 'failed') {
				return { done: true, value: { sessionId, status: 'failed', session, failure: 'The session failed before any extraction ran' } };
			}
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
		if (progress.result.status === 'failed' && simplify) formatted.error = progress.result.error ?? 'The extraction run failed';
		return timedOut ? { ...formatted, timed_out: true } : formatted;
	}
	return { ...base, status: progress.status, ...(progress.failure ? { error: progress.failure } : {}), timed_out: timedOut };
}
