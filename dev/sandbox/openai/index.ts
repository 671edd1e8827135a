/**
 * OpenAI-compatible chat completions (`/openai/v1/chat/completions`, `/openai/v1/models`) that play
 * a scripted conversation, so an n8n AI Agent whose OpenAI chat model points here calls our nodes
 * as tools without any real model:
 *
 *   PUT /_sandbox/openai/script   { "turns": [ { "tool": "raydocs", "arguments": { … } },
 *                                              { "answer": "Found: {{tool_results}}" } ] }
 *   GET /_sandbox/openai/requests → every chat completion request body received, in order
 *
 * A request plays the turn numbered by how many assistant messages it carries (so every new
 * conversation plays the script from its start, and repeated runs behave alike): a `tool` turn answers with a call of the first
 * offered tool whose name matches the pattern (case-insensitive), with the given arguments; an
 * `answer` turn answers with text, `{{tool_results}}` replaced by the content of every tool message
 * in the conversation. Without a script (or past its end) the answer repeats the last user message.
 *
 * Like the service, it refuses a wrong API key (401), a missing model or messages (400), an unknown
 * model (404), a `tool` message that answers no earlier tool call and an assistant tool call left
 * unanswered (400). `stream: true` is answered as server-sent events.
 */
import type { Core, RouteDef, Service } from '../core';
import { Ctx, HttpError, Reply } from '../http';
import { Router } from '../router';

export const OPENAI_DEMO = {
	apiKey: 'sk-sandbox-openai-0123456789abcdef',
	models: ['gpt-4o-mini', 'gpt-4.1-mini'],
};

export interface ScriptTurn {
	/** Pattern (case-insensitive) of the tool name to call, e.g. "raydocs". */
	tool?: string;
	/** The call's arguments (sent JSON-encoded, as the service does). */
	arguments?: Record<string, unknown>;
	/** Final text; `{{tool_results}}` becomes the content of every tool message so far. */
	answer?: string;
}

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
	tool_call_id?: string;
}

const apiError = (status: number, message: string, type: string, code: string | null, param: string | null = null) =>
	new HttpError(status, { error: { message, type, param, code } });

/** The text of a message's content (a string, or an array of `{type:'text', text}` parts). */
function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
	return '';
}

function checkConversation(messages: ChatMessage[]): void {
	const open = new Set<string>();
	messages.forEach((m, i) => {
		if (m.role === 'tool') {
			if (!m.tool_call_id || !open.has(m.tool_call_id)) {
				throw apiError(400, `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`, 'invalid_request_error', null, `messages.[${i}].role`);
			}
			open.delete(m.tool_call_id);
			return;
		}
		if (open.size) {
			throw apiError(400, `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`, 'invalid_request_error', null, `messages.[${i}].role`);
		}
		if (m.role === 'assistant') for (const c of m.tool_calls ?? []) open.add(c.id);
	});
	if (open.size) {
		throw apiError(400, `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`, 'invalid_request_error', null, 'messages');
	}
}

/** `_core` keeps the signature of the other services; the conversation needs none of it. */
export function createOpenAi(_core: Core, admin: Router<RouteDef>): { service: Service } {
	let script: ScriptTurn[] = [];
	let requests: unknown[] = [];
	let seq = 0;

	const router = new Router<RouteDef>();

	router.add('GET', '/v1/models', {
		handler: () => ({
			status: 200,
			body: { object: 'list', data: OPENAI_DEMO.models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'sandbox' })) },
		}),
	});

	router.add('POST', '/v1/chat/completions', {
		handler: async (ctx: Ctx): Promise<Reply> => {
			const body = await ctx.json();
			if (!body || typeof body !== 'object') throw apiError(400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
			requests.push(body);
			if (!body.model) throw apiError(400, 'you must provide a model parameter', 'invalid_request_error', null);
			if (!OPENAI_DEMO.models.includes(body.model)) {
				throw apiError(404, `The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
			}
			const messages: ChatMessage[] = body.messages;
			if (!Array.isArray(messages) || !messages.length) {
				throw apiError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'invalid_request_error', 'empty_array', 'messages');
			}
			checkConversation(messages);
			const tools: { function: { name: string } }[] = Array.isArray(body.tools) ? body.tools : [];

			const step = script[messages.filter((m) => m.role === 'assistant').length];
			let message: ChatMessage & { refusal: null };
			let finish: 'stop' | 'tool_calls';
			if (step?.tool) {
				const re = new RegExp(step.tool, 'i');
				const tool = tools.find((t) => re.test(t.function?.name ?? ''));
				if (!tool) {
					// A model cannot call a tool it was not offered: it answers in words.
					message = { role: 'assistant', content: `No tool matching /${step.tool}/ among: ${tools.map((t) => t.function?.name).join(', ') || 'none'}`, refusal: null };
					finish = 'stop';
				} else {
					message = {
						role: 'assistant',
						content: null,
						tool_calls: [{ id: `call_sandbox_${++seq}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(step.arguments ?? {}) } }],
						refusal: null,
					};
					finish = 'tool_calls';
				}
			} else {
				const results = messages.filter((m) => m.role === 'tool').map((m) => textOf(m.content));
				const lastUser = [...messages].reverse().find((m) => m.role === 'user');
				const text = step?.answer ?? `You said: ${textOf(lastUser?.content)}`;
				message = { role: 'assistant', content: text.split('{{tool_results}}').join(results.join('\n')), refusal: null };
				finish = 'stop';
			}

			const id = `chatcmpl-sandbox-${++seq}`;
			const created = Math.floor(Date.now() / 1000);
			const promptTokens = Math.ceil(JSON.stringify(messages).length / 4);
			const completionTokens = Math.ceil(JSON.stringify(message).length / 4);
			const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
			if (body.stream) {
				const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
					`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: null, choices, ...extra })}\n\n`;
				const delta = message.tool_calls
					? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
					: { role: 'assistant', content: message.content };
				let sse = chunk([{ index: 0, delta, logprobs: null, finish_reason: null }]);
				sse += chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finish }]);
				if (body.stream_options?.include_usage) sse += chunk([], { usage });
				sse += 'data: [DONE]\n\n';
				return { status: 200, body: sse, headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' } };
			}
			return {
				status: 200,
				body: {
					id,
					object: 'chat.completion',
					created,
					model: body.model,
					choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
					usage,
					system_fingerprint: null,
				},
			};
		},
	});

	admin.add('PUT', '/_sandbox/openai/script', {
		handler: async (ctx) => {
			const b = await ctx.json();
			if (!Array.isArray(b?.turns) || b.turns.some((t: ScriptTurn) => !t || (!t.tool && t.answer === undefined))) {
				throw new HttpError(400, { error: 'body must be { "turns": [ { "tool": "<name pattern>", "arguments": {…} } | { "answer": "…" } ] }' });
			}
			script = b.turns;
			requests = [];
			return { status: 200, body: { turns: script.length } };
		},
	});
	admin.add('GET', '/_sandbox/openai/requests', { handler: () => ({ status: 200, body: { requests } }) });

	const service: Service = {
		name: 'openai',
		prefix: '/openai',
		router,
		authenticate(ctx) {
			const auth = String(ctx.req.headers.authorization ?? '');
			const key = /^Bearer (.+)$/.exec(auth)?.[1];
			if (!key) {
				throw apiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null);
			}
			if (key !== OPENAI_DEMO.apiKey) {
				throw apiError(401, `Incorrect API key provided: ${key.slice(0, 3)}*****${key.slice(-4)}.`, 'invalid_request_error', 'invalid_api_key');
			}
		},
		errorBody: (status, message) => ({ error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null } }),
		rateLimit: () => ({ headers: {} }),
		reset() {
			script = [];
			requests = [];
			seq = 0;
		},
	};
	return { service };
}
