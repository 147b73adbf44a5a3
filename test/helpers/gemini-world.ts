// A world for the real Gemini CLI: the pinned npm package, one mock of the Gemini API for every session, a real
// daemon in a private sandbox whose sessions reach the mock, and Gemini CLI started in each launch mode claude-tui
// meets it in. The mock model answers by a keyword in what was typed last, as claudeScript does.
import path from 'node:path';
import type {Truth} from './agent-scenarios.js';
import {type AgentSession, type AgentSetup, AgentWorld} from './agent-world.js';
import {type GeminiReply, type GeminiRequest, type MockGemini, startMockGemini} from './mock-gemini.js';
import {type GeminiInstall, geminiEnvironment, realGemini} from './real-agents.js';

/**
- `command`: the session's command is `gemini`: claude-tui gives it a session id.
- `shell`: a shell session, `gemini` typed at its prompt.
- `other-name`: a script under a name no rule knows (`assistant`) runs it.
*/
export const geminiModes = ['command', 'shell', 'other-name'] as const;
export type GeminiMode = (typeof geminiModes)[number];
export type GeminiSession = AgentSession<GeminiMode>;

/** A model that takes a moment before it answers, as a real one does (Gemini CLI shows its spinner meanwhile). */
export const geminiScript = (request: GeminiRequest): GeminiReply => ({delayMs: 300, ...geminiReply(request)});

function geminiReply(request: GeminiRequest): GeminiReply {
	if (request.functionResponses.length > 0) {
		return {parts: [{type: 'text', text: `Done: ${JSON.stringify(request.functionResponses[0]!.response).replaceAll(/\s+/g, ' ').slice(0, 40)}`}]};
	}

	const typed = request.userTexts.at(-1) ?? '';
	const word = /^\s*(\w+)/.exec(typed)?.[1] ?? '';
	switch (word) {
		case 'silence': {
			return {delayMs: 8000, parts: [{type: 'text', text: 'After eight seconds of silence, the answer.'}]};
		}

		case 'bash': {
			return {parts: [{type: 'text', text: 'Creating the file.'}, {type: 'function_call', name: 'run_shell_command', args: {command: 'touch made-by-gemini.txt', description: 'Create a file'}}]};
		}

		case 'write': {
			const file = /write\s+(\S+)/.exec(typed)?.[1] ?? 'written.txt';
			return {parts: [{type: 'function_call', name: 'write_file', args: {file_path: file, content: 'written by the mock model\n'}}]};
		}

		case 'ask': {
			return {
				parts: [{
					type: 'function_call',
					name: 'ask_user',
					args: {questions: [{question: 'Which colour should the button be?', header: 'Colour', type: 'choice', options: [{label: 'Red', description: 'A red button'}, {label: 'Blue', description: 'A blue button'}]}]},
				}],
			};
		}

		case 'prose': {
			return {parts: [{type: 'text', text: 'I can do this two ways. Which one do you want: the quick fix or the full rewrite?'}]};
		}

		case 'long': {
			return {delayMs: 120_000, parts: [{type: 'text', text: 'This answer never comes.'}]};
		}

		case 'think': {
			return {parts: [{type: 'thought', text: '**Weighing options** one by one. '.repeat(4)}, {type: 'text', text: 'Thought it through.'}]};
		}

		default: {
			return {parts: [{type: 'text', text: `Plain answer to "${typed.slice(0, 40)}". `.repeat(2)}]};
		}
	}
}

/** What Gemini CLI 0.61's screen shows, in words a person would use (test-side only, exact for the pinned version). */
export function geminiScreenTruth(text: string): Truth | undefined {
	if (/Allow execution of|Apply this change\?|Answer Questions|Enter to select · ↑\/↓ to navigate/.test(text)) {
		return 'waiting';
	}

	if (/\(esc to cancel, (?:\d+[hms] ?)+\)/.test(text)) {
		return 'busy';
	}

	if (/Type your message or @path\/to\/file/.test(text)) {
		// A prompt sent with nothing from the model below it yet is being worked on, even where the answer came too
		// fast for the loading line to be drawn.
		return promptPending(text.split('\n')) ? 'busy' : 'idle';
	}

	return undefined;
}

function promptPending(rows: string[]): boolean {
	// ` > …` rows: the prompts sent, and last the input box.
	const prompts = rows.flatMap((row, index) => (/^ > /.test(row) ? [index] : []));
	const sent = prompts.at(-2);
	return sent !== undefined && !rows.slice(sent + 1, prompts.at(-1)).some(row => /^[✦ℹ✕] |^╭/.test(row));
}

export class GeminiWorld extends AgentWorld<GeminiMode, MockGemini> {
	private constructor(sandbox: GeminiWorld['sandbox'], mock: MockGemini, readonly gemini: GeminiInstall) {
		const setup: AgentSetup<GeminiMode> = {
			name: 'Gemini CLI',
			id: 'gemini',
			command: mode => (mode === 'command' ? {command: 'gemini', args: []} : mode === 'shell' ? {command: 'bash', args: ['--norc', '-i'], typed: 'gemini'} : {command: gemini.otherName, args: []}),
			truth: geminiScreenTruth,
			ready: text => /Gemini CLI v\d/.test(text),
			// Gemini CLI writes only inside its workspace, and asks before it does.
			driver: (_world, _mode, work) => ({writeTarget: path.join(work, 'written-by-the-model.txt')}),
		};
		super(sandbox, mock, geminiModes, setup);
	}

	static async start(): Promise<GeminiWorld> {
		const gemini = await realGemini();
		const mock = await startMockGemini(geminiScript);
		const sandbox = AgentWorld.sandboxFor(geminiModes, (sandbox, projects) => ({
			...geminiEnvironment(sandbox.directory, {apiUrl: mock.url, projects}),
			PATH: [gemini.binDirectory, gemini.otherNameDirectory, sandbox.env['PATH']].join(path.delimiter),
			// Gemini CLI runs headless (no input box, "No input provided via stdin") where CI or GITHUB_ACTIONS is
			// "true", as on the machine that runs the tests: its sessions are a person's, not a CI job's.
			CI: undefined,
			GITHUB_ACTIONS: undefined,
		}));
		return new GeminiWorld(sandbox, mock, gemini);
	}
}
