/**
 * The action examples (examples/*.json, the files users import) run in a real n8n through
 * `n8n execute`, against the sandbox: Read Files from Disk (the five sample invoices) → our node
 * → rows. Each document's extracted fields must be that document's (dev/sandbox/samples/expected.json).
 *
 * Each example runs in an n8n that has only its own package installed (npm install of the
 * package's tarball into an empty ~/.n8n/nodes), as a user of that one service has it; the same
 * n8n then lists that package's nodes and credential and nothing else of ours, and its
 * credential test passes against the sandbox.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EXAMPLES, listExamples, loadExample, nodeOutput } from '../../dev/examples';
import type { N8nInstance } from '../../dev/n8n/instance';
import { declaredTypes, servicePackages } from '../../dev/packages.cjs';
import { makeInvoicePdf } from '../../dev/sandbox/samples/invoice';
import { EXPECTED, expectedFields, fieldsByFile, SAMPLE_NAMES, sink, startHarness, type Harness } from './harness';

let h: Harness;
const WRONG_TOKEN = 'rd_live_this_token_does_not_exist';

beforeAll(async () => {
	h = await startHarness({
		extraCredentials: [
			{ id: 'WrongRaydocsTok1', name: 'Raydocs (wrong token)', type: 'raydocsApi', data: { accessToken: WRONG_TOKEN, baseUrl: '' } },
		],
	});
	// The wrong-token credential points at the same sandbox (imported with Raydocs's own n8n).
	const wrong = h.credentials.find((c) => c.id === 'WrongRaydocsTok1')!;
	wrong.data.baseUrl = h.sandbox.raydocsUrl;
});

afterAll(async () => await h?.dispose());

const PACKAGES = servicePackages().map((p) => p.name);
/** Our node types look like `n8n-nodes-raydocs.raydocs`: the package is the part before the dot. */
const OUR_TYPE = new RegExp(`^(${PACKAGES.join('|')})\\.[a-zA-Z]+$`);

/** The one package an example's nodes come from. */
function packageOf(example: string): string {
	const types = (loadExample(example).nodes as Array<{ type: string }>).map((n) => n.type).filter((t) => OUR_TYPE.test(t));
	const packages = [...new Set(types.map((t) => t.split('.')[0]))];
	expect(packages).toHaveLength(1);
	return packages[0];
}

/** The n8n that has only the example's own package installed. */
const n8nFor = (example: string): Promise<N8nInstance> => h.alone(packageOf(example));

test('"Extract invoices with Raydocs": Read Files → Batch Create Sessions (auto extract + wait, flattened) → one row per invoice with its own fields', async () => {
	const n8n = await n8nFor(EXAMPLES.raydocsInvoices);
	const [id] = await n8n.importWorkflows([h.example(EXAMPLES.raydocsInvoices)]);
	const run = await n8n.execute(id);

	expect(run.errorMessage).toBeUndefined();
	expect(run.exitCode).toBe(0);
	const sessions = nodeOutput(run.json, 'Raydocs');
	expect(sessions.map((s) => s.filename).sort()).toEqual(SAMPLE_NAMES);
	expect(sessions.every((s) => s.status === 'completed')).toBe(true);
	expect(new Set(sessions.map((s) => s.session_id)).size).toBe(SAMPLE_NAMES.length);
	// Flatten (on in new nodes): the template fields are the item's own columns, no Code node.
	expect(fieldsByFile(sessions, 'filename')).toEqual(expectedFields());
	expect(sessions.every((s) => s.data === undefined)).toBe(true);
	// One batch call for the five files; no document sent twice.
	expect(h.sandbox.stats().routes['raydocs POST /raydocs/extractions/templates/:templateId/sessions/batch']?.total).toBe(1);
	expect(h.sandbox.stats().duplicateDocuments.raydocs ?? {}).toEqual({});
	expect(run.log).not.toContain(h.sandbox.tokens.raydocs);
});

test('PerfectParser batch → CSV: one extraction for the five files, each row its own values, the CSV written to disk', async () => {
	const n8n = await n8nFor(EXAMPLES.perfectParserCsv);
	const [id] = await n8n.importWorkflows([h.example(EXAMPLES.perfectParserCsv)]);
	const run = await n8n.execute(id);

	expect(run.errorMessage).toBeUndefined();
	expect(run.exitCode).toBe(0);
	const documents = nodeOutput(run.json, 'Submit files');
	expect(fieldsByFile(documents, 'filename')).toEqual(expectedFields());
	expect(new Set(documents.map((d) => d.extraction_id)).size).toBe(1);

	const exports = fs.readdirSync(path.join(h.filesDir, 'exports'));
	expect(exports).toEqual([`perfectparser-${documents[0].extraction_id}.csv`]);
	const [header, ...lines] = fs.readFileSync(path.join(h.filesDir, 'exports', exports[0]), 'utf8').trim().split(/\r?\n/);
	const columns = header.split(',');
	const csvRows = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
	const asCsv = Object.fromEntries(
		Object.entries(expectedFields()).map(([file, f]) => [file, { ...f, total: String(f.total) }]),
	);
	expect(fieldsByFile(csvRows, 'filename')).toEqual(asCsv);
});

test('LlamaExtract with an inline schema: each file extracted with the schema in the node, rows carry their own fields', async () => {
	const n8n = await n8nFor(EXAMPLES.llamaInlineSchema);
	const [id] = await n8n.importWorkflows([h.example(EXAMPLES.llamaInlineSchema)]);
	const run = await n8n.execute(id);

	expect(run.errorMessage).toBeUndefined();
	expect(run.exitCode).toBe(0);
	const jobs = nodeOutput(run.json, 'LlamaExtract');
	expect(jobs.map((j) => j.status)).toEqual(SAMPLE_NAMES.map(() => 'COMPLETED'));
	expect(new Set(jobs.map((j) => j.job_id)).size).toBe(SAMPLE_NAMES.length);
	// Flatten puts the schema fields at the top level; an Edit Fields node adds the file name.
	expect(fieldsByFile(nodeOutput(run.json, 'Invoice rows'))).toEqual(expectedFields());
	expect(jobs.every((j) => j.data === undefined && typeof j.invoice_number === 'string')).toBe(true);
	expect(h.sandbox.stats().duplicateDocuments.llamacloud ?? {}).toEqual({});
});

test('"Invoices with human review": Extracted → rows, Needs Review → the reviewer sink with reasons in plain words', async () => {
	const n8n = await n8nFor(EXAMPLES.raydocsReview);
	// One more invoice, without a total, next to the five samples (removed again afterwards).
	const extra = path.join(h.filesDir, 'invoices', 'invoice-no-total.pdf');
	fs.writeFileSync(extra, makeInvoicePdf({ invoiceNumber: 'INV-NT-1', date: '2024-05-02', total: 0, vendor: 'Nototal Ltd', omitLabels: ['Total'] }));
	try {
		const [id] = await n8n.importWorkflows([h.example(EXAMPLES.raydocsReview)]);
		const run = await n8n.execute(id);

		expect(run.errorMessage).toBeUndefined();
		expect(run.exitCode).toBe(0);
		const extracted = nodeOutput(run.json, 'Raydocs', 0);
		const needsReview = nodeOutput(run.json, 'Raydocs', 1);
		// invoice-002's total (98,765.43) is above the 10,000 limit; the extra invoice has no total.
		expect(extracted.map((r) => r.filename).sort()).toEqual(SAMPLE_NAMES.filter((name) => name !== 'invoice-002.pdf'));
		expect(extracted.every((r) => r.review.needed === false)).toBe(true);
		expect(needsReview.map((r) => [r.filename, r.review.reasons]).sort()).toEqual([
			['invoice-002.pdf', [expect.stringMatching(/^total: 98765\.43 is above 10000 \(page \d+: "Total: \$98,765\.43"\)$/)]],
			['invoice-no-total.pdf', ['invoice_details.total is empty']],
		]);
		// Flatten: the rows carry each template field as a column, the review beside them.
		const rows = nodeOutput(run.json, 'Invoice rows');
		const { 'invoice-002.pdf': _large, ...trusted } = expectedFields();
		expect(fieldsByFile(rows, 'filename')).toEqual(trusted);
		expect(rows.every((r) => r.data === undefined && r.review.needed === false)).toBe(true);
		const mails = await sink(h.sandbox, 'needs-review');
		expect(mails.map((m) => m.json.file).sort()).toEqual(['invoice-002.pdf', 'invoice-no-total.pdf']);
		expect(mails.find((m) => m.json.file === 'invoice-no-total.pdf')!.json).toMatchObject({ subject: 'Invoice to check: invoice-no-total.pdf', reasons: ['invoice_details.total is empty'], total: null });
		expect(mails.find((m) => m.json.file === 'invoice-002.pdf')!.json).toMatchObject({ invoice_number: EXPECTED['invoice-002.pdf'].fields.invoice_number });
		expect(run.log).not.toContain(h.sandbox.tokens.raydocs);
	} finally {
		fs.rmSync(extra, { force: true });
	}
});

test('a wrong token fails the run (exit code 1) with the node\'s readable message, and the token is not shown', async () => {
	const n8n = await n8nFor(EXAMPLES.raydocsInvoices);
	const workflow = h.example(EXAMPLES.raydocsInvoices, {
		credentials: { raydocsApi: { id: 'WrongRaydocsTok1', name: 'Raydocs (wrong token)' } },
	});
	const [id] = await n8n.importWorkflows([{ ...workflow, name: 'Extract invoices with Raydocs (wrong token)' }]);
	const run = await n8n.execute(id);

	expect(run.exitCode).toBe(1);
	expect(run.errorMessage).toMatch(/^Raydocs did not accept the access token/);
	expect(run.json.data.resultData.lastNodeExecuted).toBe('Raydocs');
	expect(run.log).toContain('Raydocs did not accept the access token');
	expect(run.log).not.toContain(WRONG_TOKEN);
	expect(nodeOutput(run.json, 'Raydocs')).toEqual([]);
});

test('every workflow in examples/ is one the e2e suite runs, is importable as is, and ships placeholders, not credentials', () => {
	expect(listExamples()).toEqual(Object.values(EXAMPLES).sort());
	for (const name of listExamples()) {
		const workflow = loadExample(name);
		const nodes = workflow.nodes as any[];
		expect({ name, notes: nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote') }).toEqual({ name, notes: true });
		// No code for users to read or edit: Flatten maps results straight into rows.
		const flattened: string[] = [EXAMPLES.raydocsInvoices, EXAMPLES.raydocsReview, EXAMPLES.perfectParserCsv, EXAMPLES.llamaInlineSchema];
		if (flattened.includes(name)) expect({ name, code: nodes.filter((n) => n.type === 'n8n-nodes-base.code').map((n) => n.name) }).toEqual({ name, code: [] });
		for (const node of nodes) {
			if (!/^(n8n-nodes-base|@n8n\/n8n-nodes-langchain)\./.test(node.type)) expect(node.type).toMatch(OUR_TYPE);
			for (const credential of Object.values(node.credentials ?? {}) as any[]) expect(credential.id).toBe('REPLACE_WITH_YOUR_CREDENTIAL');
		}
		expect(new Set(nodes.map((n) => n.name)).size).toBe(nodes.length);
		expect(JSON.stringify(workflow)).not.toMatch(/rd_live_|llx-|pp_live_|127\.0\.0\.1/);
	}
});

describe.each(PACKAGES)('%s installed alone', (packageName) => {
	test('n8n lists its nodes and its credential, nothing else of ours, and its credential test passes against the sandbox', async () => {
		const n8n = await h.alone(packageName);
		const own = declaredTypes(packageName);
		const ourCredentials = new Set(PACKAGES.flatMap((name) => declaredTypes(name).credentials));
		await n8n.start();
		try {
			const { web, rest } = await n8n.setupOwnerAndApiKey();
			const nodeTypes = (await web.get<Array<{ name: string }>>('/types/nodes.json')).map((t) => t.name);
			// n8n adds a `<node>Tool` variant of each node usable as an AI tool.
			const ours = nodeTypes.filter((t) => OUR_TYPE.test(t)).map((t) => t.replace(/Tool$/, ''));
			expect([...new Set(ours)].sort()).toEqual([...own.nodes].sort());
			const credentialTypes = (await web.get<Array<{ name: string }>>('/types/credentials.json')).map((t) => t.name);
			expect(credentialTypes.filter((t) => ourCredentials.has(t))).toEqual(own.credentials);

			for (const type of own.credentials) {
				const credential = h.credentials.find((c) => c.type === type && !/wrong/i.test(c.name))!;
				const result = await rest.post<{ data: { status: string; message: string } }>('/credentials/test', {
					credentials: { id: credential.id, name: credential.name, type, data: credential.data },
				});
				expect({ type, ...result.data }).toMatchObject({ type, status: 'OK' });
			}
		} finally {
			await n8n.stop();
		}
	});
});
