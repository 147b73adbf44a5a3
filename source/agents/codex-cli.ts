// Codex CLI (npm @openai/codex, command `codex`): its screens, and how it resumes a conversation.
//
// Screens, as the real 0.169 draws them (test/e2e/agents-codex-cli.test.ts drives it against a mock API): an inline
// viewport, not the alternate screen; the composer `› Ask Codex to do anything` (or what is being typed) above the
// footer `GPT-5.5 default · <dir>` / `← for agents · ? for shortcuts`, drawn all the time, also while it works;
// working `• Working (12s • esc to interrupt)` above the composer; approvals `Would you like to run the following
// command?` / `… make the following edits?` with `› 1. Yes, proceed (y)` … `3. No, and tell Codex what to do
// differently (esc)` and `Press enter to confirm or esc to cancel`; a question (request_user_input, Plan mode)
// `Question 1/1 (1 unanswered)`, `› 1. Red (Recommended)`, `tab to add notes | enter to submit answer | esc to
// interrupt`; an interrupt `■ Conversation interrupted - use /feedback if something went wrong`. Window title
// (default items: activity and project name): a braille spinner and the project while working, `[ ! ] Action
// Required | <project>` (blinking with `[ . ]`) while it waits for you, the project alone when idle. Its own status
// (OSC 7501, sent unasked; read in state/program-status.ts): `working` from the Enter, `blocked` with
// `kind=permission` or `question` as it asks (up to 0.7 s before the dialog is drawn), `done` at a turn's end, `idle`.
//
// Older strings kept from stored public copies: the TypeScript Codex's `Allow command?` with `▌ Yes`/`No`, the folder
// trust question `Do you trust the contents of this directory?`.
//
// Conversations. Codex keeps each thread in `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`, written from
// the first prompt on, and holds `$CODEX_HOME/thread-writer-locks/<id>.lock` open for every thread it has loaded (a
// new one from startup, another after /new or /clear, the old one stays open). Ids are UUIDv7, so the newest held
// lock is the thread on screen. `codex resume <id>` brings one back (with its history on screen); `codex resume
// --last` the most recent in this directory. Codex cannot be told an id for a new thread, so nothing is added at
// launch. Hooks (0.169 has Claude-like ones, an Interrupt event too) are not used: Codex runs a hook only once the
// user has trusted its exact definition in /hooks, or under --dangerously-bypass-hook-trust, which would run every
// other untrusted hook as well.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {AgentProfile} from '../state/rules.js';
import type {AgentAdapter, AgentProcess, ResumeContext, ResumePlan} from './adapter.js';
import {type OptionSpec, splitArgs} from './args.js';
import {processOpenFiles, processTree} from './process.js';

const spinnerTitle = String.raw`[\u2800-\u28FF]`;

const profile: AgentProfile = {
	id: 'codex',
	name: 'Codex CLI',
	commands: ['codex'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: String.raw`\((?:\d+[hms]\s*)*\d+s\s*•\s*esc to interrupt\)`},
			{line: String.raw`Ask Codex to do anything`},
			{line: String.raw`←\s+for agents\s+·\s+\?\s+for shortcuts`},
			{line: String.raw`tell Codex what to do differently`},
			{line: String.raw`>_ OpenAI Codex`},
		],
	},
	rules: [
		{
			id: 'codex.approval',
			state: 'waiting',
			region: {bottom: 30},
			any: [
				{text: String.raw`press enter to confirm or esc to cancel`},
				{text: String.raw`enter to submit (?:answer|all)`},
				{text: String.raw`allow command\?`},
				{text: String.raw`would you like to (?:run the following command|make the following edits|grant these permissions)\?`},
				{text: String.raw`do\s+you\s+trust\s+the\s+contents\s+of\s+this\s+directory\?`},
			],
			detail: String.raw`would you like to [^\n?]*\?|allow command\?|do you trust[^\n?]*\?|^\s*(\S[^\n]*\?)\s*$`,
		},
		{
			// What any reworded dialog still is: a numbered menu with a selection marker, and a hint to choose or cancel
			// (the model migration prompt's `enter/esc confirm`, `(esc)` on an option, `esc to cancel`).
			id: 'codex.menu',
			state: 'waiting',
			region: {bottom: 30},
			line: String.raw`^\s*[›❯▌>]\s*\d+\.\s+\S`,
			any: [
				{text: String.raw`esc\s+to\s+(?:cancel|go back|close)`},
				{text: String.raw`\(esc\)`},
				{text: String.raw`enter(?:/esc)?\s+to\s+(?:confirm|select|submit|continue)|enter/esc\s+confirm`},
				{text: String.raw`(?:↑/↓|↑↓|arrow keys)\s+to\s+(?:navigate|move|select)`},
			],
			detail: String.raw`^\s*(\S[^\n]*\?)\s*$`,
		},
		{
			id: 'codex.working',
			state: 'busy',
			region: {bottom: 12},
			line: String.raw`(?:esc|ctrl\+c) to interrupt`,
			detail: String.raw`\S[^\n]*?(?=\s*\((?:\d+[hms]\s*)*\d+s\s*•)`,
		},
		{
			id: 'codex.composer',
			state: 'idle',
			region: {bottom: 6},
			any: [{line: String.raw`^\s*[›▌](?:\s|$)`}, {line: 'Ask Codex to do anything'}],
			not: [{line: String.raw`^\s*[›▌]\s*\d+\.\s`}],
		},
	],
	title: {
		waiting: 'Action Required',
		busy: String.raw`^${spinnerTitle}(?:\s|$)`,
		// The project name alone: the spinner (the activity item) shows only while a turn runs.
		idle: String.raw`^(?!${spinnerTitle}(?:\s|$))\S`,
	},
	whenUnmatchedChanging: 'keep',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'match',
};

// Codex's options that take a value (clap: `--flag value` or `--flag=value`); `-i/--image` takes every following
// argument up to the next option and belongs to the first prompt, dropped on resume as the prompt is, and so are
// `resume`'s `--last`, `--all` (how the conversation was picked, which a restore picks itself).
const codexOptions: OptionSpec = {
	value: new Set(['-c', '--config', '--enable', '--disable', '--remote', '--remote-auth-token-env', '-m', '--model', '--local-provider', '-p', '--profile', '-s', '--sandbox', '-C', '--cd', '--add-dir', '-a', '--ask-for-approval']),
	variadic: new Set(['-i', '--image']),
	drop: new Set(['-i', '--image', '--last', '--all', '--include-non-interactive']),
	subcommands: new Set([
		'agents', 'exec', 'e', 'review', 'login', 'logout', 'mcp', 'mcp-server', 'plugin', 'app-server', 'remote-control', 'completion', 'update', 'doctor',
		'sandbox', 'debug', 'apply', 'a', 'resume', 'queue', 'archive', 'delete', 'migrate-rollouts', 'migrate-nfs-db', 'unarchive', 'fork', 'cloud',
		'exec-server', 'features', 'help',
	]),
};
// Subcommands that open a conversation in the TUI; any other (exec, login, mcp, …) is rerun as it was.
const conversationSubcommands = new Set(['resume', 'fork']);

export type CodexArgs = {
	/** The subcommand (`resume`, `exec`, …), when the first positional argument names one. */
	subcommand: string | undefined;
	/** Options to keep on restore (model, sandbox, approvals, config overrides, …). */
	kept: string[];
	/** The conversation `codex resume <id>` or `codex fork <id>` named. */
	conversationId: string | undefined;
};

/** Splits Codex's arguments into what to keep on restore and what named the conversation. */
export function parseCodexArgs(args: readonly string[]): CodexArgs {
	const {subcommand, kept, positionals} = splitArgs(args, codexOptions);
	// `codex resume [SESSION_ID] [PROMPT]`; without a subcommand the one positional is the first prompt.
	const conversationId = subcommand !== undefined && conversationSubcommands.has(subcommand) ? positionals[0] : undefined;
	return {subcommand, kept, conversationId};
}

/** Where Codex keeps its configuration and conversations: $CODEX_HOME, default ~/.codex. */
export function codexHome(env: NodeJS.ProcessEnv): string {
	return env['CODEX_HOME'] || path.join(env['HOME'] || os.homedir(), '.codex');
}

/** The days a UUIDv7 thread id's rollout may be filed under (its creation time, a day either side for time zones). */
function rolloutDays(id: string): string[] {
	const hex = id.replaceAll('-', '').slice(0, 12);
	const created = /^[\da-f]{12}$/i.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
	if (!Number.isFinite(created)) {
		return [];
	}

	return [-1, 0, 1].map(offset => {
		const day = new Date(created + offset * 86_400_000);
		return path.join(String(day.getFullYear()), String(day.getMonth() + 1).padStart(2, '0'), String(day.getDate()).padStart(2, '0'));
	});
}

/** The rollout file of a thread, or undefined; `null` when the sessions directory cannot be read at all. */
function rolloutOf(id: string, env: NodeJS.ProcessEnv): string | undefined | null {
	const sessions = path.join(codexHome(env), 'sessions');
	const inDay = (day: string) => {
		try {
			const name = fs.readdirSync(path.join(sessions, day)).find(file => file.startsWith('rollout-') && file.endsWith(`-${id}.jsonl`));
			return name === undefined ? undefined : path.join(sessions, day, name);
		} catch {
			return undefined;
		}
	};

	for (const day of rolloutDays(id)) {
		const found = inDay(day);
		if (found) {
			return found;
		}
	}

	// Not under the day its id says (a clock set differently): every day there is.
	let years: string[];
	try {
		years = fs.readdirSync(sessions);
	} catch {
		return fs.existsSync(codexHome(env)) ? undefined : null;
	}

	for (const year of years) {
		for (const month of safeList(path.join(sessions, year))) {
			for (const day of safeList(path.join(sessions, year, month))) {
				const found = inDay(path.join(year, month, day));
				if (found) {
					return found;
				}
			}
		}
	}

	return undefined;
}

function safeList(directory: string): string[] {
	try {
		return fs.readdirSync(directory);
	} catch {
		return [];
	}
}

/** Whether Codex wrote the thread (it does from the first prompt on); yes when its home cannot be read at all. */
function conversationWritten(id: string, env: NodeJS.ProcessEnv): boolean {
	return rolloutOf(id, env) !== undefined;
}

/** A subagent's thread (its rollout's session_meta names a subagent source) is not the conversation on screen. */
function isSubagentThread(id: string, env: NodeJS.ProcessEnv): boolean {
	const rollout = rolloutOf(id, env);
	if (!rollout) {
		return false;
	}

	try {
		const handle = fs.openSync(rollout, 'r');
		try {
			const head = Buffer.alloc(16_384);
			const length = fs.readSync(handle, head, 0, head.length, 0);
			return /"source"\s*:\s*\{\s*"subagent"/.test(head.subarray(0, length).toString('utf8'));
		} finally {
			fs.closeSync(handle);
		}
	} catch {
		return false;
	}
}

const heldLock = /\/thread-writer-locks\/([\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})\.lock$/i;

/**
The thread a running Codex is on: the newest of the thread locks it holds open (the npm package's `codex` is a node
script whose child is the native binary, so the process's descendants are looked at too), leaving out subagents'.
*/
function currentConversation(process: AgentProcess): string | undefined {
	const held = new Set(processTree(process.pid).flatMap(pid => processOpenFiles(pid)).map(file => heldLock.exec(file)?.[1]?.toLowerCase()).filter(id => id !== undefined));
	const newestFirst = [...held].sort().reverse();
	return newestFirst.length <= 1 ? newestFirst[0] : newestFirst.find(id => !isSubagentThread(id, process.env));
}

/** Keep the options (model, sandbox, approvals, overrides), drop the first prompt and how the conversation was picked. */
function resume(args: readonly string[], context: ResumeContext): ResumePlan | undefined {
	const parsed = parseCodexArgs(args);
	if (parsed.subcommand !== undefined && !conversationSubcommands.has(parsed.subcommand)) {
		return undefined;
	}

	const conversationId = context.conversationId ?? parsed.conversationId;
	if (!conversationId) {
		return {args: ['resume', '--last', ...parsed.kept], mode: 'continue'};
	}

	const exists = context.conversationExists ?? ((id: string) => conversationWritten(id, context.env));
	if (exists(conversationId)) {
		return {args: ['resume', ...parsed.kept, conversationId], mode: 'resume', conversationId};
	}

	// Nothing was said in it, so Codex never wrote it (and takes no id for a new one): a new conversation.
	return {args: parsed.kept, mode: 'new-conversation'};
}

export const codexCli: AgentAdapter = {
	id: 'codex',
	name: 'Codex CLI',
	profile,
	packages: ['@openai/codex'],
	resume,
	// `codex resume --last` picks the most recent conversation of the directory it runs in.
	restoresWhereStarted: true,
	currentConversation,
};
