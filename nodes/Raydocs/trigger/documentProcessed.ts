import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { PageGuard, listItems, nextPageNumber } from '../../shared/transport/paginate';
import { apiPath } from '../../shared/transport/paths';
import { initializePollState, isUnseen, readPollState, recordEmitted, savePollState, toEpoch, type PollState } from '../../shared/triggers/pollCursor';
import { workspaceLocator } from '../actions/parameters';
import { markSampleDocument, sampleDocument } from './sample';
import { documentState } from '../documentStatus';
import { skipTransientPollError } from '../../shared/triggers/pollErrors';
import { pollDeadline, pollLimits } from '../../shared/triggers/pollLimits';
import { emitItems, isManualRun, testEvent, type PollOutcome } from '../../shared/triggers/pollRun';
import { eventOptions, pollGet, readStartFrom, readWorkspace } from './eventInputs';

const EVENT = 'documentProcessed';
const STATE_KEY = 'documents';
/** The API's maximum per_page. */
export const DOCUMENTS_PAGE_SIZE = 100;
/**
 * A document still parsing holds the window open behind it so it is emitted when it finishes,
 * unless it was uploaded this much earlier than the newest document (stuck, not slow).
 */
export const MAX_PARSING_WAIT_MS = 24 * 60 * 60_000;

const show = { event: [EVENT] };

export const description: INodeProperties[] = [
	{ ...workspaceLocator, description: 'The workspace whose documents to watch', displayOptions: { show } },
	eventOptions(show, [
		{
			displayName: 'Filename Contains',
			name: 'filename',
			type: 'string',
			default: '',
			placeholder: 'e.g. invoice',
			description: 'Only documents whose file name contains this text (not case-sensitive)',
		},
		{
			displayName: 'MIME Type',
			name: 'mime',
			type: 'string',
			default: '',
			placeholder: 'e.g. application/pdf',
			description: 'Only documents of this exact MIME type',
		},
		{
			displayName: 'Overlap Window (Minutes)',
			name: 'overlapMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description: 'Raydocs sorts documents by upload time, not by the time they finished processing. Each poll looks this far back behind the newest document already emitted, to catch documents uploaded earlier that finished processing since. A larger window catches slower parsing but costs more requests when many documents arrive.',
		},
	]),
];

interface Filters {
	filename?: string;
	mime?: string;
}

interface Feed {
	ctx: IPollFunctions;
	path: string;
	filters: Filters;
}

function readFeed(ctx: IPollFunctions): Feed & { overlapMs: number } {
	const options = ctx.getNodeParameter('options', {}) as { filename?: string; mime?: string; overlapMinutes?: number };
	return {
		ctx,
		path: apiPath`/workspaces/${readWorkspace(ctx)}/documents`,
		filters: { filename: options.filename?.trim() || undefined, mime: options.mime?.trim() || undefined },
		overlapMs: Math.max(0, Number(options.overlapMinutes ?? 10)) * 60_000,
	};
}

/**
 * The list is asked for every status: the spelling of a parsed document differs between the
 * documentation pages (`processed`, `parsed`, `ready`), and a server may ignore the filter
 * anyway. The status, and the API's `query` (which also matches source URLs and hashes) and
 * `mime` filters, are applied here.
 */
function matches(doc: IDataObject, filters: Filters): boolean {
	if (documentState(doc.status) !== 'usable') return false;
	if (filters.filename && !String(doc.filename ?? '').toLowerCase().includes(filters.filename.toLowerCase())) return false;
	if (filters.mime && String(doc.mime ?? doc.mime_type ?? '').toLowerCase() !== filters.mime.toLowerCase()) return false;
	return true;
}

async function listPage(feed: Feed, page: number, perPage = DOCUMENTS_PAGE_SIZE): Promise<{ items: IDataObject[]; meta?: unknown }> {
	const body = await pollGet<{ meta?: unknown }>(feed.ctx, {
		path: feed.path,
		qs: {
			sort: 'created_at',
			order: 'desc',
			per_page: perPage,
			page,
			...(feed.filters.filename ? { query: feed.filters.filename } : {}),
			...(feed.filters.mime ? { mime: feed.filters.mime } : {}),
		},
		subject: 'The workspace',
		what: 'list the workspace documents',
	});
	return { items: listItems<IDataObject>(body), meta: body.meta };
}

function formatDocument(doc: IDataObject): IDataObject {
	return {
		...doc,
		document_id: doc.id,
		filename: doc.filename ?? null,
		mime: doc.mime ?? doc.mime_type ?? null,
		status: doc.status ?? null,
		created_at: doc.created_at ?? null,
	};
}

interface Walk {
	/** Unseen matching documents, newest first. */
	found: IDataObject[];
	/** Whether the walk reached the window's edge (or the end of the list). */
	complete: boolean;
	/** Newest created_at among the documents looked at. */
	newest: number;
	/** Oldest created_at among documents still parsing (within MAX_PARSING_WAIT_MS of the newest). */
	oldestParsing: number;
}

/**
 * Newest first, page by page, until a page ends below the window's edge (`floor`). Pages are
 * numbered, so a document uploaded meanwhile pushes the rest down: one may be seen twice (the
 * seen set drops it), none is skipped. A failed page ends the walk early, as an incomplete one.
 */
async function walk(feed: Feed, state: PollState, floor: number, overlapMs: number): Promise<Walk> {
	const found: IDataObject[] = [];
	const ids = new Set<string>();
	let newest = Number.NEGATIVE_INFINITY;
	const parsing: number[] = [];
	const deadline = pollDeadline(feed.ctx);
	const guard = new PageGuard<number>({ ctx: feed.ctx, service: 'Raydocs', path: feed.path, position: 'page number' });
	const result = (complete: boolean): Walk => {
		const recent = parsing.filter((time) => time >= newest - MAX_PARSING_WAIT_MS);
		return { found, complete, newest, oldestParsing: recent.length ? Math.min(...recent) : Number.POSITIVE_INFINITY };
	};
	for (let page = 1, count = 0; count < pollLimits.maxPagesPerPoll && Date.now() < deadline; count++) {
		guard.enter(page);
		let items: IDataObject[];
		let meta: unknown;
		try {
			({ items, meta } = await listPage(feed, page));
		} catch (error) {
			skipTransientPollError(feed.ctx, error, 'list the workspace documents');
			return result(false);
		}
		let oldest = Number.POSITIVE_INFINITY;
		for (const doc of items) {
			const id = String(doc.id);
			const time = toEpoch(doc.created_at);
			oldest = Math.min(oldest, time);
			newest = Math.max(newest, time);
			if (documentState(doc.status) === 'running' && time >= floor) parsing.push(time);
			if (ids.has(id) || !matches(doc, feed.filters) || !isUnseen(state, id, time, overlapMs)) continue;
			ids.add(id);
			found.push(doc);
		}
		const next = nextPageNumber(meta, page);
		guard.leave(items.length, next !== undefined);
		if (items.length === 0 || oldest < floor || next === undefined) return result(true);
		page = next;
	}
	return result(false);
}

/** Test run: the newest processed document matching the filters, state untouched. */
async function newestDocument(feed: Feed): Promise<PollOutcome> {
	// A full page: without a status filter, the newest documents may all still be parsing.
	const { items } = await listPage(feed, 1);
	const doc = items.find((d) => matches(d, feed.filters));
	return await testEvent(doc && formatDocument(doc), () => markSampleDocument(formatDocument(sampleDocument(readWorkspace(feed.ctx)))));
}

/**
 * Workspace documents sorted by upload time, newest first, de-duplicated by id behind a
 * watermark (the newest upload time emitted) with an overlap window for documents that finish
 * processing after newer ones were uploaded.
 */
export async function poll(ctx: IPollFunctions): Promise<PollOutcome> {
	const feed = readFeed(ctx);
	if (isManualRun(ctx)) return await newestDocument(feed);

	const staticData = ctx.getWorkflowStaticData('node');
	const state = readPollState(staticData, STATE_KEY);
	if (!state.initialized) {
		const startFrom = readStartFrom(ctx);
		if (startFrom === undefined) {
			// Remember the processed documents of the window as already seen, so the next polls
			// emit only what is processed from now on. The request also checks the configuration.
			const now = Date.now();
			initializePollState(state, now);
			const baseline = await walk(feed, state, now - feed.overlapMs, feed.overlapMs);
			if (!baseline.complete) return null; // logged; the next poll tries the first activation again
			recordEmitted(state, baseline.found.map((doc) => ({ id: String(doc.id), time: toEpoch(doc.created_at) })), feed.overlapMs, { advance: false });
			savePollState(staticData, STATE_KEY, state);
			return null;
		}
		initializePollState(state, startFrom);
		state.notBefore = startFrom;
	}

	const floor = Math.max(state.notBefore ?? Number.NEGATIVE_INFINITY, state.watermark - feed.overlapMs);
	const { found, complete, newest, oldestParsing } = await walk(feed, state, floor, feed.overlapMs);
	// Oldest first, the order in which they were uploaded.
	const emitted = found.reverse();
	recordEmitted(state, emitted.map((doc) => ({ id: String(doc.id), time: toEpoch(doc.created_at) })), feed.overlapMs, { advance: false });
	// A complete walk looked at everything down to the window's edge, emitted or filtered out:
	// the window may follow the newest document even if the filters matched none of them, but
	// not past a document still parsing (its window edge stays at or below its upload time).
	if (complete) {
		const target = Math.min(newest, oldestParsing + feed.overlapMs);
		if (target > state.watermark) state.watermark = target;
	}
	savePollState(staticData, STATE_KEY, state);
	return emitItems(emitted.map(formatDocument));
}
