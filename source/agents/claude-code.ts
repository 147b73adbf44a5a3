// Claude Code (the npm package @anthropic-ai/claude-code, command `claude`): everything claude-tui knows about it.
//
// Hooks. Claude Code reads extra settings from `claude --settings <file-or-json>`; hook arrays from every settings
// source are concatenated, so these hooks run beside the user's own and the user's settings files are never
// touched. Shape, per the hooks reference (https://code.claude.com/docs/en/hooks):
//   {"hooks": {"<Event>": [{"matcher": "<regex>", "hooks": [{"type": "command", "command": "…", "timeout": <s>}]}]}}
// Events used: UserPromptSubmit (the user sent a prompt), PermissionRequest (a permission dialog opens, ~60 ms after
// PreToolUse: waiting at once, where the permission_prompt Notification comes 6 s later; the hook decides nothing,
// so the dialog shows as usual), Notification ("Claude needs your permission…", or after
// 60 s at the prompt "Claude is waiting for your input"; `notification_type` permission_prompt / idle_prompt),
// Stop (the turn ended), PreCompact, SessionStart (startup / resume / clear / compact; its session_id is the
// conversation from now on: /clear and compaction move to a new one). Not used: PreToolUse / PostToolUse (a
// synchronous hook is a process start, ~0.1 s, on every tool call, for nothing the screen does not show),
// SessionEnd (also fires for /clear; the real end is the PTY's exit), SubagentStop (does not end the turn).
// Nothing fires on Esc.
//
// Each hook runs `<report command> <state> --event <Event>`, which reads CLAUDE_TUI_SESSION and CLAUDE_TUI_SOCKET
// from its environment (set by the daemon, inherited by hooks) and the payload from stdin. A hook must never block
// Claude or veto a tool (exit code 2 blocks PreToolUse), so its output is discarded and failure ignored.
import type {ReportedState} from '../state/detector.js';
import type {AgentAdapter, AgentProcess, HookMeaning, LaunchContext, LaunchPlan, ResumeContext, ResumePlan} from './adapter.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {AgentProfile} from '../state/rules.js';

export type HookEvent = 'UserPromptSubmit' | 'PreToolUse' | 'PermissionRequest' | 'PostToolUse' | 'Notification' | 'Stop' | 'PreCompact' | 'SessionStart';

/** Which state each hook reports, and its matcher where the event takes one. */
export const hookStates: ReadonlyArray<{event: HookEvent; state: ReportedState; matcher?: string}> = [
	{event: 'UserPromptSubmit', state: 'busy'},
	{event: 'PreCompact', state: 'busy'},
	{event: 'PermissionRequest', state: 'waiting'},
	// Refined from the payload: idle_prompt ("waiting for your input") means idle, not waiting.
	{event: 'Notification', state: 'waiting'},
	{event: 'Stop', state: 'idle'},
	// Compaction too, for its new session_id: it reports no state (the turn goes on).
	{event: 'SessionStart', state: 'idle', matcher: 'startup|resume|clear|compact'},
];

export type ClaudeHookCommand = {type: 'command'; command: string; timeout?: number};

export type ClaudeHookSettings = {
	hooks: Partial<Record<HookEvent, Array<{matcher?: string; hooks: ClaudeHookCommand[]}>>>;
};

export type HookSettingsOptions = {
	/**
	How to run claude-tui from a hook's shell (`/bin/sh -c`), already a command line: default `claude-tui`.
	Pass an absolute invocation (e.g. shellQuote([process.execPath, cliPath])) when claude-tui may not be on PATH.
	*/
	claudeTui?: string;
	/** The command line that reports, the state and `--event` follow it: default `<claudeTui> report`. */
	reportCommand?: string;
	/** Seconds before Claude Code cancels a hook command. Default 5. */
	timeoutSeconds?: number;
};

/** The `--settings` object: hooks only, nothing else of the user's configuration is overridden. */
export function claudeHookSettings(options: HookSettingsOptions = {}): ClaudeHookSettings {
	const reportCommand = options.reportCommand ?? `${options.claudeTui ?? 'claude-tui'} report`;
	const timeout = options.timeoutSeconds ?? 5;
	const settings: ClaudeHookSettings = {hooks: {}};
	for (const {event, state, matcher} of hookStates) {
		const command = `${reportCommand} ${state} --event ${event} >/dev/null 2>&1 || true`;
		const entry: {matcher?: string; hooks: ClaudeHookCommand[]} = {hooks: [{type: 'command', command, timeout}]};
		if (matcher !== undefined) {
			entry.matcher = matcher;
		}

		(settings.hooks[event] ??= []).push(entry);
	}

	return settings;
}

/** Arguments to add to a `claude` command line: `['--settings', '<json>']`. */
export function claudeHookArgs(options: HookSettingsOptions = {}): string[] {
	return ['--settings', JSON.stringify(claudeHookSettings(options))];
}

/**
What a hook's JSON payload says: the state, refined where the payload knows better than the event name, a short
detail, and the conversation (session_id) Claude Code is on. Undefined when the payload is not a hook payload and
there is no fallback.
*/
export function interpretHookPayload(payload: unknown, fallback?: ReportedState): HookMeaning | undefined {
	if (typeof payload !== 'object' || payload === null) {
		return fallback === undefined ? undefined : {state: fallback, detail: 'hook'};
	}

	const record = payload as Record<string, unknown>;
	const event = typeof record['hook_event_name'] === 'string' ? record['hook_event_name'] : undefined;
	// Every payload names the conversation; after /clear or a compaction it is a new one.
	const conversation = typeof record['session_id'] === 'string' && record['session_id'] !== '' ? {conversationId: record['session_id']} : {};
	const entry = hookStates.find(candidate => candidate.event === event);
	let state = entry?.state ?? fallback;
	let detail = event ?? 'hook';
	if (event === 'Notification') {
		const type = typeof record['notification_type'] === 'string' ? record['notification_type'] : '';
		const message = typeof record['message'] === 'string' ? record['message'] : '';
		state = type === 'idle_prompt' || /waiting for your input/i.test(message) ? 'idle' : 'waiting';
		detail = message || type || event;
	} else if (event === 'SessionStart' && record['source'] === 'compact') {
		// Compaction happens inside a turn, which goes on afterwards: only the conversation changes.
		return 'conversationId' in conversation ? {detail: 'SessionStart compact', ...conversation} : undefined;
	} else if ((event === 'PreToolUse' || event === 'PermissionRequest' || event === 'PostToolUse') && typeof record['tool_name'] === 'string') {
		detail = `${event} ${record['tool_name']}`;
	}

	return state === undefined ? undefined : {state, detail: detail.slice(0, 200), ...conversation};
}

// Claude Code's options that take a value (commander: `--flag value` or `--flag=value`); variadic ones take every
// following argument up to the next option, as commander parses them.
const valueOptions = new Set([
	'--model',
	'--fallback-model',
	'--permission-mode',
	'--append-system-prompt',
	'--append-system-prompt-file',
	'--system-prompt',
	'--system-prompt-file',
	'--settings',
	'--setting-sources',
	'--agent',
	'--agents',
	'--output-format',
	'--input-format',
	'--max-turns',
	'--max-budget-usd',
	'--permission-prompt-tool',
	'--json-schema',
	'--effort',
	'--plugin-dir',
	'--advisor',
]);
const variadicOptions = new Set([
	'--add-dir',
	'--allowedTools',
	'--allowed-tools',
	'--disallowedTools',
	'--disallowed-tools',
	'--tools',
	'--mcp-config',
	'--betas',
]);
// Options that choose or start a conversation, dropped on restore (the restore picks the conversation itself).
const conversationOptions = new Set(['-c', '--continue', '--fork-session', '-p', '--print', '--teleport']);
const conversationValueOptions = new Set(['--session-id', '--from-pr']);
const optionalValueOptions = new Set(['-r', '--resume', '--debug', '-d', '--remote']);
// A first argument naming one of these is not a conversation: rerun as it was.
const claudeSubcommands = new Set(['mcp', 'config', 'update', 'doctor', 'install', 'migrate-installer', 'setup-token', 'plugin']);

export type ClaudeArgs = {
	/** Options to keep on restore (model, permissions, directories, ...). */
	kept: string[];
	/** The conversation named by --resume ID or --session-id ID. */
	conversationId: string | undefined;
	/** Whether the arguments chose a conversation (-c, -r, --session-id, ...). */
	choosesConversation: boolean;
	/** Positional arguments (an initial prompt, or a subcommand). */
	positionals: string[];
};

/** Splits Claude Code arguments into what to keep on restore and what named the conversation. */
export function parseClaudeArgs(args: readonly string[]): ClaudeArgs {
	const result: ClaudeArgs = {kept: [], conversationId: undefined, choosesConversation: false, positionals: []};
	const isOption = (arg: string | undefined) => arg !== undefined && arg.startsWith('-') && arg !== '-';
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') {
			result.positionals.push(...args.slice(i + 1));
			break;
		}

		if (!isOption(arg)) {
			result.positionals.push(arg);
			continue;
		}

		const equals = arg.indexOf('=');
		const name = arg.startsWith('--') && equals !== -1 ? arg.slice(0, equals) : arg;
		const inlineValue = arg.startsWith('--') && equals !== -1 ? arg.slice(equals + 1) : undefined;
		const takeValue = (): string | undefined => {
			if (inlineValue !== undefined) {
				return inlineValue;
			}

			const next = args[i + 1];
			if (next !== undefined && !isOption(next)) {
				i++;
				return next;
			}

			return undefined;
		};

		if (conversationOptions.has(name)) {
			result.choosesConversation = true;
		} else if (name === '-r' || name === '--resume' || name === '--session-id') {
			result.choosesConversation = true;
			const value = takeValue();
			if (value) {
				result.conversationId = value;
			}
		} else if (conversationValueOptions.has(name)) {
			result.choosesConversation = true;
			takeValue();
		} else if (optionalValueOptions.has(name)) {
			// --debug [filter], --remote [task]: keep with their value, if any.
			const value = takeValue();
			if (name === '--remote') {
				result.choosesConversation = true;
			} else {
				result.kept.push(...(value === undefined || inlineValue !== undefined ? [arg] : [arg, value]));
			}
		} else if (valueOptions.has(name)) {
			if (inlineValue === undefined) {
				const value = args[i + 1];
				result.kept.push(arg, ...(value === undefined ? [] : [value]));
				i++;
			} else {
				result.kept.push(arg);
			}
		} else if (variadicOptions.has(name)) {
			result.kept.push(arg);
			if (inlineValue === undefined) {
				while (i + 1 < args.length && !isOption(args[i + 1])) {
					result.kept.push(args[++i]!);
				}
			}
		} else {
			// A flag (or an option this list does not know, kept as it was written).
			result.kept.push(arg);
		}
	}

	return result;
}

/**
A new conversation gets an id of our choosing (`--session-id UUID`) unless the arguments already pick one, so that
restore can resume exactly this conversation even when several sessions share a directory (where `--continue` would
pick whichever was most recent); and the hooks settings go first, unless the user passes `--settings` (Claude Code
reads one; the user's wins).
*/
function launch(args: readonly string[], context: LaunchContext): LaunchPlan {
	const parsed = parseClaudeArgs(args);
	const subcommand = claudeSubcommands.has(parsed.positionals[0] ?? '');
	let planned = [...args];
	let conversationId: string | undefined;
	if (!subcommand) {
		if (parsed.choosesConversation) {
			// --resume ID / --session-id ID name it; -c / bare -r leave it unknown.
			conversationId = parsed.conversationId;
		} else {
			conversationId = context.randomUUID();
			planned = ['--session-id', conversationId, ...args];
		}
	}

	const ownSettings = args.some(arg => arg === '--settings' || arg.startsWith('--settings='));
	const launchArgs = context.reportCommand === undefined || ownSettings ? planned : [...claudeHookArgs({reportCommand: context.reportCommand}), ...planned];
	return {args: planned, launchArgs, ...(conversationId === undefined ? {} : {conversationId})};
}

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** Keep the options (model, permissions, directories), drop the first prompt (answered already) and what chose the conversation. */
function resume(args: readonly string[], context: ResumeContext): ResumePlan | undefined {
	const parsed = parseClaudeArgs(args);
	if (claudeSubcommands.has(parsed.positionals[0] ?? '')) {
		return undefined;
	}

	const conversationId = context.conversationId ?? parsed.conversationId;
	if (!conversationId) {
		return {args: ['--continue', ...parsed.kept], mode: 'continue'};
	}

	const exists = context.conversationExists ?? ((id: string) => conversationWritten(id, context.env));
	// Only an id of our own making (a UUID) can start a new conversation; any other is left to --resume.
	if (exists(conversationId) || !uuid.test(conversationId)) {
		return {args: ['--resume', conversationId, ...parsed.kept], mode: 'resume', conversationId};
	}

	return {args: ['--session-id', conversationId, ...parsed.kept], mode: 'new-conversation', conversationId};
}

// Screens (strings from stored public copies, checked while writing these rules): spinner frames `· ✢ ✳ ✶ ✻ ✽`
// (`*` on some platforms) and the gerund-plus-ellipsis verb, `(12s · esc to interrupt)` in older builds and
// `(8m 39s · ↓ 834 tokens)` since ~2.1.69 (agent-of-empires/agent-of-empires#378, gavraz/recon#7); past-tense
// completion line `✻ Worked for 1m 52s` and the interrupt banner `⎿ Interrupted · What should Claude do instead?`;
// permission dialogs `Do you want to proceed?` / `Do you want to make this edit to …?` / `Would you like to
// proceed?` with `❯ 1. Yes` (anthropics/claude-code#1499, #5089); menus with `Enter to select · ↑/↓ to navigate ·
// Esc to cancel` (AskUserQuestion), `Enter to confirm` (folder trust); the input box between `─` rules with `❯` (`>`
// in 1.x, inside `│ … │`), footer `? for shortcuts` or `⏵⏵ accept edits on (shift+tab to cycle)` (kbwo/ccmanager,
// herdrdev/herdr); window title starting with a braille (≤ 2.1.227) or quarter-circle (2.1.228) spinner while busy
// and `✳ ` when idle (anthropics/claude-code#68643). Its own status (OSC 7501, 2.1.332 as measured): it asks
// `OSC 7501 ; ?` at start and, once the terminal echoes it (the daemon's does), reports `working` from the Enter,
// `blocked` with `kind=permission|question` and what it asks in `msg` (`approve Bash: touch x`), `done`, `idle`.
// Claude Code's spinner frames: macOS `· ✢ ✳ ✶ ✻ ✽`, elsewhere `*` replaces one, 2.1.228 title uses ◐◑◒◓.
// `●` (reduced motion) is left out on purpose: it also starts every assistant message.
const claudeSpinner = '[·✢✳✶✻✽*]';
// A numbered option carrying the selection cursor, inside or outside a `│` box.
const claudeSelectedOption = String.raw`^[\s│]*❯\s*\d+\.\s+\S`;
// The same, with any of the markers a menu draws, for the rule a reworded dialog falls back on.
const anySelectedOption = String.raw`^[\s│]*[❯›▸➤→>]\s*\d+\.\s+\S`;
// The footer under the input box: `⏸ manual mode on · ? for shortcuts`, `⏵⏵ accept edits on (shift+tab to cycle)`,
// `? for shortcuts` alone (2.0), `⏸ manual mode on · esc to interrupt` (2.1.332 while working).
const footerMode = String.raw`^\s*[⏵⏸]{1,2}\s+\w[\w ]*\bon\b`;
const footerShortcuts = String.raw`(?:^|·)\s*\?\s+for shortcuts`;

export const claudeCodeProfile: AgentProfile = {
	id: 'claude',
	name: 'Claude Code',
	commands: ['claude', 'claude-code'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: footerShortcuts},
			{line: String.raw`${footerMode}(?:\s|$)`},
			{line: String.raw`Esc to cancel · Tab to amend`},
			{region: 'screen', line: String.raw`\bClaude Code v\d+\.\d+\.\d+`},
			{line: String.raw`tell Claude what to do differently`},
			{line: String.raw`What should Claude do instead\?`},
			{line: String.raw`^\s*${claudeSpinner}\s+\S.*…\s*\((?:\d+[hms]\s*)+·`},
		],
	},
	rules: [
		{
			id: 'claude.permission',
			state: 'waiting',
			region: {bottom: 30},
			text: String.raw`(?:do you want to|would you like to)[^\n?]*\?`,
			line: claudeSelectedOption,
			detail: String.raw`(?:do you want to|would you like to)[^\n?]*\?`,
		},
		{
			// What any reworded dialog still is: a numbered menu with a selection marker, and a hint to cancel or
			// choose (AskUserQuestion's `Enter to select · ↑/↓ to navigate · Esc to cancel`, the permission dialog's
			// `Esc to cancel · Tab to amend`, folder trust's `Enter to confirm`, `No, … (esc)`).
			id: 'claude.menu',
			state: 'waiting',
			region: {bottom: 30},
			line: anySelectedOption,
			any: [
				{text: String.raw`enter\s+to\s+(?:select|confirm)`},
				{text: String.raw`esc\s+to\s+(?:cancel|exit)`},
				{text: String.raw`\(esc\)`},
				{text: String.raw`tab\s+to\s+amend`},
				{text: String.raw`(?:↑/↓|↑↓|arrow keys|tab/arrow keys)\s+to\s+navigate`},
				{text: String.raw`do you trust the files in this folder\?|one you trust\?`},
			],
			detail: String.raw`^\s*(\S[^\n]*\?)\s*$`,
		},
		{
			// 2.1.332 shows it under the tool's line a moment before the dialog opens.
			id: 'claude.waiting-for-permission',
			state: 'waiting',
			region: {bottom: 20},
			line: String.raw`^\s*Waiting for permission…`,
		},
		{
			id: 'claude.interrupt-hint',
			state: 'busy',
			region: {bottom: 12},
			line: String.raw`(?:esc|ctrl\+c) to interrupt`,
		},
		{
			// `✻ Thinking… (12s · …)`, `✢ Compacting conversation… (17s)`: a capitalised verb whose first or
			// second word ends in `…`. Completion lines (`✻ Worked for 52s`) have no ellipsis.
			id: 'claude.spinner',
			state: 'busy',
			region: {bottom: 12},
			caseSensitive: true,
			any: [
				{line: String.raw`^\s*${claudeSpinner}\s+[A-Z][^\s…]*(?:\s+[^\s…]+)?…`},
				{line: String.raw`^\s*${claudeSpinner}\s+Waiting for [1-9]\d* background agents? to finish`},
			],
			detail: String.raw`[A-Z][^\s…]*(?:\s+[^\s…]+)?…`,
		},
		{
			id: 'claude.token-counter',
			state: 'busy',
			region: {bottom: 12},
			line: String.raw`\((?:\d+[hms]\s*)+·\s*[↑↓]\s*[\d.]+[kmg]?\s+tokens`,
		},
		{
			id: 'claude.interrupted',
			state: 'idle',
			region: {bottom: 15},
			line: String.raw`Interrupted\s*·\s*What should Claude do instead\?`,
		},
		{
			id: 'claude.prompt-box',
			state: 'idle',
			region: {bottom: 8},
			any: [
				{line: footerShortcuts},
				{line: String.raw`${footerMode}(?:\s*(?:\(shift\+tab to cycle\))?\s*$|\s+·\s+(?!esc to interrupt))`},
				{all: [{line: String.raw`^[\s│]*[❯>](?:\s|$)`}, {line: '─{8,}'}]},
			],
			not: [{line: anySelectedOption}],
		},
	],
	title: {
		busy: String.raw`^[\u2800-\u28FF\u25D0-\u25D3]\s`,
		idle: String.raw`^✳\s`,
	},
	// Claude Code's `idle_prompt` notification: "Claude is waiting for your input" (hooks reference).
	notificationIdle: String.raw`waiting for your input`,
	whenUnmatchedChanging: 'keep',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'match',
};

/** Where Claude Code keeps its conversations, settings and sessions: $CLAUDE_CONFIG_DIR, default ~/.claude. */
export function claudeConfigDirectory(env: NodeJS.ProcessEnv): string {
	return env['CLAUDE_CONFIG_DIR'] || path.join(env['HOME'] || os.homedir(), '.claude');
}

/**
Whether Claude Code wrote the conversation: `<id>.jsonl` under `<config>/projects/*`. Yes when that directory cannot
be read at all (try to resume; Claude Code says so if it cannot find it).
*/
function conversationWritten(id: string, env: NodeJS.ProcessEnv): boolean {
	const projects = path.join(claudeConfigDirectory(env), 'projects');
	let directories: string[];
	try {
		directories = fs.readdirSync(projects);
	} catch {
		return true;
	}

	return directories.some(directory => fs.existsSync(path.join(projects, directory, `${id}.jsonl`)));
}

/**
The conversation a running Claude Code is on: 2.1.x keeps `<config>/sessions/<pid>.json` with its current
`sessionId` (moved on /clear and compaction), however it was started. Undocumented, so only a fallback for
sessions whose hooks do not say (Claude started from a shell, or under a name claude-tui does not know).
*/
function currentConversation(process: AgentProcess): string | undefined {
	try {
		const file = path.join(claudeConfigDirectory(process.env), 'sessions', `${process.pid}.json`);
		const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as {pid?: unknown; sessionId?: unknown};
		return entry.pid === process.pid && typeof entry.sessionId === 'string' && entry.sessionId !== '' ? entry.sessionId : undefined;
	} catch {
		return undefined;
	}
}

export const claudeCode: AgentAdapter = {
	id: 'claude',
	name: 'Claude Code',
	profile: claudeCodeProfile,
	packages: ['@anthropic-ai/claude-code'],
	launch,
	resume,
	restoresWhereStarted: true,
	interpretHook: interpretHookPayload,
	currentConversation,
};
