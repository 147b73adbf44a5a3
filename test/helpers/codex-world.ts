// A world for the real Codex CLI: the pinned npm package, one mock of the OpenAI Responses API for every session, a
// real daemon in a private sandbox whose sessions reach the mock, and Codex started in each launch mode claude-tui
// meets it in. The mock model answers by a keyword in what was typed last, as claudeScript does.
import fs from 'node:fs';
import path from 'node:path';
import type {AgentDriver, Truth} from './agent-scenarios.js';
import {type AgentSession, type AgentSetup, AgentWorld} from './agent-world.js';
import {type MockOpenAI, type ResponsesReply, type ResponsesRequest, startMockOpenAI} from './mock-openai.js';
import {type CodexInstall, codexEnvironment, realCodex} from './real-agents.js';

/**
- `command`: the session's command is `codex` (the npm package's script, which runs the native binary as its child).
- `shell`: a shell session, `codex` typed at its prompt.
- `other-name`: the session runs the native binary under a name no rule knows (`assistant`).
*/
export const codexModes = ['command', 'shell', 'other-name'] as const;
export type CodexMode = (typeof codexModes)[number];
export type CodexSession = AgentSession<CodexMode>;

export const codexScript = (request: ResponsesRequest): ResponsesReply => {
	if (request.source !== 'user') {
		// A side request (the thread's title): nothing a scenario looks at.
		return {items: [{type: 'text', text: 'Side answer'}]};
	}

	if (request.toolOutputs.length > 0) {
		return {items: [{type: 'text', text: `Done: ${request.toolOutputs[0]!.output.replaceAll(/\s+/g, ' ').slice(0, 40)}`}]};
	}

	const typed = request.userTexts.at(-1) ?? '';
	const word = /^\s*(\w+)/.exec(typed)?.[1] ?? '';
	switch (word) {
		case 'silence': {
			return {holdMs: 8000, items: [{type: 'text', text: 'After eight seconds of silence, the answer.'}]};
		}

		case 'bash': {
			// Outside the sandbox, so Codex asks (on-request approvals).
			return {
				items: [
					{type: 'text', text: 'Creating the file.'},
					{type: 'function_call', name: 'exec_command', arguments: {cmd: 'touch made-by-codex.txt', sandbox_permissions: 'require_escalated', justification: 'Create made-by-codex.txt?'}},
				],
			};
		}

		case 'write': {
			const file = /write\s+(\S+)/.exec(typed)?.[1] ?? '/tmp/claude-tui-mock-write.txt';
			return {items: [{type: 'custom_tool_call', name: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${file}\n+written by the mock model\n*** End Patch\n`}]};
		}

		case 'ask': {
			// Codex offers request_user_input in Plan mode only.
			return {
				items: [{
					type: 'function_call',
					name: 'request_user_input',
					arguments: {questions: [{id: 'colour', header: 'Colour', question: 'Which colour should the button be?', options: [{label: 'Red (Recommended)', description: 'A red button'}, {label: 'Blue', description: 'A blue button'}]}]},
				}],
			};
		}

		case 'prose': {
			return {items: [{type: 'text', text: 'I can do this two ways. Which one do you want: the quick fix or the full rewrite?'}]};
		}

		case 'long': {
			return {holdMs: 120_000, items: [{type: 'text', text: 'This answer never comes.'}]};
		}

		case 'think': {
			return {items: [{type: 'reasoning', summary: '**Weighing options** one by one. '.repeat(4)}, {type: 'text', text: 'Thought it through.'}]};
		}

		default: {
			return {items: [{type: 'text', text: `Plain answer to "${typed.slice(0, 40)}". `.repeat(2)}]};
		}
	}
};

/** What Codex 0.169's screen shows, in words a person would use (test-side only, exact for the pinned version). */
export function codexScreenTruth(text: string): Truth | undefined {
	if (/Would you like to (?:run the following command|make the following edits|grant these permissions)\?|enter to submit answer/.test(text)) {
		return 'waiting';
	}

	if (/\((?:\d+[hms] )*\d+s • esc to interrupt\)/.test(text)) {
		return 'busy';
	}

	if (/· \? for shortcuts/.test(text)) {
		// A prompt sent with no end to its turn below it yet (`Worked for 2s`, `■ Conversation interrupted`) is being
		// worked on, even where the answer came too fast for a Working line to be drawn.
		return promptPending(text.split('\n')) ? 'busy' : 'idle';
	}

	return undefined;
}

function promptPending(rows: string[]): boolean {
	// `› …` rows: the prompts sent, and last the composer; `› 1. …` is a menu's option, and `› WARNING: …` a notice
	// Codex prints on its own (seen after a resume: the PATH aliases it could not make under the sandbox's /tmp).
	const prompts = rows.flatMap((row, index) => (/^› (?!\d+\. |WARNING: )/.test(row) ? [index] : []));
	const sent = prompts.at(-2);
	return sent !== undefined && !rows.slice(sent + 1, prompts.at(-1)).some(row => /^\s*Worked for |^■ /.test(row));
}

const planMode = /Plan mode \(shift\+tab to cycle\)/;

/** Shift+Tab, until the footer shows Plan mode (`into`) or no longer does. */
async function togglePlanMode(driver: AgentDriver, into: boolean): Promise<void> {
	await driver.input('\u001B[Z');
	await driver.until(into ? 'Plan mode' : 'the default mode', () => planMode.test(driver.watch.text()) === into, 10_000);
}

export class CodexWorld extends AgentWorld<CodexMode, MockOpenAI> {
	private constructor(sandbox: CodexWorld['sandbox'], mock: MockOpenAI, readonly codex: CodexInstall) {
		const setup: AgentSetup<CodexMode> = {
			name: 'Codex CLI',
			id: 'codex',
			command: mode => (mode === 'command' ? {command: 'codex', args: []} : mode === 'shell' ? {command: 'bash', args: ['--norc', '-i'], typed: 'codex'} : {command: codex.otherName, args: []}),
			truth: codexScreenTruth,
			ready: text => /OpenAI Codex \(v/.test(text),
			driver: (world, mode) => ({
				// Outside the workspace (and /tmp is not writable in the sandbox), so Codex asks.
				writeTarget: path.join(world.directory, 'outside', `${mode}.txt`),
				around: {ask: {before: async driver => togglePlanMode(driver, true), after: async driver => togglePlanMode(driver, false)}},
			}),
		};
		super(sandbox, mock, codexModes, setup);
	}

	static async start(): Promise<CodexWorld> {
		const codex = await realCodex();
		const mock = await startMockOpenAI(codexScript);
		const sandbox = AgentWorld.sandboxFor(codexModes, (sandbox, projects) => {
			fs.mkdirSync(path.join(sandbox.directory, 'outside'), {recursive: true});
			return {
				...codexEnvironment(sandbox.directory, {apiUrl: mock.url, projects}),
				PATH: [codex.binDirectory, codex.otherNameDirectory, sandbox.env['PATH']].join(path.delimiter),
			};
		});
		return new CodexWorld(sandbox, mock, codex);
	}
}
