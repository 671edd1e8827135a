/**
 * A network error the core does not know (no socket code it recognises) whose text quotes the
 * request: the token or API key, in header form and bare, and a signed URL with its query. On the
 * paths whose errors reach the user without the action router's final scrub — a trigger's Fetch
 * Test Event, a list search behind a resource locator, webhook activation (create, checkExists) —
 * no secret may appear in the message, the description, the error as n8n serialises it, or the logs.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { LlamaExtractWebhookTrigger } from '../../../nodes/LlamaExtract/LlamaExtractWebhookTrigger.node';
import { PerfectParser } from '../../../nodes/PerfectParser/PerfectParser.node';
import { Raydocs } from '../../../nodes/Raydocs/Raydocs.node';
import { core, hookContext, loadOptionsContext } from '../../../dev/harness/n8nContext';
import { fastTiming, LLAMA_KEY, LLAMA_URL, llamaCredentials, pollLlama } from '../../helpers/llamaextract';
import { PP_KEY, PP_URL, pollPP, ppCredentials, triggerHooks } from '../../helpers/perfectparser';
import { RAYDOCS_TOKEN, RAYDOCS_URL, raydocsCredentials } from '../../helpers/raydocs';

const SIGNATURE = 'SIGSECRET0123456789abcdef';

/** What a proxy or agent might throw: the request quoted, credential and signed URL included. */
function leakyError(secret: string): Error {
	return Object.assign(
		new Error(
			`proxy refused GET https://bucket.test/f.pdf?X-Amz-Signature=${SIGNATURE}&X-Amz-Expires=60 with {"X-API-Key":"${secret}","authorization":"Bearer ${secret}"} and ${secret}`,
		),
		{ code: 'EPROXYWEIRD' },
	);
}

type Logged = jest.SpyInstance[];

/** The levels of the logger n8n's contexts hand out that can be watched (debug is read-only). */
function spyOnLogs(): Logged {
	let proto: object | null = core.PollContext.prototype;
	while (proto && !Object.getOwnPropertyDescriptor(proto, 'logger')) proto = Object.getPrototypeOf(proto) as object | null;
	const logger = ((Object.getOwnPropertyDescriptor(proto as object, 'logger') as PropertyDescriptor).get as () => Record<string, () => void>).call({});
	return (['error', 'warn', 'info'] as const).map((level) => jest.spyOn(logger, level).mockImplementation(() => undefined));
}

let logs: Logged;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	fastTiming();
	logs = spyOnLogs();
});
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});

async function caught(run: () => Promise<unknown>): Promise<Error & { description?: string }> {
	const outcome = await run().then(
		() => undefined,
		(error: Error) => error,
	);
	if (!outcome) throw new Error('expected the call to fail');
	return outcome as Error & { description?: string };
}

/** The connection error in words, its reason kept but scrubbed; nothing secret anywhere. */
function expectScrubbed(error: (Error & { description?: string }) | undefined, secret: string): void {
	expect(error?.message).toMatch(/^Could not reach .* \(connection error/);
	expect(error?.description).toContain('Network error: proxy refused GET https://bucket.test/f.pdf?***');
	const shown = `${error?.message}\n${error?.description}\n${JSON.stringify(error)}\n${JSON.stringify(logs.map((spy) => spy.mock.calls))}`;
	expect(shown).not.toContain(secret);
	expect(shown).not.toContain(SIGNATURE);
}

describe("a trigger's Fetch Test Event (manual poll)", () => {
	test('LlamaExtract Trigger', async () => {
		nock(LLAMA_URL).get('/api/v2/extract').query(true).times(5).replyWithError(leakyError(LLAMA_KEY));
		const result = await pollLlama({ event: 'extractJobCompleted' }, { data: {} }, { mode: 'manual' });
		expectScrubbed(result.error, LLAMA_KEY);
	});

	test('PerfectParser Trigger (Polling)', async () => {
		nock(PP_URL).get('/v1/extractions').query(true).times(5).replyWithError(leakyError(PP_KEY));
		const result = await pollPP({ statuses: ['completed'] }, {}, 'manual');
		expectScrubbed(result.error, PP_KEY);
	});
});

describe('a list search behind a resource locator', () => {
	test('Raydocs: Workspace → From list', async () => {
		nock(RAYDOCS_URL).get('/workspaces').query(true).times(10).replyWithError(leakyError(RAYDOCS_TOKEN));
		const node = new Raydocs();
		const context = loadOptionsContext({ nodeType: node, parameters: { resource: 'workspace', operation: 'get' }, credentials: raydocsCredentials() });
		expectScrubbed(await caught(async () => await node.methods.listSearch.searchWorkspaces.call(context)), RAYDOCS_TOKEN);
	});

	test('PerfectParser: Parser → From list', async () => {
		nock(PP_URL).get('/v1/parsers').query(true).times(10).replyWithError(leakyError(PP_KEY));
		const node = new PerfectParser();
		const context = loadOptionsContext({ nodeType: node, parameters: { resource: 'extraction', operation: 'submit' }, credentials: ppCredentials() });
		expectScrubbed(await caught(async () => await node.methods.listSearch.searchParsers.call(context)), PP_KEY);
	});
});

describe('webhook activation', () => {
	test('PerfectParser Trigger: create', async () => {
		nock(PP_URL).post('/v1/webhooks').times(5).replyWithError(leakyError(PP_KEY));
		const hooks = triggerHooks({ events: ['extraction.job_completed'] }, {});
		expectScrubbed(await caught(hooks.create), PP_KEY);
	});

	test('LlamaExtract Webhook Trigger: checkExists', async () => {
		nock(LLAMA_URL).get('/api/v1/beta/webhook-configs/whc-1').query(true).times(10).replyWithError(leakyError(LLAMA_KEY));
		const nodeType = new LlamaExtractWebhookTrigger();
		const staticData: IDataObject = { 'node:LlamaExtract Webhook Trigger': { webhookConfigurationId: 'whc-1', signingSecret: 'a'.repeat(64) } };
		const context = hookContext({ nodeType, parameters: { events: ['extract.success'] }, credentials: llamaCredentials(), staticData });
		context.getNodeWebhookUrl = () => 'https://n8n.example.com/webhook/abc/webhook';
		expectScrubbed(await caught(async () => await nodeType.webhookMethods.default.checkExists.call(context)), LLAMA_KEY);
	});
});
