/**
 * n8n's own v3 Migration Report (Settings → Migration Report) over every example, in an n8n started
 * with n8n 3.0's defaults: filesystem binary data, SSRF protection on (the sandbox allowed),
 * unverified community packages off, a 60 s task-runner timeout. No rule may name one of our
 * workflows. The report's rules are printed (names and counts) for the release notes.
 *
 * n8n 2.41 serves the report at GET /rest/breaking-changes/report?version=v3 (owner session): its
 * `data.report.workflowResults` carry `nbAffectedWorkflows` per rule, and
 * GET /rest/breaking-changes/report/:ruleId lists a rule's `affectedWorkflows` (id, name, issues).
 */
import { listExamples, loadExample } from '../../dev/examples';
import { N8N_V3_DEFAULTS, startHarness, type Harness } from './harness';

/**
 * n8n 3.0's defaults, on n8n 2.41. The sandbox listens on 127.0.0.1, a loopback address SSRF
 * protection blocks by default; an address written as an IP is checked against
 * N8N_SSRF_ALLOWED_IP_RANGES only (N8N_SSRF_ALLOWED_HOSTNAMES matches names such as localhost).
 */

interface WorkflowRuleResult {
	ruleId: string;
	ruleTitle: string;
	ruleSeverity: string;
	nbAffectedWorkflows: number;
}

interface InstanceRuleResult {
	ruleId: string;
	ruleTitle: string;
	ruleSeverity: string;
	instanceIssues: Array<{ title: string }>;
}

interface Report {
	report: { targetVersion: string; currentVersion: string; workflowResults: WorkflowRuleResult[]; instanceResults: InstanceRuleResult[] };
	totalWorkflows: number;
}

let h: Harness;

beforeAll(async () => {
	h = await startHarness({ env: N8N_V3_DEFAULTS });
});

afterAll(async () => await h?.dispose());

/** Node types of ours in the examples, read from the files (the package prefix is theirs). */
function ourNodeTypes(): string[] {
	const types = listExamples().flatMap((name) => (loadExample(name).nodes as Array<{ type: string }>).map((n) => n.type));
	return [...new Set(types.filter((type) => !/^(n8n-nodes-base|@n8n\/n8n-nodes-langchain)\./.test(type)))].sort();
}

test('the v3 Migration Report over every example names none of our workflows', async () => {
	const examples = listExamples();
	const workflows = examples.map((name) => h.example(name));
	const ids = await h.n8n.importWorkflows(workflows);
	const ours = new Map(ids.map((id, i) => [id, workflows[i].name]));

	await h.n8n.start();
	const { rest, web } = await h.n8n.setupOwnerAndApiKey();

	// With unverified packages off, the package (installed by hand, not from n8n's list) still loads.
	const loaded = new Set((await web.get<Array<{ name: string }>>('/types/nodes.json')).map((t) => t.name));
	expect(ourNodeTypes().filter((type) => !loaded.has(type))).toEqual([]);

	const { data } = await rest.get<{ data: Report }>('/breaking-changes/report?version=v3');
	const { report } = data;
	expect(report.targetVersion).toBe('v3');
	// The report looked at our workflows (all there are in this n8n).
	expect(data.totalWorkflows).toBe(ids.length);

	const lines = [
		`n8n ${report.currentVersion} v3 Migration Report over ${data.totalWorkflows} example workflows (${examples.join(', ')}):`,
		`workflow rules with affected workflows: ${report.workflowResults.length}`,
		...report.workflowResults.map((r) => `  - ${r.ruleId} [${r.ruleSeverity}] "${r.ruleTitle}": ${r.nbAffectedWorkflows} workflow(s)`),
		`instance rules: ${report.instanceResults.length}`,
		...report.instanceResults.map((r) => `  - ${r.ruleId} [${r.ruleSeverity}] "${r.ruleTitle}": ${r.instanceIssues.length} issue(s) (${r.instanceIssues.map((i) => i.title).join('; ')})`),
	];

	const named: string[] = [];
	for (const rule of report.workflowResults.filter((r) => r.nbAffectedWorkflows > 0)) {
		const detail = (await rest.get<{ data: { affectedWorkflows: Array<{ id: string; name: string; issues: Array<{ title: string }> }> } }>(`/breaking-changes/report/${encodeURIComponent(rule.ruleId)}`)).data;
		for (const workflow of detail.affectedWorkflows) {
			const line = `${rule.ruleId}: "${workflow.name}" — ${workflow.issues.map((i) => i.title).join('; ')}`;
			lines.push(`    ${line}`);
			if (ours.has(workflow.id) || [...ours.values()].includes(workflow.name)) named.push(line);
		}
	}
	console.log(lines.join('\n'));
	expect(named).toEqual([]);
});
