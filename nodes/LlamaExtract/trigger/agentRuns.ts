import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { PageGuard, collectPages, nextOffset } from '../../shared/transport/paginate';
import { apiPath } from '../../shared/transport/paths';
import { forgetOnNewFilters, isUnseen, readPollState, recordEmitted, savePollState, startFromNow, toEpoch, type PollState } from '../../shared/triggers/pollCursor';
import { skipTransientPollError } from '../../shared/triggers/pollErrors';
import { pollRequest, wholeWindow } from '../../shared/triggers/pollLimits';
import { emitItems, isManualRun, testEvent, type PollOutcome } from '../../shared/triggers/pollRun';
import { itemShape } from '../../shared/triggers/triggerFlatten';
import { builtFrom, exampleFromJsonSchema, markSample, sampleNote } from '../../shared/triggers/sampleItem';
import { idFromValue, isUuid } from '../../shared/description/validate';
import { formatRun, parseData } from '../jobs';
import { llamaJson } from '../transport';
import { EXTRACTED_DATA } from './extractedData';

const STATE_KEY = 'agentRuns';
const PAGE_SIZE = 100;
/** A manual test run looks at the first five pages only. */
const MANUAL_SAMPLE = 5 * PAGE_SIZE;
const RUNS_PATH = '/api/v1/extraction/runs';
/** Runs finished longer ago than this before the watermark count as history. */
const RUN_OVERLAP_MS = 24 * 3_600_000;
const NOT_FINISHED = new Set(['CREATED', 'PENDING']);

interface RunsState extends PollState {
	/** Server total of the listed runs at the last complete walk. */
	total?: number;
	/** Runs seen not yet finished, so a walk knows whom to look for. */
	pending?: string[];
}

interface RunsPage {
	items: IDataObject[];
	total?: number;
}

async function fetchPage(ctx: IPollFunctions, qs: IDataObject, skip: number, agent: string): Promise<RunsPage> {
	const body = await llamaJson<{ items?: IDataObject[]; total?: number }>(ctx, {
		method: 'GET',
		...pollRequest(),
		path: RUNS_PATH,
		qs: { ...qs, skip, limit: PAGE_SIZE },
		subject: `Agent ${agent}`,
	});
	return { items: body.items ?? [], total: typeof body.total === 'number' ? body.total : undefined };
}

const runTime = (run: IDataObject) => Math.max(toEpoch(run.updated_at), toEpoch(run.created_at));

/**
 * The item a manual run returns while the agent has no finished run: a run as the list gives it,
 * its data built from the agent's schema, marked as an example.
 */
async function sampleRun(ctx: IPollFunctions, agent: string, toOutput: (run: IDataObject) => IDataObject): Promise<IDataObject> {
	const found = await llamaJson<IDataObject>(ctx, { method: 'GET', path: apiPath`/api/v1/extraction/extraction-agents/${agent}`, subject: `Agent ${agent}` });
	const now = new Date().toISOString();
	const run: IDataObject = {
		id: '00000000-0000-4000-8000-000000000000',
		job_id: '00000000-0000-4000-8000-000000000001',
		extraction_agent_id: agent,
		file_id: '00000000-0000-4000-8000-000000000002',
		status: 'SUCCESS',
		error: null,
		data: exampleFromJsonSchema(parseData(found.data_schema) ?? {}) as IDataObject,
		created_at: now,
		updated_at: now,
	};
	const source = found.name ? `agent "${String(found.name)}"` : `agent ${agent}`;
	return markSample(toOutput(run), sampleNote('LlamaCloud', builtFrom(source), 'Run a job with this agent (e.g. LlamaExtract → Job → Create) and test again to see a real run.'));
}

/**
 * Completed runs (v1) of one agent. The runs list has no time filter and no documented order,
 * so a poll reads the first page and stops there only when nothing can have changed: the same
 * total as last time, every run on it already emitted or known to be still running, and every
 * run known to be running still on it. Otherwise it walks all pages. Idle poll: one request.
 */
export async function pollAgentRuns(ctx: IPollFunctions): Promise<PollOutcome> {
	const agent = idFromValue(ctx.getNode(), ctx.getNodeParameter('agent', '', { extractValue: true }), 'Agent');
	if (!isUuid(agent)) {
		throw new NodeOperationError(ctx.getNode(), `Agent "${agent}" is not a valid ID`, {
			description: 'Pick the agent from the list, or paste its ID (e.g. 550e8400-e29b-41d4-a716-446655440000).',
		});
	}
	const includeErrors = ctx.getNodeParameter('includeErrors', false) as boolean;
	const simplify = ctx.getNodeParameter('simplify', true) as boolean;
	const wanted = new Set(includeErrors ? ['SUCCESS', 'ERROR'] : ['SUCCESS']);
	// SUCCESS alone is filtered by the API; with errors too the list is unfiltered (one request
	// instead of one per status) and filtered here.
	const qs: IDataObject = { extraction_agent_id: agent, ...(includeErrors ? {} : { status: 'SUCCESS' }) };
	const toOutput = (run: IDataObject): IDataObject => formatRun(run, simplify);
	// More pages than the bound end the poll with an error: the runs not read would be taken for none.
	const window = wholeWindow(ctx, { service: 'LlamaCloud', path: RUNS_PATH, position: 'offset' });
	const target = window.target;

	if (isManualRun(ctx)) {
		const runs = await collectPages<IDataObject, number>(
			0,
			async (skip) => {
				const { items, total } = await fetchPage(ctx, qs, skip, agent);
				return { items, next: nextOffset(skip, PAGE_SIZE, items.length, total) };
			},
			MANUAL_SAMPLE,
			target,
		);
		const newest = runs.filter((run) => wanted.has(String(run.status))).sort((a, b) => runTime(b) - runTime(a))[0];
		return await testEvent(newest && toOutput(newest), async () => await sampleRun(ctx, agent, toOutput), itemShape(ctx, EXTRACTED_DATA));
	}

	const staticData = ctx.getWorkflowStaticData('node');
	forgetOnNewFilters(staticData, STATE_KEY, [agent, includeErrors]);
	// A working copy: stored only when the poll got through, so a failed poll changes nothing.
	const state = readPollState(staticData, STATE_KEY) as RunsState;
	// v1 timestamps may be null: such a run counts as seen at the watermark, so it
	// is emitted once (the id dedupes it) instead of passing for old history.
	const timeOf = (run: IDataObject) => runTime(run) || state.watermark;
	const seen = (run: IDataObject) => !isUnseen(state, String(run.id), timeOf(run), RUN_OVERLAP_MS);

	let runs: IDataObject[];
	let total: number | undefined;
	try {
		const guard = new PageGuard<number>(target);
		guard.enter(0);
		window.beforePage();
		const first = await fetchPage(ctx, qs, 0, agent);
		total = first.total;
		const pending = new Set(state.pending ?? []);
		const ids = new Set(first.items.map((run) => String(run.id)));
		const unchanged =
			state.initialized &&
			total !== undefined &&
			total === state.total &&
			first.items.every((run) => (wanted.has(String(run.status)) ? seen(run) : NOT_FINISHED.has(String(run.status)) && pending.has(String(run.id)))) &&
			[...pending].every((id) => ids.has(id));
		if (unchanged) return null;
		runs = [...first.items];
		let skip = nextOffset(0, PAGE_SIZE, first.items.length, total);
		while (skip !== undefined) {
			guard.enter(skip);
			window.beforePage();
			const next = await fetchPage(ctx, qs, skip, agent);
			runs.push(...next.items);
			total = next.total ?? total;
			skip = nextOffset(skip, PAGE_SIZE, next.items.length, next.total);
		}
	} catch (error) {
		return skipTransientPollError(ctx, error, `list the runs of agent ${agent}`);
	}

	const finished = runs.filter((run) => wanted.has(String(run.status)));
	const stamp = (run: IDataObject) => ({ id: String(run.id), time: timeOf(run) });
	// Undated runs still listed keep their id at the (moved) watermark, or they would fall out of
	// the window and be emitted again.
	const keepUndated = () =>
		recordEmitted(state, finished.filter((run) => !runTime(run)).map((run) => ({ id: String(run.id), time: state.watermark })), RUN_OVERLAP_MS);
	const stillRunning = runs.filter((run) => NOT_FINISHED.has(String(run.status))).map((run) => String(run.id)).slice(0, 1000);
	state.total = total;
	state.pending = stillRunning;
	if (!state.initialized) {
		startFromNow(staticData, STATE_KEY, state, Date.now(), finished.map(stamp), RUN_OVERLAP_MS);
		keepUndated();
		savePollState(staticData, STATE_KEY, state);
		return null;
	}
	const fresh = finished.filter((run) => !seen(run));
	recordEmitted(state, fresh.map(stamp), RUN_OVERLAP_MS);
	keepUndated();
	savePollState(staticData, STATE_KEY, state);
	fresh.sort((a, b) => timeOf(a) - timeOf(b));
	return emitItems(fresh.map(toOutput), itemShape(ctx, EXTRACTED_DATA));
}
