/**
 * The Raydocs node against the sandbox over real HTTP, in the sandbox's default form or, with
 * SANDBOX_VARIANT=docs, in the form the Raydocs documentation pages print: slim session embeds
 * without a session status, the older `{message, job_id}` Run Extraction answer, a 422 "documents
 * not ready" before it, `parsed` documents, a status filter the server ignores, content types
 * beyond PDF/PNG/JPEG refused, expired signed links, a workflow-runs clock hours off the host's,
 * HTML error pages. Every test here must pass in both.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_IDS, makeInvoicePdf, resolveOptions, startSandbox, type Sandbox, type VariantName } from '../../dev/sandbox';
import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import { Raydocs } from '../../nodes/Raydocs/Raydocs.node';
import { binaryItem, runNode, type CredentialMap } from '../../dev/harness/n8nContext';
import { fastRetries } from '../helpers/raydocs';

const VARIANT = (process.env.SANDBOX_VARIANT ?? 'default') as VariantName;
/** The sandbox's workflow-runs clock (hours off the host's in the docs variant). */
const serverNow = () => Date.now() + resolveOptions({ variant: VARIANT }).raydocs.serverTimeOffsetMs;

let sandbox: Sandbox;
let credentials: CredentialMap;
const WORKSPACE = { __rl: true, mode: 'id', value: String(DEMO_IDS.raydocsWorkspaceId) };
const TEMPLATE = { __rl: true, mode: 'id', value: DEMO_IDS.raydocsTemplateId };
const WORKFLOW = DEMO_IDS.raydocsWorkflowId;

beforeAll(async () => {
	sandbox = await startSandbox({ variant: VARIANT, timing: { parseMs: 60, extractMs: 40, jitterMs: 10 }, rateLimits: { enabled: false } });
	credentials = { raydocsApi: { type: new RaydocsApi(), data: { accessToken: sandbox.tokens.raydocs, baseUrl: sandbox.raydocsUrl } } };
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	fastRetries();
});

async function admin<T>(path: string, body: unknown): Promise<T> {
	const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

const raydocs = async (parameters: IDataObject, input?: Parameters<typeof runNode>[0]['input']) =>
	await runNode({ nodeType: new Raydocs(), parameters, credentials, input });

describe(`Workflow Run → Get File (${VARIANT})`, () => {
	const seedRun = async (file: IDataObject) =>
		(
			await admin<{ data: IDataObject[] }>(`/_sandbox/raydocs/workflows/${WORKFLOW}/runs`, {
				completed_at: new Date(serverNow() - 1000).toISOString(),
				file: { filename: 'report.csv', content: 'a,b\n1,2\n', content_type: 'text/csv', ...file },
			})
		).data[0].id as string;
	const params = (runId: string, fileId: string) => ({
		resource: 'workflowRun',
		operation: 'getFile',
		workspace: WORKSPACE,
		workflowId: WORKFLOW,
		runId,
		fileId: { __rl: true, mode: 'id', value: fileId },
	});

	test('the fileRef of the final output is downloaded by its id, without the token reaching storage', async () => {
		const runId = await seedRun({ id: 'file-1' });
		const output = await raydocs({ resource: 'workflowRun', operation: 'getOutput', workspace: WORKSPACE, workflowId: WORKFLOW, runId });
		expect(output.items[0].json.files).toEqual([expect.objectContaining({ type: 'fileRef', id: 'file-1' })]);
		const result = await raydocs(params(runId, 'file-1'));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ run_id: runId, file_id: 'file-1', file_name: 'report.csv' });
		// The docs variant's first link is already expired (storage answers 401): one fresh link more.
		expect(sandbox.stats().storage.gets).toBe(VARIANT === 'docs' ? 2 : 1);
		expect(sandbox.stats().routes['raydocs GET /raydocs/workspaces/:workspaceId/workflows/:workflowId/runs/:runId/file']?.total).toBe(VARIANT === 'docs' ? 2 : 1);
		expect(JSON.stringify(result.items[0].json)).not.toMatch(/signature=/);
	});

	test('a file the output does not name: the 404 with the hint to look at Get Output', async () => {
		const runId = await seedRun({ id: 'file-2', in_output: false });
		const result = await raydocs(params(runId, 'file-2'));
		expect(result.error?.message).toBe(`Run ${runId} has no file "file-2" to give [item 0]`);
		expect((result.error as { description?: string }).description).toMatch(/Get Output/);
	});
});

describe(`extraction waits (${VARIANT})`, () => {
	const invoice = async (n: string, extraLines: string[] = []) =>
		await binaryItem(makeInvoicePdf({ invoiceNumber: n, date: '2024-05-01', total: 100, vendor: `Vendor ${n}`, extraLines }), `${n}.pdf`, 'application/pdf');
	const createSessions = async (input: Awaited<ReturnType<typeof invoice>>[], autoExtract = true, waitForCompletion = true) =>
		await raydocs({ resource: 'batch', operation: 'createSessions', template: TEMPLATE, autoExtract, waitForCompletion, options: { maxWaitMinutes: 1 } }, input);

	test('Batch Create Sessions + Wait: each session ends with its own data; a document that fails to parse ends at once with an error item', async () => {
		const result = await createSessions([await invoice('INV-W1'), await invoice('INV-W2', ['Sandbox parse fail: unreadable scan'])]);
		expect(result.error).toBeUndefined();
		const [good, broken] = result.items.map((item) => item.json);
		expect(good).toMatchObject({ status: 'completed' });
		expect(good.timed_out).toBeFalsy();
		expect((good.data as IDataObject).invoice_details).toMatchObject({ invoice_number: 'INV-W1' });
		// A failed run (default) or no run at all (docs variant): either way at once, not at Max Wait.
		expect(broken).toMatchObject({ status: 'failed' });
		expect(broken.timed_out).toBeFalsy();
		expect(String(broken.error)).toMatch(/failed to parse/);
	});

	test('Run Extraction + Wait on a session with an earlier run: the new run\'s data, not the earlier one', async () => {
		const [created] = (await createSessions([await invoice('INV-R1')])).items;
		const session = String(created.json.session_id);
		const first = String(created.json.result_id);
		const run = await raydocs({ resource: 'result', operation: 'run', sessionId: session, options: { maxWaitMinutes: 1 } });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ session_id: session, status: 'completed' });
		expect(run.items[0].json.result_id).not.toBe(first);
		expect((run.items[0].json.data as IDataObject).invoice_details).toMatchObject({ invoice_number: 'INV-R1' });
	});

	test('Run Extraction right after upload (documents still parsing): accepted, or retried after the 422 until it is', async () => {
		const created = await createSessions([await invoice('INV-P1')], false);
		const session = String(created.items[0].json.session_id);
		const run = await raydocs({ resource: 'result', operation: 'run', sessionId: session, options: { maxWaitMinutes: 1 } });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ status: 'completed' });
		expect((run.items[0].json.data as IDataObject).invoice_details).toMatchObject({ invoice_number: 'INV-P1' });
	});

	test('Batch Execute + Wait and Result → Wait on a session: the runs started now, read in full', async () => {
		const created = await createSessions([await invoice('INV-E1'), await invoice('INV-E2')]);
		const sessions = created.items.map((item) => String(item.json.session_id));
		const earlier = created.items.map((item) => String(item.json.result_id));
		const executed = await raydocs({ resource: 'batch', operation: 'execute', template: TEMPLATE, sessionIds: sessions.join(','), options: { maxWaitMinutes: 1 } });
		expect(executed.error).toBeUndefined();
		expect(executed.items.map((item) => item.json.status)).toEqual(['completed', 'completed']);
		const fresh = executed.items.map((item) => String(item.json.result_id));
		expect(fresh.filter((id) => earlier.includes(id))).toEqual([]);
		expect(executed.items.map((item) => ((item.json.data as IDataObject).invoice_details as IDataObject).invoice_number)).toEqual(['INV-E1', 'INV-E2']);

		const waited = await raydocs({ resource: 'result', operation: 'wait', waitFor: 'session', sessionId: sessions[0], options: { maxWaitMinutes: 1 } });
		expect(waited.items[0].json).toMatchObject({ result_id: fresh[0], status: 'completed' });
		expect(waited.items[0].json.data).toEqual(executed.items[0].json.data);
	});
});

describe(`uploads (${VARIANT})`, () => {
	test('a DOCX goes up even where the signed-URL request accepts only PDF, PNG and JPEG', async () => {
		const created = await raydocs({ resource: 'session', operation: 'create', template: TEMPLATE, name: 'docx' });
		expect(created.error).toBeUndefined();
		const sessionId = String(created.items[0].json.id);
		const docx = await binaryItem(Buffer.from('PK\u0003\u0004 Invoice Number: DOCX-1'), 'contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		const uploaded = await raydocs({ resource: 'session', operation: 'uploadDocuments', sessionId, source: 'binary', binaryPropertyName: 'data' }, [docx]);
		expect(uploaded.error).toBeUndefined();
		expect(uploaded.items[0].json).toMatchObject({ session_id: sessionId });
		const refused = sandbox.stats().routes['raydocs POST /raydocs/vapor/signed-storage-url'];
		expect(refused?.total).toBe(VARIANT === 'docs' ? 2 : 1);
	});
});

describe(`Skip Already Uploaded Files (${VARIANT})`, () => {
	test('Create Sessions run twice with the same file: the second run attaches the document the first uploaded, and extracts from it', async () => {
		const bytes = makeInvoicePdf({ invoiceNumber: 'INV-SAME', date: '2024-05-01', total: 100, vendor: 'Vendor Same' });
		const run = async (fileName: string) =>
			await raydocs(
				{ resource: 'batch', operation: 'createSessions', template: TEMPLATE, source: 'binary', binaryPropertyName: 'data', skipUploaded: true, autoExtract: true, waitForCompletion: true, options: { maxWaitMinutes: 1 } },
				[await binaryItem(bytes, fileName, 'application/pdf')],
			);
		const first = await run('invoice.pdf');
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ reused: false, document_id: null, status: 'completed' });
		const second = await run('forwarded copy.pdf');
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toMatchObject({ reused: true, file_key: null, filename: 'forwarded copy.pdf', status: 'completed' });
		expect(second.items[0].json.session_id).not.toBe(first.items[0].json.session_id);
		expect(((second.items[0].json.data as IDataObject).invoice_details as IDataObject).invoice_number).toBe('INV-SAME');
		const stats = sandbox.stats();
		expect(stats.resources.raydocs.documents).toBe(1);
		expect(stats.resources.raydocs.sessions).toBe(2);
		expect(stats.storage.puts).toBe(1);
		expect(stats.routes['raydocs POST /raydocs/vapor/signed-storage-url']?.total).toBe(1);
		expect(stats.routes['raydocs GET /raydocs/workspaces/:workspaceId/documents']?.total).toBe(2);
	});
});

describe(`server errors (${VARIANT})`, () => {
	test('a 503 on a create is reported in words, never as markup', async () => {
		sandbox.setFaults({ rules: [{ kind: 'status', status: 503, service: 'raydocs' }] } as never);
		try {
			const result = await raydocs({ resource: 'session', operation: 'create', template: TEMPLATE, name: 'x' });
			expect(result.error?.message).toBe('Raydocs server error (HTTP 503): Service Unavailable [item 0]');
		} finally {
			sandbox.setFaults({ rules: [] } as never);
		}
	});
});
