// A local stand-in for the Anthropic Messages API, enough for the real Claude Code to hold a conversation: plain
// node `http`, `POST /v1/messages` answered with server-sent events (message_start, content_block_start/delta/stop
// with text_delta, thinking_delta, input_json_delta, message_delta, message_stop) or, for `stream: false`, one JSON
// message. What it answers is scripted by the test: a function of the request (the conversation so far), so one
// server serves any number of Claude Code processes at once and every reply follows from what was said.
import type http from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import {type MockApi, scripted, startMockServer} from './mock-server.js';

export type ReplyBlock =
	| {type: 'text'; text: string}
	| {type: 'thinking'; thinking: string}
	| {type: 'tool_use'; name: string; input: Record<string, unknown>};

export type Reply = {
	blocks: ReplyBlock[];
	/** Quiet before the first event (the model thinking before it says anything). */
	delayMs?: number;
	/** Quiet after message_start, before the first block: Claude Code shows its spinner with nothing streamed. */
	holdMs?: number;
	/** Text and thinking are streamed in pieces of this many characters, one per `chunkEveryMs`. Default 12 and 40. */
	chunkChars?: number;
	chunkEveryMs?: number;
};

/** What a request carries that a script decides on. */
export type MessagesRequest = {
	model: string;
	stream: boolean;
	system: string;
	messages: Array<{role: string; content: unknown}>;
	tools: string[];
	/** The text of the last user message (tool results left out). */
	lastUserText: string;
	/** The tool results in the last user message, in order. */
	toolResults: Array<{toolUseId: string; content: string; isError: boolean}>;
	/** The text the user typed in this conversation, every turn, oldest first. */
	userTexts: string[];
};

export type Script = (request: MessagesRequest) => Reply;

export type MockAnthropic = MockApi<MessagesRequest, Reply>;

const textOf = (content: unknown): string => {
	if (typeof content === 'string') {
		return content;
	}

	if (!Array.isArray(content)) {
		return '';
	}

	return content
		.map(block => (typeof block === 'object' && block !== null && (block as {type?: unknown}).type === 'text' ? String((block as {text?: unknown}).text ?? '') : ''))
		.join('\n');
};

function parseRequest(body: Record<string, unknown>): MessagesRequest {
	const messages = Array.isArray(body['messages']) ? (body['messages'] as Array<{role: string; content: unknown}>) : [];
	const system = Array.isArray(body['system']) ? (body['system'] as Array<{text?: string}>).map(part => part.text ?? '').join('\n') : String(body['system'] ?? '');
	const tools = Array.isArray(body['tools']) ? (body['tools'] as Array<{name?: string}>).map(tool => String(tool.name ?? '')) : [];
	const userMessages = messages.filter(message => message.role === 'user');
	const last = userMessages.at(-1);
	const toolResults: MessagesRequest['toolResults'] = [];
	if (Array.isArray(last?.content)) {
		for (const block of last.content as Array<Record<string, unknown>>) {
			if (block['type'] === 'tool_result') {
				const content = typeof block['content'] === 'string' ? block['content'] : textOf(block['content']);
				toolResults.push({toolUseId: String(block['tool_use_id'] ?? ''), content, isError: block['is_error'] === true});
			}
		}
	}

	// Claude Code puts reminders (<system-reminder>…) beside the typed text; the typed text is what is not one.
	const typed = (message: {content: unknown}) => textOf(message.content)
		.split('\n')
		.filter(line => !/^\s*<\/?system-reminder>|^\s*<(?:command|local-command)/.test(line))
		.join('\n');
	return {
		model: String(body['model'] ?? ''),
		stream: body['stream'] === true,
		system,
		messages,
		tools,
		lastUserText: last ? textOf(last.content) : '',
		toolResults,
		userTexts: userMessages.map(message => typed(message)).filter(text => text.trim() !== ''),
	};
}

let ids = 0;
const newId = (prefix: string) => `${prefix}_mock${String(++ids).padStart(20, '0')}`;

export async function startMockAnthropic(script: Script): Promise<MockAnthropic> {
	const mock = scripted(script, (message): Reply => ({blocks: [{type: 'text', text: message}]}));
	const server = await startMockServer(async (request, response, raw) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (request.method !== 'POST' || !url.pathname.endsWith('/v1/messages')) {
			// count_tokens and the like: nothing a conversation needs.
			response.writeHead(url.pathname.endsWith('/count_tokens') ? 200 : 404, {'content-type': 'application/json'});
			response.end(url.pathname.endsWith('/count_tokens') ? '{"input_tokens":100}' : '{"type":"error","error":{"type":"not_found_error","message":"not here"}}');
			return;
		}

		let body: Record<string, unknown>;
		try {
			body = JSON.parse(raw) as Record<string, unknown>;
		} catch {
			response.writeHead(400, {'content-type': 'application/json'});
			response.end('{"type":"error","error":{"type":"invalid_request_error","message":"bad JSON"}}');
			return;
		}

		const parsed = parseRequest(body);
		const reply = mock.reply(parsed);

		if (reply.delayMs) {
			await delay(reply.delayMs);
		}

		await (parsed.stream ? stream(response, parsed, reply) : whole(response, parsed, reply));
	});

	return mock.api(server.origin, server);
}

type Usage = {input_tokens: number; output_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number};
const usage = (output: number): Usage => ({input_tokens: 100, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0});

function stopReason(reply: Reply): string {
	return reply.blocks.some(block => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function messageBlocks(reply: Reply): Array<Record<string, unknown>> {
	return reply.blocks.map(block => {
		if (block.type === 'tool_use') {
			return {type: 'tool_use', id: newId('toolu'), name: block.name, input: block.input};
		}

		return block.type === 'thinking' ? {type: 'thinking', thinking: block.thinking, signature: 'mock-signature'} : {type: 'text', text: block.text};
	});
}

async function whole(response: http.ServerResponse, request: MessagesRequest, reply: Reply): Promise<void> {
	if (reply.holdMs) {
		await delay(reply.holdMs);
	}

	response.writeHead(200, {'content-type': 'application/json'});
	response.end(JSON.stringify({
		id: newId('msg'),
		type: 'message',
		role: 'assistant',
		model: request.model,
		content: messageBlocks(reply),
		stop_reason: stopReason(reply),
		stop_sequence: null,
		usage: usage(20),
	}));
}

async function stream(response: http.ServerResponse, request: MessagesRequest, reply: Reply): Promise<void> {
	const send = (event: string, data: Record<string, unknown>) => {
		if (response.destroyed) {
			throw new Error('closed');
		}

		response.write(`event: ${event}\ndata: ${JSON.stringify({type: event, ...data})}\n\n`);
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

	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive'});
	send('message_start', {
		message: {id: newId('msg'), type: 'message', role: 'assistant', model: request.model, content: [], stop_reason: null, stop_sequence: null, usage: usage(1)},
	});
	if (reply.holdMs) {
		// Pings keep the connection alive, as the real API does.
		for (let waited = 0; waited < reply.holdMs; waited += 1000) {
			await delay(Math.min(1000, reply.holdMs - waited));
			send('ping', {});
		}
	}

	let output = 0;
	for (const [index, block] of messageBlocks(reply).entries()) {
		if (block['type'] === 'text') {
			send('content_block_start', {index, content_block: {type: 'text', text: ''}});
			for (const piece of pieces(String(block['text']))) {
				send('content_block_delta', {index, delta: {type: 'text_delta', text: piece}});
				output++;
				await delay(every);
			}
		} else if (block['type'] === 'thinking') {
			send('content_block_start', {index, content_block: {type: 'thinking', thinking: '', signature: ''}});
			for (const piece of pieces(String(block['thinking']))) {
				send('content_block_delta', {index, delta: {type: 'thinking_delta', thinking: piece}});
				output++;
				await delay(every);
			}

			send('content_block_delta', {index, delta: {type: 'signature_delta', signature: 'mock-signature'}});
		} else {
			send('content_block_start', {index, content_block: {type: 'tool_use', id: block['id'], name: block['name'], input: {}}});
			const json = JSON.stringify(block['input']);
			for (const piece of pieces(json)) {
				send('content_block_delta', {index, delta: {type: 'input_json_delta', partial_json: piece}});
				await delay(Math.min(every, 10));
			}

			output += 5;
		}

		send('content_block_stop', {index});
	}

	send('message_delta', {delta: {stop_reason: stopReason(reply), stop_sequence: null}, usage: {output_tokens: output}});
	send('message_stop', {});
	response.end();
}
