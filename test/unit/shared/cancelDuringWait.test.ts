/**
 * Pressing Stop during a wait: in the single-job wait and the many-jobs wait of each service, the
 * execution is cancelled while the node pauses between two status checks (a pause of seconds,
 * as in real use, not a few milliseconds where the next request's own cancel check would hide
 * a pause that ignores the signal). The node must stop within about a second with the cancelled
 * error and look at nothing more. Real time: the pause itself is what is under test.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { statusPolling } from '../../../nodes/PerfectParser/actions/parameters';
import { defaultWaitPolicy } from '../../../nodes/shared/waiting/wait';
import { binaryItem, type RunResult } from '../../../dev/harness/n8nContext';
import { fastTiming, LLAMA_URL, runLlama } from '../../helpers/llamaextract';
import { fastRetries as ppFastRetries, parseMultipart, PP_URL, runPP } from '../../helpers/perfectparser';
import { byId, RAYDOCS_URL, runRaydocs } from '../../helpers/raydocs';

/** The pause between two status checks while a job runs: seconds, as users get. */
const PAUSE_MS = 5000;
/** When Stop is pressed, after the status check answered "still running". */
const CANCEL_AFTER_MS = 300;
/** How soon after Stop the node must have ended. */
const STOPS_WITHIN_MS = 1000;

const saved = { wait: { ...defaultWaitPolicy }, pp: statusPolling.initialDelayMs };

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastTiming();
	ppFastRetries();
	Object.assign(defaultWaitPolicy, { initialDelayMs: PAUSE_MS, maxDelayMs: 30_000 });
	statusPolling.initialDelayMs = PAUSE_MS;
});
afterEach(() => nock.cleanAll());
afterAll(() => {
	Object.assign(defaultWaitPolicy, saved.wait);
	statusPolling.initialDelayMs = saved.pp;
});

/**
 * A Stop button: `looked()` goes in the reply of every status check; the first one presses Stop
 * CANCEL_AFTER_MS later, while the node pauses before its next check.
 */
function stopButton() {
	const controller = new AbortController();
	const state = { looks: 0, stoppedAt: 0 };
	return {
		signal: controller.signal,
		state,
		looked() {
			state.looks++;
			if (state.looks === 1) {
				setTimeout(() => {
					state.stoppedAt = Date.now();
					controller.abort();
				}, CANCEL_AFTER_MS);
			}
		},
	};
}

async function expectStoppedPromptly(stop: ReturnType<typeof stopButton>, run: () => Promise<RunResult>): Promise<void> {
	const result = await run();
	const ended = Date.now();
	expect(stop.state.stoppedAt).toBeGreaterThan(0);
	expect(result.error?.message ?? '').toContain('The execution was cancelled while waiting');
	// Ended within about a second of Stop, not at the end of the pause...
	expect(ended - stop.state.stoppedAt).toBeLessThan(STOPS_WITHIN_MS);
	// ...and looked at nothing more after it.
	expect(stop.state.looks).toBe(1);
}

const RID = '990e8400-e29b-41d4-a716-446655440000';
const SID = '770e8400-e29b-41d4-a716-446655440000';
const TID = '550e8400-e29b-41d4-a716-446655440000';
const S1 = '770e8400-e29b-41d4-a716-446655440001';
const S2 = '770e8400-e29b-41d4-a716-446655440002';

describe('Raydocs', () => {
	test('Result → Wait (one job): Stop during the pause between checks ends the node within a second', async () => {
		const stop = stopButton();
		nock(RAYDOCS_URL)
			.persist()
			.get(`/extractions/results/${RID}`)
			.reply(() => {
				stop.looked();
				return [200, { id: RID, extraction_session_id: SID, status: 'processing' }];
			});
		await expectStoppedPromptly(stop, async () =>
			await runRaydocs({ resource: 'result', operation: 'wait', waitFor: 'result', resultId: RID, options: { maxWaitMinutes: 30 } }, undefined, { abortSignal: stop.signal }),
		);
	});

	test('Batch → Create Sessions with wait (many jobs): Stop during the pause ends the node within a second', async () => {
		const stop = stopButton();
		nock(RAYDOCS_URL)
			.post(`/extractions/templates/${TID}/sessions/batch`)
			.reply(200, [
				{ id: S1, name: 'a.pdf' },
				{ id: S2, name: 'b.pdf' },
			])
			.persist()
			.get(/\/extractions\/sessions\/770e8400-e29b-41d4-a716-44665544000[12]$/)
			.reply((uri) => {
				stop.looked();
				return [200, { id: uri.split('/').pop(), status: 'processing', results: [] }];
			});
		const params = { resource: 'batch', operation: 'createSessions', template: byId(TID), source: 'keys', fileKeys: '={{ $json.keys }}', autoExtract: true, waitForCompletion: true, options: { maxWaitMinutes: 30 } };
		await expectStoppedPromptly(stop, async () =>
			await runRaydocs(params, [{ json: { keys: 'tmp/a.pdf' } }, { json: { keys: 'tmp/b.pdf' } }], { abortSignal: stop.signal }),
		);
	});
});

describe('PerfectParser', () => {
	test('Extraction → Wait (one job): Stop during the pause between checks ends the node within a second', async () => {
		const stop = stopButton();
		nock(PP_URL)
			.persist()
			.get('/v1/extractions/ext_1')
			.reply(() => {
				stop.looked();
				return [200, { extraction: { extraction_id: 'ext_1', status: 'processing' } }];
			});
		await expectStoppedPromptly(stop, async () =>
			await runPP({ resource: 'extraction', operation: 'wait', extractionId: 'ext_1', options: { maxWaitMinutes: 30 } }, undefined, { abortSignal: stop.signal }),
		);
	});

	test('Extraction → Submit with wait (many jobs: 51 files, two extractions): Stop during the pause ends the node within a second', async () => {
		const stop = stopButton();
		let submitted = 0;
		nock(PP_URL)
			.post('/v1/extractions')
			.times(2)
			.reply(function (_uri, body) {
				const files = parseMultipart(body, String(this.req.headers['content-type'])).filter((part) => part.name === 'files');
				submitted++;
				const documents = files.map((file, i) => ({ document_id: `doc_${submitted}_${i}`, filename: file.fileName, status: 'queued' }));
				return [202, { extraction: { extraction_id: `ext_${submitted}`, parser_id: 'prs_1', status: 'queued', file_count: files.length, documents } }];
			})
			.persist()
			.get(/\/v1\/extractions\/ext_[12]$/)
			.reply((uri) => {
				stop.looked();
				return [200, { extraction: { extraction_id: uri.split('/').pop(), status: 'processing' } }];
			});
		const input: INodeExecutionData[] = await Promise.all(
			Array.from({ length: 51 }, async (_, i) => await binaryItem(Buffer.from(`%PDF-1.4 file ${i}`), `f${i}.pdf`, 'application/pdf', { storage: 'memory' })),
		);
		const params: IDataObject = { resource: 'extraction', operation: 'submit', parser: { __rl: true, mode: 'id', value: 'prs_1' }, waitForCompletion: true, options: { maxWaitMinutes: 30 } };
		await expectStoppedPromptly(stop, async () => await runPP(params, input, { abortSignal: stop.signal }));
		expect(submitted).toBe(2);
	});
});

describe('LlamaExtract', () => {
	test('Extract → Wait (one job): Stop during the pause between checks ends the node within a second', async () => {
		const stop = stopButton();
		nock(LLAMA_URL)
			.persist()
			.get('/api/v2/extract/ext-1')
			.query(true)
			.reply(() => {
				stop.looked();
				return [200, { id: 'ext-1', status: 'RUNNING', created_at: '2026-01-01T00:00:00Z' }];
			});
		await expectStoppedPromptly(stop, async () =>
			await runLlama({ resource: 'extract', operation: 'wait', jobId: 'ext-1', options: { maxWaitMinutes: 30 } }, undefined, { abortSignal: stop.signal }),
		);
	});

	test('Extract → Wait over many items (many jobs): Stop during the pause ends the node within a second', async () => {
		const stop = stopButton();
		nock(LLAMA_URL)
			.persist()
			.get('/api/v2/extract')
			.query(true)
			.reply(() => {
				stop.looked();
				return [200, { items: ['ext-a', 'ext-b'].map((id) => ({ id, status: 'RUNNING', created_at: '2026-01-01T00:00:00Z' })) }];
			});
		await expectStoppedPromptly(stop, async () =>
			await runLlama({ resource: 'extract', operation: 'wait', jobId: '={{ $json.id }}', options: { maxWaitMinutes: 30 } }, [{ json: { id: 'ext-a' } }, { json: { id: 'ext-b' } }], {
				abortSignal: stop.signal,
			}),
		);
	});
});
