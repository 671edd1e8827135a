/**
 * An n8n AI Agent uses our nodes as tools, in a real n8n (`n8n execute`):
 * examples/ai-agent-document-tools.json — Start → AI Agent, with an OpenAI Chat Model whose base URL
 * is the sandbox's scripted chat completions (dev/sandbox/openai) and two of our nodes as tools:
 * Raydocs (Template → Get) and LlamaExtract (Agent → Get), their IDs filled by the model ($fromAI).
 *
 * The script: call the Raydocs tool, then the LlamaExtract tool, then answer with what they
 * returned. The test checks every hop: n8n offered both tools with readable schemas, the model's
 * tool calls reached our nodes, our nodes called the (sandbox) APIs, and each tool's output came
 * back to the model in its next request. It prints the tool schema n8n sent.
 */
import { AI_AGENT_EXAMPLE_SCRIPT, EXAMPLES } from '../../dev/examples';
import { N8N_VERSION } from '../../dev/n8n/runtime';
import { DEMO_IDS } from '../../dev/sandbox';
import { routeCount, sandboxCall, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
	h = await startHarness();
});

afterAll(async () => await h?.dispose());

const TEMPLATE_ID = DEMO_IDS.raydocsTemplateId;
const AGENT_ID = DEMO_IDS.llamaAgentId;
const RAYDOCS_ROUTE = 'raydocs GET /raydocs/extractions/templates/:templateId';

interface ChatRequest {
	model: string;
	messages: { role: string; content?: unknown; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
	tools?: { type: string; function: { name: string; description?: string; parameters: any } }[];
}

const text = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content));

test(`n8n ${N8N_VERSION}: an AI Agent calls Raydocs and LlamaExtract as tools, and each tool's output reaches the model's next request`, async () => {
	// Raydocs with the sandbox template, LlamaExtract with the sandbox agent, then an answer.
	await sandboxCall(h.sandbox, 'PUT', '/_sandbox/openai/script', { turns: AI_AGENT_EXAMPLE_SCRIPT });
	const [id] = await h.n8n.importWorkflows([h.example(EXAMPLES.aiAgentTools)]);
	const run = await h.n8n.execute(id);

	expect(run.errorMessage).toBeUndefined();
	expect(run.exitCode).toBe(0);
	const { requests } = await sandboxCall<{ requests: ChatRequest[] }>(h.sandbox, 'GET', '/_sandbox/openai/requests');
	expect(requests).toHaveLength(3);

	// 1. n8n offered both tools, with the $fromAI parameters as a JSON schema the model can fill.
	const tools = requests[0].tools ?? [];
	process.stdout.write(`\n[agent e2e] n8n ${N8N_VERSION} sent these tools to the model:\n${JSON.stringify(tools, null, 2)}\n`);
	const byName = Object.fromEntries(tools.map((t) => [t.function.name, t.function]));
	expect(Object.keys(byName).sort()).toEqual(['LlamaExtract_agent', 'Raydocs_template']);
	for (const [name, param] of [
		['Raydocs_template', 'template_id'],
		['LlamaExtract_agent', 'agent_id'],
	]) {
		const fn = byName[name];
		expect(fn.description).toEqual(expect.any(String));
		expect(fn.description!.length).toBeGreaterThan(10);
		expect(fn.parameters.properties[param]).toMatchObject({ type: 'string', description: expect.stringContaining('(a UUID)') });
		expect(fn.parameters.required).toContain(param);
	}
	expect(requests.every((r) => r.tools?.length === 2)).toBe(true);

	// 2. The model's calls reached our nodes, which called the APIs with the model's arguments.
	expect(routeCount(h.sandbox, RAYDOCS_ROUTE)).toBe(1);
	const llamaGets = Object.entries(h.sandbox.stats().routes).filter(([k]) => /^llamacloud GET .*extraction-agents\/:\w+$/.test(k));
	expect(llamaGets.map(([, v]) => v.total)).toEqual([1]);
	const runData = run.json.data.resultData.runData;
	expect(JSON.stringify(runData['Raydocs template'])).toContain(TEMPLATE_ID);
	expect(JSON.stringify(runData['LlamaExtract agent'])).toContain(AGENT_ID);

	// 3. Each tool's output came back in the model's next request, answering that very call.
	const [first, second, third] = requests;
	const call1 = second.messages.find((m) => m.role === 'assistant' && m.tool_calls?.length)?.tool_calls?.[0];
	expect(call1?.function.name).toBe('Raydocs_template');
	// n8n 2.x replays the call's arguments with the call id added ({ template_id, id }).
	expect(JSON.parse(call1!.function.arguments)).toMatchObject({ template_id: TEMPLATE_ID });
	const result1 = second.messages.find((m) => m.role === 'tool' && m.tool_call_id === call1!.id);
	expect(text(result1?.content)).toContain(TEMPLATE_ID);
	expect(text(result1?.content)).toContain('invoice_number'); // the template's fields, from the Raydocs API
	const call2 = third.messages.filter((m) => m.role === 'assistant' && m.tool_calls?.length).at(-1)?.tool_calls?.[0];
	expect(call2?.function.name).toBe('LlamaExtract_agent');
	expect(JSON.parse(call2!.function.arguments)).toMatchObject({ agent_id: AGENT_ID });
	const result2 = third.messages.find((m) => m.role === 'tool' && m.tool_call_id === call2!.id);
	expect(text(result2?.content)).toContain(AGENT_ID);
	expect(first.messages.some((m) => m.role === 'tool')).toBe(false);

	// 4. The agent's answer is the model's last message, built from both tool outputs.
	const answer = String(run.json.data.resultData.runData['AI Agent'][0].data.main[0][0].json.output);
	expect(answer).toMatch(/^What the tools returned:/);
	expect(answer).toContain(TEMPLATE_ID);
	expect(answer).toContain(AGENT_ID);
	expect(run.log).not.toContain(h.sandbox.tokens.raydocs);
	expect(run.log).not.toContain(h.sandbox.tokens.llama);
});
