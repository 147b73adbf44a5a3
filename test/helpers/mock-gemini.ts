// A local stand-in for Google's Gemini API (generativelanguage), enough for the real Gemini CLI to hold a
// conversation: plain node `http`, `POST /v1beta/models/<model>:streamGenerateContent?alt=sse` answered with
// server-sent events (each a GenerateContentResponse chunk: text, thought and functionCall parts, the last with
// finishReason and usageMetadata), `:generateContent` with one JSON response and `:countTokens` with a count. What
// it answers is scripted by the test: a function of the request (the conversation so far). Gemini CLI's own JSON
// side requests (which model to route to, who speaks next) get one JSON object that answers either.
import type http from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import {type MockApi, scripted, startMockServer} from './mock-server.js';

export type GeminiPart =
	| {type: 'text'; text: string}
	| {type: 'thought'; text: string}
	| {type: 'function_call'; name: string; args: Record<string, unknown>};

export type GeminiReply = {
	parts: GeminiPart[];
	/** Quiet before the first event. */
	delayMs?: number;
	/** Text is streamed in pieces of this many characters, one per `chunkEveryMs`. Default 12 and 40. */
	chunkChars?: number;
	chunkEveryMs?: number;
};

export type GeminiRequest = {
	model: string;
	stream: boolean;
	/** The function tools offered, by name. */
	tools: string[];
	/** The responses to function calls in the last user turn, in order. */
	functionResponses: Array<{name: string; response: unknown}>;
	/** The text the user typed in this conversation, every turn, oldest first (the CLI's context left out). */
	userTexts: string[];
	/** Asks for JSON (responseMimeType application/json): one of the CLI's own side requests. */
	json: boolean;
	body: Record<string, unknown>;
};

export type GeminiScript = (request: GeminiRequest) => GeminiReply;

export type MockGemini = MockApi<GeminiRequest, GeminiReply>;

type Content = {role?: string; parts?: Array<Record<string, unknown>>};

function parseRequest(body: Record<string, unknown>, model: string, stream: boolean): GeminiRequest {
	const contents = Array.isArray(body['contents']) ? (body['contents'] as Content[]) : [];
	const tools = Array.isArray(body['tools'])
		? (body['tools'] as Array<{functionDeclarations?: Array<{name?: unknown}>}>).flatMap(tool => (tool.functionDeclarations ?? []).map(declaration => String(declaration.name ?? '')))
		: [];
	const userParts = contents.filter(content => content.role === 'user').map(content => content.parts ?? []);
	const last = userParts.at(-1) ?? [];
	const config = (body['generationConfig'] ?? {}) as {responseMimeType?: unknown};
	return {
		model,
		stream,
		tools,
		functionResponses: last
			.filter(part => typeof part['functionResponse'] === 'object' && part['functionResponse'] !== null)
			.map(part => {
				const {name, response} = part['functionResponse'] as {name?: unknown; response?: unknown};
				return {name: String(name ?? ''), response};
			}),
		userTexts: userParts
			// The CLI's context (<session_context>, reminders) is a part of its own that opens with a tag.
			.map(parts => parts.map(part => (typeof part['text'] === 'string' && !/^\s*<[\w-]+>/.test(part['text']) ? part['text'] : '')).join(''))
			.filter(text => text.trim() !== ''),
		json: config.responseMimeType === 'application/json',
		body,
	};
}

// One object that is a valid answer to each JSON side request Gemini CLI 0.61 makes.
const sideAnswer = JSON.stringify({
	complexity_reasoning: 'A mock answer.',
	complexity_score: 10,
	reasoning: 'The model answered; the user speaks next.',
	next_speaker: 'user',
});

export async function startMockGemini(script: GeminiScript): Promise<MockGemini> {
	const mock = scripted(script, (message): GeminiReply => ({parts: [{type: 'text', text: message}]}));
	const server = await startMockServer(async (request, response, raw, gone) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const method = /\/models\/([^/:]+):(\w+)$/.exec(url.pathname);
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(raw || '{}') as Record<string, unknown>;
		} catch {
			response.writeHead(400, {'content-type': 'application/json'});
			response.end('{"error":{"code":400,"message":"bad JSON","status":"INVALID_ARGUMENT"}}');
			return;
		}

		if (request.method !== 'POST' || !method || !['streamGenerateContent', 'generateContent', 'countTokens'].includes(method[2]!)) {
			response.writeHead(404, {'content-type': 'application/json'});
			response.end('{"error":{"code":404,"message":"not here","status":"NOT_FOUND"}}');
			return;
		}

		if (method[2] === 'countTokens') {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end('{"totalTokens":100}');
			return;
		}

		const parsed = parseRequest(body, method[1]!, method[2] === 'streamGenerateContent');
		// Its own side requests are answered, not kept: they are not the conversation.
		const reply = parsed.json ? {parts: [{type: 'text' as const, text: sideAnswer}]} : mock.reply(parsed);

		if (reply.delayMs) {
			await delay(reply.delayMs, undefined, {signal: gone});
		}

		await (parsed.stream ? stream(response, parsed, reply, gone) : whole(response, parsed, reply));
	});

	return mock.api(server.origin, server);
}

const wireParts = (parts: GeminiPart[]) => parts.map(part => {
	if (part.type === 'function_call') {
		return {functionCall: {name: part.name, args: part.args}};
	}

	return part.type === 'thought' ? {text: part.text, thought: true} : {text: part.text};
});

const usage = (output: number) => ({promptTokenCount: 100, candidatesTokenCount: output, totalTokenCount: 100 + output});

function chunk(request: GeminiRequest, parts: Array<Record<string, unknown>>, done: boolean, output: number): Record<string, unknown> {
	return {
		candidates: [{content: {role: 'model', parts}, index: 0, ...(done ? {finishReason: 'STOP'} : {})}],
		...(done ? {usageMetadata: usage(output)} : {}),
		modelVersion: request.model,
	};
}

async function whole(response: http.ServerResponse, request: GeminiRequest, reply: GeminiReply): Promise<void> {
	response.writeHead(200, {'content-type': 'application/json'});
	response.end(JSON.stringify(chunk(request, wireParts(reply.parts), true, 20)));
}

async function stream(response: http.ServerResponse, request: GeminiRequest, reply: GeminiReply, signal: AbortSignal): Promise<void> {
	const chunkChars = reply.chunkChars ?? 12;
	const every = reply.chunkEveryMs ?? 40;
	// The pieces, each a chunk's one part; the last chunk carries finishReason and usage, as the real API's does.
	const wire = wireParts(reply.parts);
	const pieces: Array<Record<string, unknown>> = [];
	for (const [index, part] of reply.parts.entries()) {
		if (part.type === 'function_call') {
			pieces.push(wire[index]!);
			continue;
		}

		for (let at = 0; at < part.text.length; at += chunkChars) {
			pieces.push({...wire[index], text: part.text.slice(at, at + chunkChars)});
		}
	}

	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive'});
	for (const [index, piece] of pieces.entries()) {
		if (response.destroyed) {
			throw new Error('closed');
		}

		response.write(`data: ${JSON.stringify(chunk(request, [piece], index === pieces.length - 1, index + 1))}\r\n\r\n`);
		if (index < pieces.length - 1 && !('functionCall' in piece)) {
			await delay(every, undefined, {signal});
		}
	}

	response.end();
}
