import { NodeOperationError, type IDataObject, type INodeProperties, type IPollFunctions } from 'n8n-workflow';

import { apiPath } from '../../shared/transport/paths';
import { readWatchState, saveWatchState, toEpoch } from '../../shared/triggers/pollCursor';
import { skipTransientPollError } from '../../shared/triggers/pollErrors';
import { pollDeadline } from '../../shared/triggers/pollLimits';
import { emitItems, isManualRun, testEvent, type PollOutcome } from '../../shared/triggers/pollRun';
import { flattenSwitch } from '../../shared/description/flatten';
import { itemShape, type TriggerFlatten } from '../../shared/triggers/triggerFlatten';
import { markSample } from '../../shared/triggers/sampleItem';
import { isUuid } from '../../shared/description/validate';
import { TERMINAL_RESULT, formatResult, type RaydocsResult, type RaydocsSession } from '../sessionResults';
import { eventOptions, pollGet, readStartFrom } from './eventInputs';
import { sampleExtractionRun } from './sample';

const EVENT = 'extractionCompleted';
const STATE_KEY = 'watchedSessions';
/** Raydocs allows 100 requests a minute per IP; more sessions than this cannot be polled every minute. */
export const MAX_WATCHED_SESSIONS = 100;

const show = { event: [EVENT] };
/** A run carries its extracted fields grouped: `data.<group>.<field>`. */
const FLATTEN: TriggerFlatten = { keys: ['data'], grouped: true };

export const description: INodeProperties[] = [
	{
		displayName: 'Session IDs',
		name: 'sessionIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 770e8400-e29b-41d4-a716-446655440000, 770e8400-e29b-41d4-a716-446655440001',
		description: 'The sessions to watch, separated by commas, or an expression giving a list (e.g. IDs kept by the workflow that created the sessions). Each poll costs one request per session.',
		displayOptions: { show },
	},
	flattenSwitch('data and its groups', show),
	eventOptions(show, [
		{
			displayName: 'Include Failed',
			name: 'includeFailed',
			type: 'boolean',
			default: false,
			description: 'Whether to also emit extractions that failed (status "failed"), once each',
		},
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return only the IDs, status, title and extracted data instead of the full run (audit data, document references, config hash)',
		},
	]),
];

function readSessionIds(ctx: IPollFunctions): string[] {
	const raw = ctx.getNodeParameter('sessionIds', '') as unknown;
	const ids = (Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,;]+/))
		.map((value) => String(value).trim())
		.filter((value) => value.length > 0);
	const unique = [...new Set(ids)];
	if (unique.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No session IDs to watch', {
			description: 'Enter one or more session IDs separated by commas, or an expression that gives them.',
		});
	}
	const invalid = unique.find((id) => !isUuid(id));
	if (invalid !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `Session ID "${invalid}" is not a valid ID`, {
			description: 'Session IDs look like 770e8400-e29b-41d4-a716-446655440000. Fix or remove it in "Session IDs".',
		});
	}
	if (unique.length > MAX_WATCHED_SESSIONS) {
		throw new NodeOperationError(ctx.getNode(), `${unique.length} sessions are too many to watch`, {
			description: `Each poll costs one request per session and Raydocs allows 100 requests a minute. Watch at most ${MAX_WATCHED_SESSIONS} sessions (fewer at a 1-minute poll interval), e.g. by removing finished ones.`,
		});
	}
	return unique;
}

interface Settings {
	includeFailed: boolean;
	simplify: boolean;
}

function wanted(run: RaydocsResult, settings: Settings): boolean {
	return run.status === 'completed' || (settings.includeFailed && run.status === 'failed');
}

function finishedAt(run: RaydocsResult): number {
	return toEpoch(run.completed_at ?? run.updated_at ?? run.created_at);
}

async function getSession(ctx: IPollFunctions, sessionId: string): Promise<RaydocsSession> {
	return await pollGet<RaydocsSession>(ctx, {
		path: apiPath`/extractions/sessions/${sessionId}`,
		subject: `Watched session ${sessionId}`,
		what: `read session ${sessionId}`,
	});
}

/** A summary `{id, status, title}`, as the session page's prose example embeds runs. */
function isSummary(run: RaydocsResult): boolean {
	return run.data === undefined && run.extraction_session_id === undefined;
}

/** Sessions may embed full runs or summaries; a summary, or a completed run without data, is read in full. */
async function withData(ctx: IPollFunctions, run: RaydocsResult): Promise<RaydocsResult> {
	if (!isSummary(run) && (run.status !== 'completed' || run.data !== undefined)) return run;
	return await pollGet<RaydocsResult>(ctx, {
		path: apiPath`/extractions/results/${run.id}`,
		subject: `Result ${run.id}`,
		what: `read result ${run.id}`,
	});
}

function formatRun(run: RaydocsResult, session: RaydocsSession, settings: Settings): IDataObject {
	return formatResult(run, settings.simplify, {
		session_id: session.id,
		session_name: session.name ?? null,
	});
}

/** Test run: the most recently finished wanted run across the watched sessions, state untouched. */
async function newestRun(ctx: IPollFunctions, sessionIds: string[], settings: Settings): Promise<PollOutcome> {
	let best: { run: RaydocsResult; session: RaydocsSession } | undefined;
	for (const sessionId of sessionIds) {
		const session = await getSession(ctx, sessionId);
		for (const run of session.results ?? []) {
			if (!wanted(run, settings)) continue;
			if (!best || finishedAt(run) > finishedAt(best.run)) best = { run, session };
		}
	}
	return await testEvent(best && formatRun(await withData(ctx, best.run), best.session, settings), async () => {
		const first = await getSession(ctx, sessionIds[0]);
		const { run, note } = await sampleExtractionRun(ctx, first);
		return markSample(formatRun(run, first, settings), note);
	}, itemShape(ctx, FLATTEN));
}

/**
 * Raydocs lists no sessions or results across a workspace, so this event reads each watched
 * session (it embeds its runs) and emits every run that has finished since, once, by run id.
 */
export async function poll(ctx: IPollFunctions): Promise<PollOutcome> {
	const sessionIds = readSessionIds(ctx);
	const options = ctx.getNodeParameter('options', {}) as { includeFailed?: boolean; simplify?: boolean };
	const settings: Settings = { includeFailed: options.includeFailed === true, simplify: options.simplify !== false };
	if (isManualRun(ctx)) return await newestRun(ctx, sessionIds, settings);

	const staticData = ctx.getWorkflowStaticData('node');
	// Per watched session, the ids of its finished runs already handled.
	const state = readWatchState(staticData, STATE_KEY);
	// First activation with Start From "now": every run finished so far is history, emitted never.
	let baselineAll = false;
	if (!state.initialized) {
		const startFrom = readStartFrom(ctx);
		state.startAt = startFrom ?? Date.now();
		baselineAll = startFrom === undefined;
	}

	const emitted: IDataObject[] = [];
	let polledAll = true;
	const deadline = pollDeadline(ctx);
	for (const sessionId of sessionIds) {
		if (Date.now() >= deadline) {
			polledAll = false;
			break;
		}
		let session: RaydocsSession;
		try {
			session = await getSession(ctx, sessionId);
		} catch (error) {
			skipTransientPollError(ctx, error, `read watched session ${sessionId}`);
			polledAll = false;
			break;
		}
		const known = state.watched[sessionId];
		const handled = new Set(known ?? []);
		let stopped = false;
		// Oldest first; the order of `results` is not documented.
		const runs = [...(session.results ?? [])].sort((a, b) => finishedAt(a) - finishedAt(b));
		for (const run of runs) {
			if (!TERMINAL_RESULT.has(run.status) || handled.has(run.id)) continue;
			// A session added to the list later: runs that finished before the trigger started are
			// history. A summary carries no finish time: the run is read in full to know it.
			let full: RaydocsResult | undefined;
			if (!baselineAll && wanted(run, settings)) {
				try {
					full = await withData(ctx, run);
				} catch (error) {
					skipTransientPollError(ctx, error, `read result ${run.id}`);
					stopped = true;
					break;
				}
			}
			const isHistory = baselineAll || (known === undefined && finishedAt(full ?? run) < state.startAt);
			if (!isHistory && full && wanted(full, settings)) emitted.push(formatRun(full, session, settings));
			handled.add(run.id);
		}
		state.watched[sessionId] = [...handled];
		if (stopped) {
			polledAll = false;
			break;
		}
	}

	if (!polledAll && emitted.length === 0 && state.initialized) return null; // logged; nothing moved
	// Saved even after a failure: the sessions read so far keep what they handled, the others are
	// read on the next poll against the same start time.
	// Only the watched sessions are kept; one dropped from the list and added back starts anew.
	saveWatchState(staticData, STATE_KEY, state, sessionIds);
	return emitItems(emitted, itemShape(ctx, FLATTEN));
}
