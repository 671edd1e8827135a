import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { retryPolicy } from '../../nodes/shared/transport/http';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { defaultWaitPolicy } from '../../nodes/shared/waiting/wait';
import nock from 'nock';
import { binaryDataService, runNode, type CredentialMap, type RunResult } from '../../dev/harness/n8nContext';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export const RAYDOCS_URL = 'https://api.raydocs.test';
export const RAYDOCS_TOKEN = 'rd_live_SECRET_token_0123456789';

export function raydocsCredentials(overrides: IDataObject = {}): CredentialMap {
	return {
		raydocsApi: {
			type: new RaydocsApi(),
			data: { accessToken: RAYDOCS_TOKEN, baseUrl: RAYDOCS_URL, ...overrides },
		},
	};
}

/** Short retry delays so tests that exercise retries stay quick. */
export function fastRetries(): void {
	retryPolicy.baseDelayMs = 5;
	retryPolicy.maxDelayMs = 20;
	resetRateLimitState();
}

export async function runRaydocs(
	parameters: IDataObject,
	input?: INodeExecutionData[],
	options: { continueOnFail?: boolean; credentials?: CredentialMap; abortSignal?: AbortSignal } = {},
): Promise<RunResult> {
	return await runNode({
		nodeType: new Raydocs(),
		parameters,
		credentials: options.credentials ?? raydocsCredentials(),
		input,
		continueOnFail: options.continueOnFail,
		abortSignal: options.abortSignal,
	});
}

/** Asserts the token appears nowhere in what the node returned or threw. */
export function expectNoToken(result: RunResult, token = RAYDOCS_TOKEN): void {
	const seen = JSON.stringify(result.items) + (result.error ? `${result.error.message} ${result.error.description ?? ''} ${JSON.stringify(result.error)}` : '');
	expect(seen).not.toContain(token);
}

/** A nock scope for the Raydocs API that only matches requests carrying the credential's token. */
export function authedApi(): nock.Scope {
	return nock(RAYDOCS_URL, { reqheaders: { authorization: `Bearer ${RAYDOCS_TOKEN}` } });
}

/** A resource locator value given "By ID". */
export function byId(value: string | number): IDataObject {
	return { __rl: true, mode: 'id', value: String(value) };
}

/** Short waits between status polls (the wait loops read `defaultWaitPolicy` on every call). */
export function fastWaits(): void {
	defaultWaitPolicy.initialDelayMs = 5;
	defaultWaitPolicy.maxDelayMs = 20;
}

/** A Sanctum-style 403 body, which names no ability: the node has to name it. */
export const FORBIDDEN = { message: 'Invalid ability provided.' };

/** Reads an output item's binary back as bytes (from memory or n8n's binary store). */
export async function binaryBytes(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary field ${property}`);
	if (binary.id) {
		const service = await binaryDataService();
		return await service.getAsBuffer(binary);
	}
	return Buffer.from(binary.data, 'base64');
}

/** One request an operation should make, and what it should output for the answer. */
export interface ApiCase {
	name: string;
	params: IDataObject;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	/** Query the request must carry exactly. */
	query?: IDataObject;
	/** Body the request must carry exactly (JSON). */
	body?: IDataObject;
	status?: number;
	reply?: unknown;
	/** What each output item's json must contain, in order. */
	output: IDataObject[];
	/** The ability the endpoint needs: a bare 403 must name it. */
	ability?: string;
	/** Input items (default: one empty item). */
	input?: INodeExecutionData[];
}

function intercept(c: ApiCase, status: number, reply: unknown): nock.Scope {
	const scope = authedApi();
	const interceptor = scope.intercept(c.path, c.method, c.body as nock.RequestBodyMatcher | undefined);
	(c.query ? interceptor.query(c.query as nock.DataMatcherMap) : interceptor).reply(status, reply as nock.Body);
	return scope;
}

/** Runs the case: the exact method, path, query and body, with the token; the outputs. */
export async function runCase(c: ApiCase): Promise<RunResult> {
	const scope = intercept(c, c.status ?? 200, c.reply ?? '');
	const result = await runRaydocs(c.params, c.input);
	if (result.error) throw result.error;
	expect(result.items).toHaveLength(c.output.length);
	c.output.forEach((expected, index) => expect(result.items[index].json).toMatchObject(expected));
	scope.done();
	expectNoToken(result);
	return result;
}

/** Runs the case against a 403 that names no ability: the error must name the case's ability. */
export async function runForbidden(c: ApiCase): Promise<RunResult> {
	const scope = intercept(c, 403, FORBIDDEN);
	const result = await runRaydocs(c.params, c.input);
	expect(result.error?.message).toContain(`lacks the "${c.ability}" ability`);
	expect(result.error?.message).toContain('[item 0]');
	scope.done();
	expectNoToken(result);
	return result;
}
