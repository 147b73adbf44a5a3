// Gemini CLI (npm @google/gemini-cli, command `gemini`): its screens, how it is launched and resumed.
//
// Screens, as the real 0.61 draws them (test/e2e/agents-gemini-cli.test.ts drives it against a mock API): the input box
// ` >   Type your message or @path/to/file` between `▄`/`▀` rules, `? for shortcuts` at the right above it, drawn all
// the time; working `⠇ Thinking... (esc to cancel, 4s)` above the box; confirmations in a box: `Allow execution of
// [Shell]?` / `Apply this change?` with `● 1. Allow once`, `2. Allow for this session`, `No, suggest changes (esc)`;
// a question (ask_user) `Answer Questions`, `● 1.  Red`, `Enter to select · ↑/↓ to navigate · Esc to cancel`; Esc
// leaves `ℹ Request cancelled.`. Window title (dynamic by default): `◇  Ready (<folder>)`, `✦  <thought or
// Working…> (<folder>)`, `⏲  Working… (<folder>)`, `✋  Action Required (<folder>)`. Older strings from stored public
// copies: `● Yes, allow once`, `Waiting for user confirmation…`, `Do you want to proceed?`.
//
// Conversations. Gemini CLI files each session under its project's temporary directory,
// `<GEMINI_CLI_HOME or HOME>/.gemini/tmp/<project>/chats/session-<time>-<first 8 of id>.jsonl`, from startup on;
// `--session-id UUID` starts one with an id of our choosing, `--resume UUID` (or `latest`) brings one back, but only
// once it has something resumable in it (a message typed or answered). /clear moves to a new session that nothing
// outside the process names (the process holds no file open), so a restore after /clear resumes the one before it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {AgentProfile} from '../state/rules.js';
import type {AgentAdapter, LaunchContext, LaunchPlan, ResumeContext, ResumePlan} from './adapter.js';
import {type OptionSpec, splitArgs} from './args.js';

const profile: AgentProfile = {
	id: 'gemini',
	name: 'Gemini CLI',
	commands: ['gemini'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: 'Type your message or @path/to/file'},
			{line: String.raw`\(esc to cancel, (?:\d+[hms]\s*)+\)`},
			{line: String.raw`No, suggest changes \(esc\)`},
			{region: 'screen', line: String.raw`Gemini CLI v\d+\.\d+\.\d+`},
		],
	},
	rules: [
		{
			id: 'gemini.confirmation',
			state: 'waiting',
			region: {bottom: 30},
			any: [
				{text: 'waiting for user confirmation'},
				{
					text: String.raw`allow execution|apply this change\?|do you want to proceed\?|allow execution of`,
					line: String.raw`^[\s│]*(?:●|❯|>)?\s*(?:\d+\.\s*)?(?:yes, allow|allow once|allow for this session|no, suggest changes)`,
				},
			],
			detail: String.raw`allow execution[^\n?]*\?|apply this change\?|do you want to proceed\?`,
		},
		{
			// A question (ask_user), and what any reworded dialog still is: a numbered menu with a selection marker and a
			// hint to choose or cancel.
			id: 'gemini.menu',
			state: 'waiting',
			region: {bottom: 30},
			line: String.raw`^[\s│]*[●❯›>]\s*\d+\.\s+\S`,
			any: [
				{text: String.raw`enter\s+to\s+(?:select|confirm|submit)`},
				{text: String.raw`esc\s+to\s+(?:cancel|close)`},
				{text: String.raw`\(esc\)`},
				{text: String.raw`(?:↑/↓|↑↓|arrow keys)\s+to\s+navigate`},
			],
			detail: String.raw`^[\s│]*(\S[^\n]*\?)[\s│]*$`,
		},
		{
			id: 'gemini.loading',
			state: 'busy',
			region: {bottom: 12},
			line: String.raw`\(esc to cancel, (?:\d+[hms]\s*)+\)`,
		},
		{
			id: 'gemini.input',
			state: 'idle',
			region: {bottom: 8},
			line: String.raw`^[\s│]*>\s`,
		},
	],
	title: {
		waiting: String.raw`^✋\s+Action Required`,
		busy: String.raw`^[✦⏲]\s`,
		idle: String.raw`^◇\s+Ready`,
	},
	whenUnmatchedChanging: 'keep',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'match',
};

// Gemini CLI's options (yargs): which take a value, which take every following argument (arrays); the first prompt
// (`-i`, or the positional query) and how a conversation was picked are dropped on restore.
const geminiOptions: OptionSpec = {
	value: new Set(['-m', '--model', '-p', '--prompt', '-i', '--prompt-interactive', '--approval-mode', '-r', '--resume', '--session-file', '--session-id', '--delete-session', '-o', '--output-format']),
	variadic: new Set(['--policy', '--admin-policy', '--allowed-mcp-server-names', '--allowed-tools', '-e', '--extensions', '--include-directories']),
	// A worktree of its own each start: a restore goes back where the session ran.
	optionalValue: new Set(['-w', '--worktree']),
	drop: new Set(['-i', '--prompt-interactive', '-r', '--resume', '--session-file', '--session-id', '-w', '--worktree']),
	subcommands: new Set(['mcp', 'extensions', 'extension', 'skills', 'skill', 'hooks', 'hook', 'gemma']),
};
// These run once and exit (or are not the TUI): nothing to launch a conversation in, or to resume.
const oneShot = ['-p', '--prompt', '--acp', '--experimental-acp', '-l', '--list-extensions', '--list-sessions', '--delete-session', '-v', '--version', '-h', '--help'];

export type GeminiArgs = {
	/** The options to keep on restore. */
	kept: string[];
	/** A subcommand, or an option that makes it a one-shot run: started again as it was. */
	notInteractive: boolean;
	/** The conversation `--resume UUID` or `--session-id UUID` named (not `latest` or an index). */
	conversationId: string | undefined;
	/** Whether the arguments chose a conversation (`--resume`, `--session-id`, `--session-file`). */
	choosesConversation: boolean;
};

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

export function parseGeminiArgs(args: readonly string[]): GeminiArgs {
	const {kept, subcommand, seen} = splitArgs(args, geminiOptions);
	const named = [...seen.get('--resume') ?? [], ...seen.get('-r') ?? [], ...seen.get('--session-id') ?? []].find(value => uuid.test(value));
	return {
		kept,
		notInteractive: subcommand !== undefined || oneShot.some(option => seen.has(option)),
		conversationId: named,
		choosesConversation: ['-r', '--resume', '--session-id', '--session-file'].some(option => seen.has(option)),
	};
}

/** A new conversation gets an id of our choosing, so that a restore resumes exactly it. */
function launch(args: readonly string[], context: LaunchContext): LaunchPlan {
	const parsed = parseGeminiArgs(args);
	if (parsed.notInteractive || parsed.choosesConversation) {
		return {args: [...args], launchArgs: [...args], ...(parsed.conversationId === undefined ? {} : {conversationId: parsed.conversationId})};
	}

	const conversationId = context.randomUUID();
	const planned = ['--session-id', conversationId, ...args];
	return {args: planned, launchArgs: planned, conversationId};
}

/** Where Gemini CLI keeps its sessions: `<GEMINI_CLI_HOME, default the home>/.gemini/tmp`. */
function temporaryRoot(env: NodeJS.ProcessEnv): string {
	return path.join(env['GEMINI_CLI_HOME'] || env['HOME'] || os.homedir(), '.gemini', 'tmp');
}

// A message Gemini CLI resumes from: one typed (not its own `<session_context>`) or one the model answered.
function resumable(record: unknown): boolean {
	const {type, content} = (record ?? {}) as {type?: unknown; content?: unknown};
	const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
	return (type === 'gemini' && text.replaceAll(/["\s]/g, '') !== '') || (type === 'user' && !text.includes('<session_context>'));
}

/** Whether the session's file holds something `--resume` accepts; yes when Gemini's directory cannot be read at all. */
function conversationWritten(id: string, env: NodeJS.ProcessEnv): boolean {
	const root = temporaryRoot(env);
	let projects: string[];
	try {
		projects = fs.readdirSync(root);
	} catch {
		return !fs.existsSync(path.dirname(root));
	}

	for (const project of projects) {
		const chats = path.join(root, project, 'chats');
		let files: string[];
		try {
			files = fs.readdirSync(chats).filter(file => file.startsWith('session-') && file.includes(id.slice(0, 8)));
		} catch {
			continue;
		}

		for (const file of files) {
			let lines: string[];
			try {
				lines = fs.readFileSync(path.join(chats, file), 'utf8').split('\n');
			} catch {
				continue;
			}

			const records = lines.flatMap(line => {
				try {
					const value = JSON.parse(line) as {sessionId?: unknown; $set?: {messages?: unknown[]}};
					return [value, ...(Array.isArray(value.$set?.messages) ? value.$set.messages : [])];
				} catch {
					return [];
				}
			});
			if ((records[0] as {sessionId?: unknown} | undefined)?.sessionId === id && records.some(record => resumable(record))) {
				return true;
			}
		}
	}

	return false;
}

function resume(args: readonly string[], context: ResumeContext): ResumePlan | undefined {
	const parsed = parseGeminiArgs(args);
	if (parsed.notInteractive) {
		return undefined;
	}

	const conversationId = context.conversationId ?? parsed.conversationId;
	if (!conversationId) {
		return {args: ['--resume', 'latest', ...parsed.kept], mode: 'continue'};
	}

	const exists = context.conversationExists ?? ((id: string) => conversationWritten(id, context.env));
	if (exists(conversationId)) {
		return {args: ['--resume', conversationId, ...parsed.kept], mode: 'resume', conversationId};
	}

	// Nothing resumable was said: the same id, new (Gemini CLI refuses to resume a session with only its context).
	return {args: ['--session-id', conversationId, ...parsed.kept], mode: 'new-conversation', conversationId};
}

export const geminiCli: AgentAdapter = {
	id: 'gemini',
	name: 'Gemini CLI',
	profile,
	packages: ['@google/gemini-cli'],
	launch,
	resume,
	// Sessions are filed by project: the directory it was started in.
	restoresWhereStarted: true,
};
