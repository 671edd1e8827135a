import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { retryPolicy } from '../../nodes/shared/http';
import { resetRateLimitState } from '../../nodes/shared/rateLimit';
import { runNode, type CredentialMap, type RunResult } from './n8n';
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
