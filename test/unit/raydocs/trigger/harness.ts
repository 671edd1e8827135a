/**
 * Raydocs Trigger tests: the node's real poll() in n8n-core's PollContext, against small
 * in-memory fakes of the three Raydocs feeds served through nock.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData, WorkflowExecuteMode } from 'n8n-workflow';

import { RaydocsTrigger } from '../../../../nodes/Raydocs/RaydocsTrigger.node';
import { core, runPoll } from '../../../../dev/harness/n8nContext';
import { RAYDOCS_TOKEN, RAYDOCS_URL, raydocsCredentials } from '../../../helpers/raydocs';

export type Query = Record<string, string>;

/** What n8n keeps between polls: the workflow's static data, persisted as JSON. */
export interface Store {
	data: IDataObject;
}

export function newStore(): Store {
	return { data: {} };
}

export interface PollResult {
	items: INodeExecutionData[] | null;
	error?: Error & { description?: string; httpCode?: string };
}

/**
 * One poll by a fresh node instance over the stored static data, which comes back through JSON
 * afterwards whatever happened — what n8n would have in memory or after a restart. The node is
 * at version 1 (as saved workflows are) unless `typeVersion` says otherwise.
 */
export async function poll(parameters: IDataObject, store: Store, mode?: WorkflowExecuteMode, typeVersion?: number): Promise<PollResult> {
	const staticData = JSON.parse(JSON.stringify(store.data)) as IDataObject;
	const result = await runPoll({ nodeType: new RaydocsTrigger(), parameters, credentials: raydocsCredentials(), staticData, mode, typeVersion });
	store.data = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	return result as PollResult;
}

/** n8n's logger, as every context hands it out, to watch the trigger's warnings. */
export function spyOnWarn(): jest.SpyInstance {
	let proto: object | null = core.PollContext.prototype;
	while (proto && !Object.getOwnPropertyDescriptor(proto, 'logger')) proto = Object.getPrototypeOf(proto) as object | null;
	const getter = (Object.getOwnPropertyDescriptor(proto as object, 'logger') as PropertyDescriptor).get as () => {
		warn: (...args: unknown[]) => void;
	};
	return jest.spyOn(getter.call({}), 'warn').mockImplementation(() => undefined);
}

/** Nothing logged may carry the token. */
export function expectNoTokenLogged(warn: jest.SpyInstance): void {
	expect(JSON.stringify(warn.mock.calls)).not.toContain(RAYDOCS_TOKEN);
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Per-request fault hook: a status to answer instead, or undefined to serve normally. */
export type Fault = (query: Query, path: string) => number | undefined;

/** A fake that answers one path pattern from code, and counts/logs each request. */
export function serve(
	path: RegExp,
	handler: (query: Query, path: string) => [number, unknown],
	log: Array<{ path: string; query: Query }>,
	fault?: Fault,
): nock.Scope {
	return nock(RAYDOCS_URL)
		.persist()
		.get(path)
		.query(true)
		.reply(function reply(uri) {
			const url = new URL(uri, RAYDOCS_URL);
			const query = Object.fromEntries(url.searchParams) as Query;
			log.push({ path: url.pathname, query });
			const failure = fault?.(query, url.pathname);
			if (failure !== undefined) return [failure, { message: `Fault ${failure}` }];
			return handler(query, url.pathname);
		});
}

export { RAYDOCS_TOKEN, RAYDOCS_URL };
