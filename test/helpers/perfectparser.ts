import { PerfectParserApi } from '../../credentials/PerfectParserApi.credentials';
import { statusPolling } from '../../nodes/PerfectParser/actions/parameters';
import { PerfectParser } from '../../nodes/PerfectParser/PerfectParser.node';
import { PerfectParserTrigger } from '../../nodes/PerfectParser/PerfectParserTrigger.node';
import { retryPolicy } from '../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { binaryDataService, hookContext, runNode, runPoll, runWebhook, type CredentialMap, type RunResult } from '../../dev/harness/n8nContext';
import type { IDataObject, INodeExecutionData, WorkflowExecuteMode } from 'n8n-workflow';

export const PP_URL = 'https://api.perfectparser.test';
export const PP_KEY = 'pp_live_SECRET_key_0123456789abcdef';

export function ppCredentials(overrides: IDataObject = {}): CredentialMap {
	return {
		perfectParserApi: {
			type: new PerfectParserApi(),
			data: { apiKey: PP_KEY, baseUrl: PP_URL, ...overrides },
		},
	};
}

/** Short retry delays so tests that exercise retries stay quick. */
export function fastRetries(): void {
	retryPolicy.baseDelayMs = 5;
	retryPolicy.maxDelayMs = 20;
	statusPolling.initialDelayMs = 5;
	resetRateLimitState();
}

export async function runPP(
	parameters: IDataObject,
	input?: INodeExecutionData[],
	options: { continueOnFail?: boolean; credentials?: CredentialMap; abortSignal?: AbortSignal; executionId?: string } = {},
): Promise<RunResult> {
	return await runNode({
		executionId: options.executionId,
		nodeType: new PerfectParser(),
		parameters,
		credentials: options.credentials ?? ppCredentials(),
		input,
		continueOnFail: options.continueOnFail,
		abortSignal: options.abortSignal,
	});
}

/** A poll of the PerfectParser Trigger with Delivery "Polling". */
export async function pollPP(parameters: IDataObject, staticData: IDataObject, mode: WorkflowExecuteMode = 'trigger', credentials?: CredentialMap, typeVersion?: number) {
	return await runPoll({ nodeType: new PerfectParserTrigger(), parameters: { delivery: 'polling', ...parameters }, credentials: credentials ?? ppCredentials(), staticData, mode, typeVersion });
}

export function triggerHooks(parameters: IDataObject, staticData: IDataObject) {
	const nodeType = new PerfectParserTrigger();
	const context = hookContext({ nodeType, parameters, credentials: ppCredentials(), staticData });
	const methods = nodeType.webhookMethods.default;
	return {
		context,
		checkExists: async () => await methods.checkExists.call(context),
		create: async () => await methods.create.call(context),
		delete: async () => await methods.delete.call(context),
	};
}

export async function deliver(
	parameters: IDataObject,
	staticData: IDataObject,
	request: { headers?: Record<string, string>; rawBody?: Buffer; body?: unknown },
	credentials?: CredentialMap,
	typeVersion?: number,
) {
	return await runWebhook({ nodeType: new PerfectParserTrigger(), parameters, credentials: credentials ?? ppCredentials(), staticData, request, typeVersion });
}

/** Asserts the API key appears nowhere in what the node returned or threw. */
export function expectNoKey(result: { items?: unknown; error?: Error & { description?: string } }, key = PP_KEY): void {
	const error = result.error as (Error & { description?: string }) | undefined;
	const seen = JSON.stringify(result.items ?? null) + (error ? `${error.message} ${error.description ?? ''} ${JSON.stringify(error)}` : '');
	expect(seen).not.toContain(key);
}

export interface ReceivedPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

/** nock hands a request body over as text, or as hex when it is not valid UTF-8. */
export function bodyBytes(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 && text.length > 64 ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
}

/** Splits a multipart/form-data body into its parts, bytes intact. */
export function parseMultipart(body: unknown, contentType: string): ReceivedPart[] {
	const bytes = bodyBytes(body);
	const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
	if (!boundary) throw new Error(`no boundary in ${contentType}`);
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: ReceivedPart[] = [];
	let at = bytes.indexOf(delimiter);
	while (at >= 0) {
		const start = at + delimiter.length;
		if (bytes.subarray(start, start + 2).toString() === '--') break;
		const next = bytes.indexOf(delimiter, start);
		const chunk = bytes.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
		const split = chunk.indexOf('\r\n\r\n');
		const head = chunk.subarray(0, split).toString('utf8');
		parts.push({
			name: /name="([^"]*)"/.exec(head)?.[1] ?? '',
			fileName: /filename="([^"]*)"/.exec(head)?.[1],
			contentType: /Content-Type: ([^\r\n]+)/i.exec(head)?.[1],
			data: chunk.subarray(split + 4),
		});
		at = next;
	}
	return parts;
}

/** The bytes of an output binary, wherever n8n stored them. */
export async function outputBytes(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary![property];
	if (binary.id) return await (await binaryDataService()).getAsBuffer(binary);
	return Buffer.from(binary.data, 'base64');
}
