/**
 * Runs our nodes through n8n-core's real execution contexts (ExecuteContext, PollContext,
 * LoadOptionsContext, HookContext, WebhookContext), so `httpRequestWithAuthentication`, the
 * binary-data helpers, parameter defaults and Continue On Fail are n8n's own code, not stubs.
 * Only the credential store is ours: it hands out the decrypted credential and applies the
 * credential type's `authenticate` block the way n8n's CredentialsHelper does.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-unit-'));
process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'filesystem';
process.env.N8N_ENCRYPTION_KEY ??= 'unit-test-encryption-key';

import * as core from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { nodeType } from '../packages.cjs';

/** The type n8n gives the node once its package is installed; a node a test makes has a test type. */
function typeOf(nodeName: string): string {
	try {
		return nodeType(nodeName);
	} catch {
		return `n8n-nodes-test.${nodeName}`;
	}
}

// n8n-core resolves its own @n8n/di; the top-level copy is a different container.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] })) as typeof import('@n8n/di');

/**
 * The node's credentials by type. `id` is what the node's saved credential reference holds (n8n's
 * credential id; null as in workflows saved without one); default: the type's name.
 */
export type CredentialMap = Record<string, { type: ICredentialType; data: ICredentialDataDecryptedObject; id?: string | null }>;

/** Resolves `{{$credentials.x}}` and `={{...}}` strings of an authenticate block. */
function resolveCredentialValue(value: string, credentials: ICredentialDataDecryptedObject): string {
	const template = value.startsWith('=') ? value.slice(1) : value;
	return template.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
		// eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func
		const evaluate = new Function('$credentials', `return (${expression});`) as (c: unknown) => unknown;
		return String(evaluate(credentials));
	});
}

export class TestCredentialsHelper {
	/** Every request a node made, after authentication (for asserting headers). */
	constructor(private readonly credentials: CredentialMap) {}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const entry = this.credentials[type];
		if (!entry) throw new Error(`test harness: no credential of type ${type}`);
		return { ...entry.data };
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.credentials[typeName]?.type;
		const authenticate = type?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [where, values] of Object.entries(authenticate.properties)) {
			target[where] = target[where] ?? {};
			for (const [key, value] of Object.entries(values as Record<string, string>)) {
				target[where][resolveCredentialValue(key, credentials)] = resolveCredentialValue(String(value), credentials);
			}
		}
		return requestOptions;
	}
}

let binaryReady: Promise<void> | undefined;

/** n8n's binary data service in filesystem mode, as a default n8n 2.x install has it. */
export async function binaryDataService(): Promise<core.BinaryDataService> {
	binaryReady ??= (async () => {
		const config = Container.get(core.BinaryDataConfig);
		await config.initialize({ findActiveSigningSecret: async () => null, seedSigningSecret: async () => {} } as never).catch(() => undefined);
		await Container.get(core.BinaryDataService).init();
	})();
	await binaryReady;
	return Container.get(core.BinaryDataService);
}

/** An input item holding a file, stored the way n8n stores it (filesystem, or in memory). */
export async function binaryItem(
	bytes: Buffer,
	fileName: string,
	mimeType: string,
	options: { json?: IDataObject; property?: string; storage?: 'filesystem' | 'memory' } = {},
): Promise<INodeExecutionData> {
	const property = options.property ?? 'data';
	if (options.storage === 'memory') {
		return {
			json: options.json ?? {},
			binary: { [property]: { data: bytes.toString('base64'), fileName, mimeType, fileSize: String(bytes.length) } },
		};
	}
	const service = await binaryDataService();
	const stored = await service.store({ type: 'execution', workflowId: 'wf-test', executionId: 'exec-test' }, bytes, {
		data: '',
		fileName,
		mimeType,
	});
	return { json: options.json ?? {}, binary: { [property]: stored } };
}

function nodeTypesFor(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
}

export interface NodeSetup {
	nodeType: INodeType;
	parameters: IDataObject;
	credentials: CredentialMap;
	continueOnFail?: boolean;
	staticData?: IDataObject;
	/** The node's saved version; default the first the description lists (as saved workflows have). */
	typeVersion?: number;
	/** The execution's id (default `exec-test`): another id is another execution of the workflow. */
	executionId?: string;
}

function buildNode(setup: NodeSetup): { node: INode; workflow: Workflow; additionalData: IWorkflowExecuteAdditionalData } {
	const description = setup.nodeType.description;
	const raw: INode = {
		id: 'node-under-test',
		name: description.defaults.name ?? 'Node',
		type: typeOf(description.name),
		typeVersion: setup.typeVersion ?? (Array.isArray(description.version) ? description.version[0] : description.version),
		position: [0, 0],
		parameters: setup.parameters as INode['parameters'],
		credentials: Object.fromEntries(
			Object.entries(setup.credentials).map(([type, entry]) => [type, { id: entry.id === undefined ? type : entry.id, name: type }]),
		),
		...(setup.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	// What n8n stores for a node: the given parameters completed with the description's defaults.
	raw.parameters = NodeHelpers.getNodeParameters(description.properties, raw.parameters, true, false, raw, description) ?? {};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [raw],
		connections: {},
		active: false,
		nodeTypes: nodeTypesFor(setup.nodeType),
		staticData: setup.staticData ?? {},
	});
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(setup.credentials),
		executionId: setup.executionId ?? 'exec-test',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		variables: {},
		hooks: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	return { node: workflow.getNode(raw.name)!, workflow, additionalData };
}

export interface RunResult {
	/** The node's main output (or the error items under Continue On Fail). */
	items: INodeExecutionData[];
	/** Every output of the node, e.g. [Extracted, Needs Review] with review routing on. */
	outputs?: INodeExecutionData[][];
	/** The error the node threw, if it threw. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

/** Runs `execute()` of an action node over the given input items, in a real ExecuteContext. */
export async function runNode(
	setup: NodeSetup & { input?: INodeExecutionData[]; abortSignal?: AbortSignal; mode?: WorkflowExecuteMode },
): Promise<RunResult> {
	await binaryDataService();
	const { node, workflow, additionalData } = buildNode(setup);
	const input = setup.input ?? [{ json: {} }];
	const runExecutionData = createRunExecutionData();
	const executeData = { node, data: { main: [input] }, source: { main: [{ previousNode: 'Start' }] } };
	const context = new core.ExecuteContext(
		workflow,
		node,
		additionalData,
		setup.mode ?? 'manual',
		runExecutionData,
		0,
		input,
		{ main: [input] },
		executeData as never,
		[],
		setup.abortSignal,
	);
	try {
		const output = await setup.nodeType.execute!.call(context);
		return { items: (output as INodeExecutionData[][])[0] ?? [], outputs: output as INodeExecutionData[][] };
	} catch (error) {
		return { items: [], error: error as RunResult['error'] };
	}
}

/** A poll context over a static-data object the caller keeps (to simulate restarts). */
export function pollContext(
	setup: NodeSetup & { mode?: WorkflowExecuteMode; activation?: WorkflowActivateMode },
): core.PollContext {
	const { node, workflow, additionalData } = buildNode(setup);
	return new core.PollContext(workflow, node, additionalData, setup.mode ?? 'trigger', setup.activation ?? 'activate');
}

/** Runs `poll()` once; static data lives in `setup.staticData` and survives between calls. */
export async function runPoll(
	setup: NodeSetup & { mode?: WorkflowExecuteMode },
): Promise<{ items: INodeExecutionData[] | null; error?: Error }> {
	await binaryDataService();
	setup.staticData = setup.staticData ?? {};
	const context = pollContext(setup);
	try {
		const output = await setup.nodeType.poll!.call(context);
		return { items: output ? output[0] : null };
	} catch (error) {
		return { items: null, error: error as Error };
	}
}

/** A load-options context, for listSearch / loadOptions methods. */
export function loadOptionsContext(setup: NodeSetup): core.LoadOptionsContext {
	const { node, workflow, additionalData } = buildNode(setup);
	(additionalData as unknown as IDataObject).currentNodeParameters = node.parameters;
	return new core.LoadOptionsContext(workflow, node, additionalData, 'parameters');
}

export { Container, core };

/** A hook context (a webhook trigger's checkExists / create / delete) in the given activation. */
export function hookContext(setup: NodeSetup & { mode?: WorkflowExecuteMode; activation?: WorkflowActivateMode }): core.HookContext {
	const { node, workflow, additionalData } = buildNode(setup);
	return new core.HookContext(workflow, node, additionalData, setup.mode ?? 'trigger', setup.activation ?? 'activate');
}

/** What a webhook method answered through the response object (401s and the like). */
export interface RecordedResponse {
	statusCode: number;
	body?: unknown;
	ended: boolean;
}

/**
 * Runs `webhook()` once in a real WebhookContext over a request the way n8n's webhook server
 * hands it over: parsed `body`, `headers` (lower-case) and the raw bytes in `rawBody`.
 */
export async function runWebhook(
	setup: NodeSetup & { request: { headers?: Record<string, string>; body?: unknown; rawBody?: Buffer }; webhookName?: string },
): Promise<{ result?: import('n8n-workflow').IWebhookResponseData; response: RecordedResponse; error?: Error }> {
	await binaryDataService();
	setup.staticData = setup.staticData ?? {};
	const { node, workflow, additionalData } = buildNode(setup);
	const recorded: RecordedResponse = { statusCode: 200, ended: false };
	const response = {
		headersSent: false,
		status(code: number) {
			recorded.statusCode = code;
			return response;
		},
		json(body: unknown) {
			recorded.body = body;
			recorded.ended = true;
			response.headersSent = true;
			return response;
		},
		send(body?: unknown) {
			return response.json(body);
		},
		end() {
			recorded.ended = true;
			response.headersSent = true;
			return response;
		},
		setHeader() {
			return response;
		},
	};
	const headers = Object.fromEntries(Object.entries(setup.request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
	const httpRequest = { headers, body: setup.request.body ?? {}, rawBody: setup.request.rawBody, params: {}, query: {} };
	const withHttp = Object.assign(Object.create(additionalData) as object, { httpRequest, httpResponse: response }) as IWorkflowExecuteAdditionalData;
	const description = (setup.nodeType.description.webhooks ?? []).find((w) => w.name === (setup.webhookName ?? 'default'));
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: withHttp,
	};
	const context = new core.WebhookContext(workflow, node, withHttp, 'webhook', webhookData as never, [], null);
	try {
		const result = await setup.nodeType.webhook!.call(context);
		return { result, response: recorded };
	} catch (error) {
		return { response: recorded, error: error as Error };
	}
}
