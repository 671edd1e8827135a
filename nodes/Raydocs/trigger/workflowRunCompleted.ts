import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { PageGuard, listItems } from '../../shared/transport/paginate';
import { apiPath } from '../../shared/transport/paths';
import { advanceCursor, initializePollState, readPollState, savePollState, toEpoch, type PollState } from '../../shared/triggers/pollCursor';
import { workspaceLocator } from '../actions/parameters';
import { workflowIdField } from '../actions/workflowRun/fields';
import { markSampleRun, sampleWorkflowOutput, sampleWorkflowRun } from './sample';
import { skipTransientPollError } from '../../shared/triggers/pollErrors';
import { pollDeadline, pollLimits } from '../../shared/triggers/pollLimits';
import { emitItems, isManualRun, testEvent, type PollOutcome } from '../../shared/triggers/pollRun';
import { eventOptions, pollGet, readStartFrom, readUuid, readWorkspace } from './eventInputs';

const EVENT = 'workflowRunCompleted';
const STATE_KEY = 'workflowRuns';
/** The API's maximum: the fewest requests for a backlog. */
export const RUNS_PAGE_SIZE = 100;

const show = { event: [EVENT] };

export const description: INodeProperties[] = [
	{ ...workspaceLocator, description: 'The workspace that owns the workflow', displayOptions: { show } },
	{
		...workflowIdField,
		description: `${String(workflowIdField.description)}. The token owner must be an admin of the workspace.`,
		displayOptions: { show },
	},
	eventOptions(show, [
		{
			displayName: 'Include Output',
			name: 'includeOutput',
			type: 'boolean',
			default: false,
			description: 'Whether to fetch each run\'s output (one more request per run; needs the "workflow-runs-output-read" ability)',
		},
	]),
];

interface RunsPage {
	data?: IDataObject[];
	meta?: { next_cursor?: string | null; has_more?: boolean; server_time?: string };
}

/** The stored position plus the activation boundary, kept as the server wrote it. */
type RunsState = PollState & { createdAfter?: string };

/** Only when the server gives no clock of its own: how far back the host clock is trusted. */
export const HOST_CLOCK_MARGIN_MS = 10 * 60_000;

interface Feed {
	ctx: IPollFunctions;
	path: string;
	workspace: string;
	workflowId: string;
	includeOutput: boolean;
}

/**
 * A "synchronisable" workflow's output lists the documents it produced; a page whose `documents`
 * is not an array, or holds an entry without documentId/filename, is invalid and the cursor must
 * not move past it. Other workflows return any JSON they like — tolerant: an output
 * without a `documents` key is taken as it is.
 */
function outputProblem(output: unknown): string | undefined {
	if (output === null || typeof output !== 'object' || !('documents' in output)) return undefined;
	const documents = (output as { documents?: unknown }).documents;
	if (!Array.isArray(documents)) return 'its "documents" is not a list';
	const broken = documents.find((doc) => {
		const d = (doc ?? {}) as IDataObject;
		return !d.documentId || !d.filename;
	});
	return broken === undefined ? undefined : 'a document in it has no documentId or filename';
}

async function fetchOutput(feed: Feed, runId: string): Promise<unknown> {
	return await pollGet<unknown>(feed.ctx, {
		path: apiPath`/workspaces/${feed.workspace}/workflows/${feed.workflowId}/runs/${runId}/output`,
		subject: `The output of workflow run ${runId}`,
		what: `read the output of workflow run ${runId}`,
	});
}

function formatRun(feed: Feed, run: IDataObject, output: unknown): IDataObject {
	return {
		...run,
		run_id: run.id,
		workflow_id: run.workflow_id ?? feed.workflowId,
		status: run.status ?? 'completed',
		created_at: run.created_at ?? null,
		completed_at: run.completed_at ?? null,
		...(feed.includeOutput ? { output: output ?? null } : {}),
	};
}

/** Test run: the newest completed run, from the page mode (newest first), state untouched. */
async function newestRun(feed: Feed): Promise<PollOutcome> {
	const body = await pollGet<unknown>(feed.ctx, {
		path: feed.path,
		qs: { status: 'completed', page: 1 },
		subject: `Workflow ${feed.workflowId}`,
		what: 'list the workflow runs',
	});
	// Tolerant: filter on status here too, in case the page mode ignores the status parameter.
	const run = listItems<IDataObject>(body).find((r) => r.status === undefined || r.status === 'completed');
	const output = run && feed.includeOutput ? await fetchOutput(feed, String(run.id)) : undefined;
	return await testEvent(run && formatRun(feed, run, output), () =>
		markSampleRun(formatRun(feed, sampleWorkflowRun(feed.workflowId), feed.includeOutput ? sampleWorkflowOutput(feed.workspace) : undefined)),
	);
}

/**
 * Workflow runs in cursor mode: completed runs in (completed_at, id) order after an opaque
 * checkpoint, the still-open second withheld. The cursor moves only once every run of its page
 * has been emitted; runs emitted from a page whose cursor has not moved yet (a poll that stopped
 * inside it) are remembered by id, so the next poll, which gets the same page again, skips them.
 */
export async function poll(ctx: IPollFunctions): Promise<PollOutcome> {
	const workspace = readWorkspace(ctx);
	const workflowId = readUuid(ctx, 'workflowId', 'Workflow');
	const options = ctx.getNodeParameter('options', {}) as { includeOutput?: boolean };
	const feed: Feed = {
		ctx,
		path: apiPath`/workspaces/${workspace}/workflows/${workflowId}/runs`,
		workspace,
		workflowId,
		includeOutput: options.includeOutput === true,
	};
	if (isManualRun(ctx)) return await newestRun(feed);

	const staticData = ctx.getWorkflowStaticData('node');
	const state = readPollState(staticData, STATE_KEY) as RunsState;
	if (!state.initialized) {
		const startFrom = readStartFrom(ctx);
		if (startFrom === undefined) {
			// Activation: one request whose runs are history. Its meta.server_time is the boundary
			// (the server's clock, never this host's) and its next_cursor the starting position.
			// It also checks the workflow, workspace and token now.
			let bootstrap: RunsPage;
			try {
				bootstrap = await listPage(feed, new Date().toISOString());
			} catch (error) {
				return skipTransientPollError(ctx, error, 'check the workflow runs feed');
			}
			const boundary = activationBoundary(ctx, bootstrap);
			const cursor = bootstrap.meta?.next_cursor;
			initializePollState(state, toEpoch(boundary), typeof cursor === 'string' && cursor ? cursor : undefined);
			state.createdAfter = boundary;
			savePollState(staticData, STATE_KEY, state);
			return null;
		}
		// Backfill: runs created after the chosen date; they stay eligible until they complete.
		initializePollState(state, startFrom);
		state.createdAfter = new Date(startFrom).toISOString();
	}

	// The boundary never moves: a run created after activation is found whenever it completes.
	const createdAfter = state.createdAfter ?? new Date(state.watermark).toISOString();
	const emitted: IDataObject[] = [];
	const deadline = pollDeadline(ctx);
	const guard = new PageGuard<string>({ ctx, service: 'Raydocs', path: feed.path, position: 'page cursor' });
	for (let page = 0; page < pollLimits.maxPagesPerPoll && Date.now() < deadline; page++) {
		guard.enter(state.cursor ?? '');
		let body: RunsPage;
		try {
			body = await listPage(feed, createdAfter, state.cursor);
		} catch (error) {
			skipTransientPollError(ctx, error, 'list the completed workflow runs');
			break;
		}
		guard.leave(listItems(body).length, body.meta?.has_more === true);
		let pageDone = true;
		for (const run of listItems<IDataObject>(body)) {
			const id = String(run.id);
			if (state.seen[id] !== undefined) continue;
			let output: unknown;
			if (feed.includeOutput) {
				try {
					output = await fetchOutput(feed, id);
				} catch (error) {
					skipTransientPollError(ctx, error, `read the output of workflow run ${id}`);
					pageDone = false;
					break;
				}
				const problem = outputProblem(output);
				if (problem) {
					ctx.logger.warn(`Raydocs Trigger "${ctx.getNode().name}": the output of workflow run ${id} is not valid yet (${problem}); it will be read again on the next poll`);
					pageDone = false;
					break;
				}
			}
			emitted.push(formatRun(feed, run, output));
			// Remembered until the cursor moves past this page.
			state.seen[id] = toEpoch(run.completed_at);
		}
		if (!pageDone) break;
		const next = body.meta?.next_cursor;
		if (typeof next !== 'string' || !next) break; // tolerant: no checkpoint given, keep the old one
		advanceCursor(state, next);
		if (body.meta?.has_more !== true) break;
	}
	savePollState(staticData, STATE_KEY, state);
	return emitItems(emitted);
}

/**
 * The activation boundary from the bootstrap answer: `meta.server_time`; without it, the newest
 * `completed_at` the answer shows; without that, the host clock minus a margin, with a warning
 * (a host clock ahead of the server's would otherwise lose the first runs).
 */
function activationBoundary(ctx: IPollFunctions, bootstrap: RunsPage): string {
	const serverTime = bootstrap.meta?.server_time;
	if (typeof serverTime === 'string' && !Number.isNaN(Date.parse(serverTime))) return serverTime;
	const newest = listItems<IDataObject>(bootstrap)
		.map((run) => String(run.completed_at ?? ''))
		.filter((time) => !Number.isNaN(Date.parse(time)))
		.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
	if (newest) return newest;
	ctx.logger.warn(
		`Raydocs Trigger "${ctx.getNode().name}": the workflow runs answer gave no server_time; the activation boundary is this host's clock minus ${HOST_CLOCK_MARGIN_MS / 60_000} minutes, so runs created shortly before activation may be emitted`,
	);
	return new Date(Date.now() - HOST_CLOCK_MARGIN_MS).toISOString();
}

async function listPage(feed: Feed, createdAfter: string, cursor?: string): Promise<RunsPage> {
	return await pollGet<RunsPage>(feed.ctx, {
		path: feed.path,
		qs: {
			pagination: 'cursor',
			status: 'completed',
			created_after: createdAfter,
			per_page: RUNS_PAGE_SIZE,
			...(cursor ? { cursor } : {}),
		},
		subject: `Workflow ${feed.workflowId}`,
		what: 'list the completed workflow runs',
	});
}
