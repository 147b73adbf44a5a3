// Claude Code hooks that report the agent's state to the daemon, passed on Claude's command line.
//
// Claude Code reads extra settings from `claude --settings <file-or-json>`; the settings shape is the one of
// `~/.claude/settings.json`, and hook arrays from every settings source are merged (concatenated), so these
// hooks run beside the user's own and the user's settings files are never touched. Shape, per the hooks
// reference (https://code.claude.com/docs/en/hooks, also docs.anthropic.com/…/claude-code/hooks):
//
//   {"hooks": {"<Event>": [{"matcher": "<regex, tool events and SessionStart only>",
//                           "hooks": [{"type": "command", "command": "<shell command>", "timeout": <s>}]}]}}
//
// Events used (same reference): UserPromptSubmit (the user sent a prompt), Notification ("Claude needs your
// permission to use Bash", or after 60 s at the prompt "Claude is waiting for your input"; newer builds put
// `notification_type` permission_prompt / idle_prompt / elicitation_dialog in the payload), Stop (the turn
// ended), PreCompact, SessionStart (matchers startup / resume / clear / compact).
// Not used: PreToolUse / PostToolUse (a synchronous hook is a process start, ~0.1 s, on every tool call, and
// they add nothing the screen does not show: the spinner is busy, and the user's answer to a permission
// question reaches the detector as input), SessionEnd (also fires for `/clear`, which is followed by
// SessionStart; the real end of the session is the PTY's exit) and SubagentStop (a subagent finishing does
// not end the turn). An interrupted turn (Esc) fires no hook at all: the screen rules catch the
// `Interrupted · What should Claude do instead?` banner once the hook's hold has run out.
//
// Each hook runs `claude-tui report <state> --event <Event>`; the command reads CLAUDE_TUI_SESSION and
// CLAUDE_TUI_SOCKET from its environment (set by the daemon on the session's child, inherited by hooks) and
// may read the hook's JSON payload on stdin (see interpretHookPayload). A hook command must never block
// Claude or veto a tool (exit code 2 blocks PreToolUse), so its output is discarded and failure ignored.
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import type {ReportedState} from './detector.js';

export type HookEvent = 'UserPromptSubmit' | 'PreToolUse' | 'PostToolUse' | 'Notification' | 'Stop' | 'PreCompact' | 'SessionStart';

/** Which state each hook reports, and its matcher where the event takes one. */
export const hookStates: ReadonlyArray<{event: HookEvent; state: ReportedState; matcher?: string}> = [
	{event: 'UserPromptSubmit', state: 'busy'},
	{event: 'PreCompact', state: 'busy'},
	// Refined from the payload: idle_prompt ("waiting for your input") means idle, not waiting.
	{event: 'Notification', state: 'waiting'},
	{event: 'Stop', state: 'idle'},
	{event: 'SessionStart', state: 'idle', matcher: 'startup|resume|clear'},
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
	/**
	The command line that reports, the state and `--event` follow it: default `<claudeTui> report`. The daemon
	passes its lean report entry point here, which starts faster than the whole command line.
	*/
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
The arguments to start `command` with: for Claude Code, the hooks settings first, then the user's own arguments.
A command line that already passes `--settings` is left alone (Claude Code reads one `--settings`; the
user's wins), as is every other command.
*/
export function argsWithClaudeHooks(command: string, args: readonly string[], options: HookSettingsOptions = {}): string[] {
	if (!isClaudeCommand(command) || args.some(arg => arg === '--settings' || arg.startsWith('--settings='))) {
		return [...args];
	}

	return [...claudeHookArgs(options), ...args];
}

/** The report command line hooks run: this Node and the lean report entry point of the built claude-tui. */
export function hookReportCommand(): string {
	return shellQuote([process.execPath, fileURLToPath(new URL('../../dist/state/report-main.js', import.meta.url))]);
}

/** Whether a command runs Claude Code, so hooks apply (its basename is `claude`). */
export function isClaudeCommand(command: string): boolean {
	return /^claude(?:\.exe)?$/i.test(command.split(/[\\/]/).pop() ?? '');
}

/**
What a hook's JSON payload (Claude Code writes it to the hook's stdin) says, for `claude-tui report` to send:
the state, refined where the payload knows better than the event name, and a short detail. Undefined when
the payload is not a hook payload or means no change.
*/
export function interpretHookPayload(payload: unknown, fallback?: ReportedState): {state: ReportedState; detail: string} | undefined {
	if (typeof payload !== 'object' || payload === null) {
		return fallback === undefined ? undefined : {state: fallback, detail: 'hook'};
	}

	const record = payload as Record<string, unknown>;
	const event = typeof record.hook_event_name === 'string' ? record.hook_event_name : undefined;
	const entry = hookStates.find(candidate => candidate.event === event);
	let state = entry?.state ?? fallback;
	let detail = event ?? 'hook';
	if (event === 'Notification') {
		const type = typeof record.notification_type === 'string' ? record.notification_type : '';
		const message = typeof record.message === 'string' ? record.message : '';
		state = type === 'idle_prompt' || /waiting for your input/i.test(message) ? 'idle' : 'waiting';
		detail = message || type || event;
	} else if (event === 'SessionStart' && record.source === 'compact') {
		// Compaction happens inside a turn, which goes on afterwards.
		return undefined;
	} else if ((event === 'PreToolUse' || event === 'PostToolUse') && typeof record.tool_name === 'string') {
		detail = `${event} ${record.tool_name}`;
	}

	return state === undefined ? undefined : {state, detail: detail.slice(0, 200)};
}

/** Quotes words for a POSIX shell command line. */
export function shellQuote(words: readonly string[]): string {
	return words.map(word => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}
