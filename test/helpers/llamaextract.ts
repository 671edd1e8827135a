import type { IDataObject, INodeExecutionData, WorkflowExecuteMode } from 'n8n-workflow';

import { LlamaCloudApi } from '../../credentials/LlamaCloudApi.credentials';
import { LlamaExtract } from '../../nodes/LlamaExtract/LlamaExtract.node';
import { LlamaExtractTrigger } from '../../nodes/LlamaExtract/LlamaExtractTrigger.node';
import { retryPolicy } from '../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { clock, defaultWaitPolicy } from '../../nodes/shared/waiting/wait';
import { core, runNode, runPoll, type CredentialMap, type RunResult } from '../../dev/harness/n8nContext';

export const LLAMA_URL = 'https://llama.test';
export const LLAMA_KEY = 'llx-SECRET-key-0123456789abcdef';
export const AGENT_ID = '550e8400-e29b-41d4-a716-446655440000';
export const JOB_ID = '660e8400-e29b-41d4-a716-446655440001';
export const RUN_ID = '770e8400-e29b-41d4-a716-446655440002';
export const FILE_ID = 'dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** A custom-region credential pointing at the nock host unless overridden. */
export function llamaCredentials(overrides: IDataObject = {}): CredentialMap {
	return {
		llamaCloudExtractApi: {
			type: new LlamaCloudApi(),
			data: { apiKey: LLAMA_KEY, region: 'custom', baseUrl: LLAMA_URL, projectId: '', organizationId: '', ...overrides },
		},
	};
}

const realNow = clock.now;

/** Short retry and wait delays so tests stay quick; the real clock back. */
export function fastTiming(): void {
	retryPolicy.baseDelayMs = 5;
	retryPolicy.maxDelayMs = 20;
	defaultWaitPolicy.initialDelayMs = 5;
	defaultWaitPolicy.maxDelayMs = 20;
	clock.now = realNow;
	resetRateLimitState();
}

/** Makes every look at the wait clock jump `stepMs` ahead, so a max wait runs out in a few polls. */
export function fastClock(stepMs: number): void {
	let now = realNow();
	clock.now = () => (now += stepMs);
}

export async function runLlama(
	parameters: IDataObject,
	input?: INodeExecutionData[],
	options: { continueOnFail?: boolean; credentials?: CredentialMap; abortSignal?: AbortSignal } = {},
): Promise<RunResult> {
	return await runNode({
		nodeType: new LlamaExtract(),
		parameters,
		credentials: options.credentials ?? llamaCredentials(),
		input,
		continueOnFail: options.continueOnFail,
		abortSignal: options.abortSignal,
	});
}

/**
 * Polls the trigger once. Static data goes through JSON each time, the way n8n saves it between
 * polls and restarts, so state that does not survive serialisation fails the tests.
 */
export async function pollLlama(
	parameters: IDataObject,
	store: { data: IDataObject },
	options: { mode?: WorkflowExecuteMode; credentials?: CredentialMap; typeVersion?: number } = {},
): Promise<{ items: INodeExecutionData[] | null; error?: Error }> {
	const staticData = JSON.parse(JSON.stringify(store.data)) as IDataObject;
	const setup = {
		nodeType: new LlamaExtractTrigger(),
		parameters,
		credentials: options.credentials ?? llamaCredentials(),
		staticData,
		mode: options.mode,
		typeVersion: options.typeVersion,
	};
	const result = await runPoll(setup);
	// n8n keeps the node's static data under its name; take it back as n8n would persist it.
	store.data = JSON.parse(JSON.stringify(setup.staticData)) as IDataObject;
	return result;
}

/** Spies on the logger every n8n context hands out. */
export function spyOnLoggerWarn(): jest.SpyInstance {
	let proto: object | null = core.PollContext.prototype;
	while (proto && !Object.getOwnPropertyDescriptor(proto, 'logger')) proto = Object.getPrototypeOf(proto) as object | null;
	const descriptor = Object.getOwnPropertyDescriptor(proto as object, 'logger') as PropertyDescriptor;
	const logger = (descriptor.get as () => { warn: (...args: unknown[]) => void }).call({});
	return jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
}

/** Asserts the key appears nowhere in what the node returned or threw. */
export function expectNoKey(result: { items: unknown; error?: Error & { description?: string } }): void {
	const seen =
		JSON.stringify(result.items) +
		(result.error ? `${result.error.message} ${result.error.description ?? ''} ${JSON.stringify(result.error)}` : '');
	expect(seen).not.toContain(LLAMA_KEY);
	expect(seen).not.toContain('SECRET');
}
