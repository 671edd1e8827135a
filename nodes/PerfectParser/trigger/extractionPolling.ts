/**
 * Finished PerfectParser extractions, found by polling the list of extractions: the fields and
 * the poll of the PerfectParser Trigger with Polling delivery (and of the hidden PerfectParser
 * Polling Trigger that workflows saved before the two were one node still use).
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData, type INodeProperties, type IPollFunctions } from 'n8n-workflow';

import { errorInfo } from '../../shared/transport/errors';
import { collectPages } from '../../shared/transport/paginate';
import { apiPath } from '../../shared/transport/paths';
import { toEpoch } from '../../shared/triggers/pollCursor';
import { pollRequest, wholeWindow } from '../../shared/triggers/pollLimits';
import { isManualRun, testEvent } from '../../shared/triggers/pollRun';
import { pollWindow } from '../../shared/triggers/pollWindow';
import { EVENTS_LABEL } from '../../shared/triggers/triggerDescription';
import { optionsCollection } from '../../shared/description/fields';
import { flattenSwitch } from '../../shared/description/flatten';
import { itemShape, type TriggerFlatten } from '../../shared/triggers/triggerFlatten';
import { builtFrom, exampleFromJsonSchema, markSample, sampleNote } from '../../shared/triggers/sampleItem';
import { idFromValue } from '../../shared/description/validate';
import { parserFilterLocator } from '../actions/parameters';
import { nextCursor, perfectParser, ppRequest, unwrap, type CursorPage } from '../transport';

const STATE_KEY = 'perfectParserExtractions';
/** With Include Results, each of an extraction's `documents` carries its fields in `extracted_data`. */
const DOCUMENT_DATA: TriggerFlatten = { keys: ['extracted_data'], grouped: false, within: ['documents'] };

/**
 * Every extraction of the given statuses updated after `since`, all pages. One request per status
 * when idle. Multi-value `status` is undocumented (unknown values get 400), hence one per status.
 */
async function fetchExtractions(ctx: IPollFunctions, statuses: string[], parserId: string, since?: string, limit?: number): Promise<IDataObject[]> {
	const extractions: IDataObject[] = [];
	// Every page of the window is needed: past the poll's bounds the poll ends with an error.
	const window = wholeWindow(ctx, { service: 'PerfectParser', path: '/v1/extractions', position: 'page cursor' });
	for (const status of statuses) {
		const page = await collectPages<IDataObject, string>(
			'',
			async (cursor) => {
				window.beforePage();
				const response = await ppRequest<CursorPage>(ctx, {
					method: 'GET',
					...pollRequest(),
					path: '/extractions',
					qs: {
						status,
						limit: limit ?? 100,
						...(since ? { since } : {}),
						...(parserId ? { parser_id: parserId } : {}),
						...(cursor ? { cursor } : {}),
					},
					subject: parserId ? `Parser ${parserId}` : undefined,
				});
				const items = Array.isArray(response.body.extractions) ? (response.body.extractions as IDataObject[]) : [];
				// The status filter is asked for; a lagging list could still show another status.
				return {
					items: items.filter((item) => item.status === undefined || item.status === status),
					next: nextCursor(response.body),
					received: items.length,
				};
			},
			limit,
			window.target,
		);
		extractions.push(...page);
	}
	return extractions;
}

/** The server's clock from the Date header of a one-item list request. */
async function serverClock(ctx: IPollFunctions): Promise<number | undefined> {
	const response = await ppRequest(ctx, { method: 'GET', ...pollRequest(), path: '/extractions', qs: { limit: 1 } });
	const date = Date.parse(String(response.headers.date ?? ''));
	return Number.isNaN(date) ? undefined : date;
}

function keyOf(extraction: IDataObject): string {
	return `${String(extraction.extraction_id)}:${String(extraction.status)}`;
}

function timeOf(extraction: IDataObject): number {
	return toEpoch(extraction.updated_at ?? extraction.completed_at ?? extraction.created_at);
}

/**
 * The item a manual run returns while nothing has completed: an extraction as the list gives it
 * (with one document when results are included), its data built from the chosen parser's schema,
 * marked as an example.
 */
async function sampleExtraction(ctx: IPollFunctions, status: string, parserId: string, includeResults: boolean): Promise<IDataObject> {
	let parser: IDataObject = {};
	if (parserId) {
		const response = await ppRequest(ctx, { method: 'GET', path: apiPath`/parsers/${parserId}`, subject: `Parser ${parserId}` });
		parser = unwrap(response.body, 'parser');
	}
	const now = new Date().toISOString();
	const name = parser.name ? `parser "${String(parser.name)}"` : undefined;
	const extraction: IDataObject = {
		extraction_id: 'ext_sample',
		parser_id: parserId || 'prs_sample',
		parser_name: parser.name ?? 'Sample parser',
		status,
		file_count: 1,
		page_count: 1,
		credits_used: 1,
		created_at: now,
		updated_at: now,
		completed_at: now,
		document_summary: { total: 1, completed: status === 'failed' ? 0 : 1, failed: status === 'failed' ? 1 : 0, processing: 0 },
	};
	if (includeResults) {
		extraction.documents = [
			{ document_id: 'doc_sample', filename: 'sample.pdf', status: status === 'failed' ? 'failed' : 'completed', extracted_data: exampleFromJsonSchema(parser.schema ?? {}) as IDataObject },
		];
	}
	const note = sampleNote('PerfectParser', builtFrom(name), 'Submit a file to PerfectParser and test again to see a real extraction.');
	return markSample(extraction, note);
}

/** Answers of /results that concern that one extraction, not the node's configuration. */
const RESULTS_UNAVAILABLE = [400, 404];

async function withResults(ctx: IPollFunctions, extraction: IDataObject): Promise<IDataObject> {
	const id = String(extraction.extraction_id);
	const response = await ppRequest(ctx, {
		method: 'GET',
		...pollRequest(),
		path: apiPath`/extractions/${id}/results`,
		subject: `Extraction ${id}`,
		acceptStatuses: RESULTS_UNAVAILABLE,
	});
	if (RESULTS_UNAVAILABLE.includes(response.statusCode)) {
		// Thrown, it would fail every poll on the same extraction (the cursor cannot move past it)
		// and nothing after it would ever fire: emit it without results and say why instead.
		const info = errorInfo(ctx, perfectParser, response.statusCode, response.body);
		const reason = [`HTTP ${response.statusCode}`, info.code, info.message].filter((part) => part).join(' ');
		return { ...extraction, resultsUnavailable: reason };
	}
	const results = unwrap(response.body, 'extraction');
	return { ...extraction, documents: results.documents ?? [] };
}

/** What a polling PerfectParser trigger asks: statuses, parser, Flatten, options. */
export const EXTRACTION_POLLING_PROPERTIES: INodeProperties[] = [
	{
		displayName: EVENTS_LABEL,
		name: 'statuses',
		type: 'multiOptions',
		options: [
			{ name: 'Extraction Completed', value: 'completed', description: 'Every document succeeded' },
			{ name: 'Extraction Failed', value: 'failed', description: 'Every document failed' },
			{ name: 'Extraction Partial', value: 'partial', description: 'Some documents succeeded, some failed' },
		],
		default: ['completed'],
		required: true,
		description: 'Each poll makes one request per status chosen here',
	},
	{ ...parserFilterLocator, displayName: 'Parser' },
	flattenSwitch('extracted_data', {}, 'the top level of each document that Include Results adds'),
	optionsCollection([
		{
			displayName: 'Include Results',
			name: 'includeResults',
			type: 'boolean',
			default: false,
			description: 'Whether to fetch each new extraction\'s documents with their extracted data (one more request per extraction). When PerfectParser cannot give them (400/404), the extraction is still emitted, with resultsUnavailable saying why.',
		},
		{
			displayName: 'Overlap (Seconds)',
			name: 'overlapSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'How far back each poll looks before the newest extraction seen, to catch late or equal timestamps; duplicates are filtered out',
		},
	]),
];

/** One poll: new finished extractions since the last one, or in a manual run the newest (or a sample). */
export async function pollExtractions(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const statuses = (this.getNodeParameter('statuses', []) as string[]).filter((status) => status);
	if (statuses.length === 0) {
		throw new NodeOperationError(this.getNode(), `Choose at least one status under "${EVENTS_LABEL}"`);
	}
	const parserId = idFromValue(this.getNode(), this.getNodeParameter('parserId', ''), 'Parser');
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const overlapMs = Math.max(0, Number(options.overlapSeconds ?? 120)) * 1000;
	const includeResults = options.includeResults === true;

	if (isManualRun(this)) {
		// Sort order is undocumented: take one page per status and pick the newest ourselves.
		const extractions = await fetchExtractions(this, statuses, parserId, undefined, 20);
		const newest = extractions.sort((a, b) => timeOf(b) - timeOf(a))[0];
		const real = newest && (includeResults ? await withResults(this, newest) : newest);
		return await testEvent(real, async () => await sampleExtraction(this, statuses[0], parserId, includeResults), itemShape(this, DOCUMENT_DATA));
	}

	// Extractions are placed by the server's update time; an extraction that changes status is
	// another event (its id carries the status).
	return await pollWindow<IDataObject>(this, 'list the extractions', {
		stateKey: STATE_KEY,
		overlapMs,
		// Timestamps are the server's: on first activation ask it what time it is, so a skewed
		// local clock can neither replay history nor hide what completes next.
		startAt: async () => (await serverClock(this)) ?? Date.now(),
		list: async (since) => await fetchExtractions(this, statuses, parserId, new Date(Math.max(0, since)).toISOString()),
		stamp: (extraction) => ({ id: keyOf(extraction), time: timeOf(extraction) }),
		format: async (extraction) => (includeResults ? await withResults(this, extraction) : extraction),
		flatten: DOCUMENT_DATA,
	});
}
