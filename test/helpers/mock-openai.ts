// A local stand-in for the OpenAI Responses API, enough for the real Codex CLI to hold a conversation: plain node
// `http`, `POST /v1/responses` answered with server-sent events as Codex 0.169 reads them (response.created,
// response.output_item.added / .done, response.output_text.delta, response.reasoning_summary_text.delta,
// response.function_call_arguments.delta, response.completed). What it answers is scripted by the test: a function
// of the request (the conversation so far), so one server serves any number of Codex processes at once and every
// reply follows from what was said. Anything else (a models list, …) gets a 404, which Codex takes in its stride.
import type http from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import {type MockApi, scripted, startMockServer} from './mock-server.js';

export type ResponseItem =
	| {type: 'text'; text: string}
	| {type: 'reasoning'; summary: string}
	| {type: 'function_call'; name: string; arguments: Record<string, unknown>}
	/** A freeform tool's call (Codex's `apply_patch` takes the patch as plain text). */
	| {type: 'custom_tool_call'; name: string; input: string};

export type ResponsesReply = {
	items: ResponseItem[];
	/** Quiet before the first event. */
	delayMs?: number;
	/** Quiet after response.created, before the first item: Codex shows `Working` with nothing streamed. */
	holdMs?: number;
	/** Text is streamed in pieces of this many characters, one per `chunkEveryMs`. Default 12 and 40. */
	chunkChars?: number;
	chunkEveryMs?: number;
};

/** What a request carries that a script decides on. */
export type ResponsesRequest = {
	model: string;
	stream: boolean;
	/** The function tools offered, by name. */
	tools: string[];
	input: Array<Record<string, unknown>>;
	/** The outputs of function calls since the last user message, in order. */
	toolOutputs: Array<{callId: string; output: string}>;
	/** The text the user typed in this conversation, every turn, oldest first (Codex's own context messages left out). */
	userTexts: string[];
	/** Codex's thread id (its `session-id` header): the conversation. */
	threadId: string;
	/** Why Codex asks (`thread_source` in its x-codex-turn-metadata header): `user` for a turn, `thread_title`, …. */
	source: string;
	/** The request body as sent. */
	body: Record<string, unknown>;
};

export type ResponsesScript = (request: ResponsesRequest) => ResponsesReply;

export type MockOpenAI = MockApi<ResponsesRequest, ResponsesReply>;

const inputText = (content: unknown): string => {
	if (typeof content === 'string') {
		return content;
	}

	return Array.isArray(content)
		? content.map(part => (typeof part === 'object' && part !== null && typeof (part as {text?: unknown}).text === 'string' ? (part as {text: string}).text : '')).join('\n')
		: '';
};

// Codex sends its context (environment, permissions, skills, AGENTS.md) as user or developer messages beside what
// was typed; those open with a tag.
const isContext = (text: string) => /^\s*<[\w -]+>/.test(text) || /^\s*# AGENTS\.md/.test(text);

function parseRequest(body: Record<string, unknown>, threadId: string, source: string): ResponsesRequest {
	const input = Array.isArray(body['input']) ? (body['input'] as Array<Record<string, unknown>>) : [];
	const tools = Array.isArray(body['tools']) ? (body['tools'] as Array<{name?: unknown}>).map(tool => String(tool.name ?? '')).filter(Boolean) : [];
	const userTexts = input
		.filter(item => item['type'] === 'message' && item['role'] === 'user')
		.map(item => inputText(item['content']))
		.filter(text => text.trim() !== '' && !isContext(text));
	const lastUser = input.findLastIndex(item => item['type'] === 'message' && item['role'] === 'user');
	const toolOutputs = input
		.slice(lastUser + 1)
		.filter(item => item['type'] === 'function_call_output' || item['type'] === 'custom_tool_call_output')
		.map(item => ({callId: String(item['call_id'] ?? ''), output: typeof item['output'] === 'string' ? item['output'] : inputText(item['output'])}));
	return {model: String(body['model'] ?? ''), stream: body['stream'] !== false, tools, input, toolOutputs, userTexts, threadId, source, body};
}

function turnSource(header: string | string[] | undefined): string {
	try {
		const metadata = JSON.parse(String(header ?? '{}')) as {thread_source?: unknown};
		return typeof metadata.thread_source === 'string' ? metadata.thread_source : '';
	} catch {
		return '';
	}
}

let ids = 0;
const newId = (prefix: string) => `${prefix}_mock${String(++ids).padStart(20, '0')}`;

export async function startMockOpenAI(script: ResponsesScript): Promise<MockOpenAI> {
	const mock = scripted(script, (message): ResponsesReply => ({items: [{type: 'text', text: message}]}));
	const server = await startMockServer(async (request, response, raw) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (request.method !== 'POST' || !url.pathname.endsWith('/responses')) {
			response.writeHead(404, {'content-type': 'application/json'});
			response.end('{"error":{"message":"not here","type":"invalid_request_error"}}');
			return;
		}

		let body: Record<string, unknown>;
		try {
			body = JSON.parse(raw) as Record<string, unknown>;
		} catch {
			response.writeHead(400, {'content-type': 'application/json'});
			response.end('{"error":{"message":"bad JSON","type":"invalid_request_error"}}');
			return;
		}

		const threadId = String(request.headers['session-id'] ?? request.headers['thread-id'] ?? '');
		const parsed = parseRequest(body, threadId, turnSource(request.headers['x-codex-turn-metadata']));
		const reply = mock.reply(parsed);

		if (reply.delayMs) {
			await delay(reply.delayMs);
		}

		await stream(response, parsed, reply);
	});
	return mock.api(`${server.origin}/v1`, server);
}

const usage = (output: number) => ({
	input_tokens: 100,
	input_tokens_details: {cached_tokens: 0},
	output_tokens: output,
	output_tokens_details: {reasoning_tokens: 0},
	total_tokens: 100 + output,
});

async function stream(response: http.ServerResponse, request: ResponsesRequest, reply: ResponsesReply): Promise<void> {
	let sequence = 0;
	const send = (type: string, data: Record<string, unknown>) => {
		if (response.destroyed) {
			throw new Error('closed');
		}

		response.write(`event: ${type}\ndata: ${JSON.stringify({type, sequence_number: sequence++, ...data})}\n\n`);
	};

	const chunkChars = reply.chunkChars ?? 12;
	const every = reply.chunkEveryMs ?? 40;
	const pieces = (text: string) => {
		const result: string[] = [];
		for (let index = 0; index < text.length; index += chunkChars) {
			result.push(text.slice(index, index + chunkChars));
		}

		return result;
	};

	const responseId = newId('resp');
	const base = {id: responseId, object: 'response', created_at: Math.floor(Date.now() / 1000), model: request.model};
	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive'});
	send('response.created', {response: {...base, status: 'in_progress', output: []}});
	send('response.in_progress', {response: {...base, status: 'in_progress', output: []}});
	if (reply.holdMs) {
		// Comments keep the connection alive (and Codex's idle timer quiet) while the model "thinks".
		for (let waited = 0; waited < reply.holdMs; waited += 1000) {
			await delay(Math.min(1000, reply.holdMs - waited));
			if (response.destroyed) {
				throw new Error('closed');
			}

			response.write(': keep-alive\n\n');
		}
	}

	const output: Array<Record<string, unknown>> = [];
	let tokens = 0;
	for (const [index, item] of reply.items.entries()) {
		if (item.type === 'text') {
			const id = newId('msg');
			send('response.output_item.added', {output_index: index, item: {id, type: 'message', status: 'in_progress', role: 'assistant', content: []}});
			send('response.content_part.added', {item_id: id, output_index: index, content_index: 0, part: {type: 'output_text', text: '', annotations: []}});
			for (const piece of pieces(item.text)) {
				send('response.output_text.delta', {item_id: id, output_index: index, content_index: 0, delta: piece});
				tokens++;
				await delay(every);
			}

			send('response.output_text.done', {item_id: id, output_index: index, content_index: 0, text: item.text});
			const done = {id, type: 'message', status: 'completed', role: 'assistant', content: [{type: 'output_text', text: item.text, annotations: []}]};
			send('response.output_item.done', {output_index: index, item: done});
			output.push(done);
		} else if (item.type === 'reasoning') {
			const id = newId('rs');
			send('response.output_item.added', {output_index: index, item: {id, type: 'reasoning', summary: []}});
			send('response.reasoning_summary_part.added', {item_id: id, output_index: index, summary_index: 0, part: {type: 'summary_text', text: ''}});
			for (const piece of pieces(item.summary)) {
				send('response.reasoning_summary_text.delta', {item_id: id, output_index: index, summary_index: 0, delta: piece});
				tokens++;
				await delay(every);
			}

			const done = {id, type: 'reasoning', summary: [{type: 'summary_text', text: item.summary}]};
			send('response.output_item.done', {output_index: index, item: done});
			output.push(done);
		} else if (item.type === 'custom_tool_call') {
			const id = newId('ctc');
			const callId = newId('call');
			send('response.output_item.added', {output_index: index, item: {id, type: 'custom_tool_call', status: 'in_progress', call_id: callId, name: item.name, input: ''}});
			for (const piece of pieces(item.input)) {
				send('response.custom_tool_call_input.delta', {item_id: id, output_index: index, delta: piece});
			}

			send('response.custom_tool_call_input.done', {item_id: id, output_index: index, input: item.input});
			const done = {id, type: 'custom_tool_call', status: 'completed', call_id: callId, name: item.name, input: item.input};
			send('response.output_item.done', {output_index: index, item: done});
			output.push(done);
			tokens += 5;
		} else {
			const id = newId('fc');
			const callId = newId('call');
			const json = JSON.stringify(item.arguments);
			send('response.output_item.added', {output_index: index, item: {id, type: 'function_call', status: 'in_progress', call_id: callId, name: item.name, arguments: ''}});
			for (const piece of pieces(json)) {
				send('response.function_call_arguments.delta', {item_id: id, output_index: index, delta: piece});
			}

			send('response.function_call_arguments.done', {item_id: id, output_index: index, arguments: json});
			const done = {id, type: 'function_call', status: 'completed', call_id: callId, name: item.name, arguments: json};
			send('response.output_item.done', {output_index: index, item: done});
			output.push(done);
			tokens += 5;
		}
	}

	send('response.completed', {response: {...base, status: 'completed', output, usage: usage(tokens)}});
	response.end();
}
