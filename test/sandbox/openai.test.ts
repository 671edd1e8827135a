/** The sandbox's scripted OpenAI-compatible chat completions (dev/sandbox/openai), used by the AI Agent e2e. */
import type { Sandbox } from '../../dev/sandbox';
import { OPENAI_DEMO } from '../../dev/sandbox/openai';
import { call, start } from './helpers';

describe('openai chat completions', () => {
	let sb: Sandbox;
	let base: string;
	const auth = { Authorization: `Bearer ${OPENAI_DEMO.apiKey}` };
	const tools = [
		{ type: 'function', function: { name: 'Raydocs_template', description: 'Get a template in Raydocs', parameters: { type: 'object', properties: { template_id: { type: 'string' } } } } },
		{ type: 'function', function: { name: 'LlamaExtract_agent', description: 'Get an agent in LlamaExtract', parameters: { type: 'object', properties: {} } } },
	];
	const script = (turns: unknown[]) => call('PUT', `${sb.url}/_sandbox/openai/script`, { json: { turns } });
	const complete = (json: unknown, headers: Record<string, string> = auth) => call('POST', `${base}/chat/completions`, { headers, json });

	beforeAll(async () => {
		sb = await start();
		base = `${sb.url}/openai/v1`;
	});
	afterAll(() => sb.close());

	test('a wrong or missing API key is refused (401) and the key is not echoed whole', async () => {
		const missing = await complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, {});
		expect(missing.status).toBe(401);
		const wrong = await complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { Authorization: 'Bearer sk-wrong-key-123456789' });
		expect(wrong.status).toBe(401);
		expect(wrong.body.error.code).toBe('invalid_api_key');
		expect(JSON.stringify(wrong.body)).not.toContain('sk-wrong-key-123456789');
	});

	test('missing model, unknown model, empty messages and an unanswered or orphan tool message are refused', async () => {
		expect((await complete({ messages: [{ role: 'user', content: 'hi' }] })).status).toBe(400);
		expect((await complete({ model: 'gpt-nope', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(404);
		expect((await complete({ model: 'gpt-4o-mini', messages: [] })).status).toBe(400);
		const orphan = await complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'call_x', content: '{}' }] });
		expect(orphan.status).toBe(400);
		const unanswered = await complete({
			model: 'gpt-4o-mini',
			messages: [
				{ role: 'user', content: 'hi' },
				{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Raydocs_template', arguments: '{}' } }] },
				{ role: 'user', content: 'and?' },
			],
		});
		expect(unanswered.status).toBe(400);
		expect(unanswered.body.error.message).toContain('call_1');
	});

	test('the script: a call of the matching offered tool, then an answer carrying the tool output; every request is recorded', async () => {
		expect((await script([{ tool: '^raydocs', arguments: { template_id: 't-1' } }, { answer: 'Got: {{tool_results}}' }])).status).toBe(200);
		const user = { role: 'user', content: 'Which fields?' };
		const first = await complete({ model: 'gpt-4o-mini', messages: [user], tools });
		expect(first.status).toBe(200);
		const [choice] = first.body.choices;
		expect(choice.finish_reason).toBe('tool_calls');
		const [toolCall] = choice.message.tool_calls;
		expect(toolCall.function).toEqual({ name: 'Raydocs_template', arguments: '{"template_id":"t-1"}' });

		const second = await complete({
			model: 'gpt-4o-mini',
			messages: [user, choice.message, { role: 'tool', tool_call_id: toolCall.id, content: '[{"id":"t-1","fields":["total"]}]' }],
			tools,
		});
		expect(second.body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Got: [{"id":"t-1","fields":["total"]}]' } });

		const recorded = await call('GET', `${sb.url}/_sandbox/openai/requests`);
		expect(recorded.body.requests).toHaveLength(2);
		expect(recorded.body.requests[1].messages[2].tool_call_id).toBe(toolCall.id);

		// A new conversation (no assistant message yet) plays the script from its start again.
		const again = await complete({ model: 'gpt-4o-mini', messages: [user], tools });
		expect(again.body.choices[0].message.tool_calls[0].function.name).toBe('Raydocs_template');
	});

	test('a tool that was not offered is not called: the model answers in words', async () => {
		await script([{ tool: '^perfectparser' }]);
		const res = await complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], tools });
		expect(res.body.choices[0].finish_reason).toBe('stop');
		expect(res.body.choices[0].message.content).toContain('No tool matching');
	});

	test('stream: true is answered as server-sent events ending in [DONE]', async () => {
		await script([{ tool: 'llama', arguments: { agent_id: 'a-1' } }]);
		const res = await complete({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }], tools });
		expect(res.headers.get('content-type')).toContain('text/event-stream');
		const events = String(res.body).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
		expect(events.at(-1)).toBe('[DONE]');
		const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
		expect(chunks[0].choices[0].delta.tool_calls[0]).toMatchObject({ index: 0, function: { name: 'LlamaExtract_agent', arguments: '{"agent_id":"a-1"}' } });
		expect(chunks[1].choices[0].finish_reason).toBe('tool_calls');
		expect(chunks[2].usage.total_tokens).toBeGreaterThan(0);
	});

	test('GET /v1/models lists the models it answers for', async () => {
		const res = await call('GET', `${base}/models`, { headers: auth });
		expect(res.body.data.map((m: { id: string }) => m.id)).toEqual(OPENAI_DEMO.models);
	});
});
