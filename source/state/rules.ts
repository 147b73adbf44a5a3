// Screen rules as data: what each agent's UI draws when it is working, asking, or done.
//
// A rule is plain data (strings, numbers, nested conditions), so rules are also read from the config file
// ("agents", checked in profile-config.ts), printed by `claude-tui rules`, and named by `claude-tui explain`. Every
// pattern is a JavaScript regular expression source, matched case-insensitively unless the rule says
// `caseSensitive: true`, against the screen's text (never its escape codes): colours, cursor movement
// and redraws are already resolved by the headless terminal.
//
// Where the strings come from (stored public copies, checked while writing these rules):
// - Claude Code: spinner frames `· ✢ ✳ ✶ ✻ ✽` (`*` on some platforms) and the gerund-plus-ellipsis
//   verb, `(12s · esc to interrupt)` in older builds and `(8m 39s · ↓ 834 tokens)` since ~2.1.69
//   (agent-of-empires/agent-of-empires#378, gavraz/recon#7, omnara-ai/omnara#170, qwwiwi/dashi-plugin-
//   claude-code#101); past-tense completion line `✻ Worked for 1m 52s` and the interrupt banner
//   `⎿ Interrupted · What should Claude do instead?` (agent-of-empires src/tmux/status_detection.rs,
//   gnachman/iTerm2#758); permission dialogs `Do you want to proceed?` / `Do you want to make this edit
//   to …?` / `Would you like to proceed?` with `❯ 1. Yes`, `2. Yes, and don't ask again …`, `3. No, and
//   tell Claude what to do differently (esc)` (anthropics/claude-code#1499, #5089); menus with the
//   `Enter to select · ↑/↓ to navigate · Esc to cancel` footer (AskUserQuestion), `Enter to confirm`
//   (folder trust: `Yes, I trust this folder`); the input box between `─` rules with `❯` (`>` in 1.x,
//   inside `│ … │`), footer `? for shortcuts` or `⏵⏵ accept edits on (shift+tab to cycle)`
//   (kbwo/ccmanager src/services/stateDetector/claude.ts, herdrdev/herdr distribution/agent-detection/
//   claude.toml); window title starting with a braille (≤ 2.1.227) or quarter-circle (2.1.228) spinner
//   while busy and `✳ ` when idle (anthropics/claude-code#68643, stablyai/orca#13925).
// - Codex CLI: `• Working (12s • esc to interrupt)`; approvals `Would you like to run the following
//   command?` / `… make the following edits?` / `… grant these permissions?` with `› 1. Yes, proceed (y)`
//   and footer `Press enter to confirm or esc to cancel` (openai/codex codex-rs/tui/src/bottom_pane/
//   snapshots/…approval_overlay…permissions_prompt.snap); older TypeScript Codex `Allow command?` with
//   `▌ Yes`/`No`; composer `› Ask Codex to do anything`; title braille spinner while working and
//   `Action Required` when blocked (herdrdev/herdr src/detect/manifests/codex.toml).
// - Gemini CLI: loading line `<phrase> (esc to cancel, 12s)` (google-gemini/gemini-cli packages/cli/src/
//   ui/components/LoadingIndicator.tsx); confirmations `Allow execution of: 'echo'?` / `Apply this
//   change?` / `Do you want to proceed?` with `● 1. Allow once`, `2. Allow for this session`, `No,
//   suggest changes (esc)` (…/messages/__snapshots__/ToolConfirmationMessage.test.tsx.snap), older
//   builds `● Yes, allow once` and `Waiting for user confirmation…`; input box `│ > Type your message or
//   @path/to/file │`.
// - Aider: questions `Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:`, `Create new file?
//   (Y)es/(N)o [Yes]:` (aider chat transcripts), spinner `Waiting for LLM` / `Waiting for <model>`
//   (Aider-AI/aider aider/waiting.py), prompts `> `, `architect> `, `ask> `.
// - Shells: a prompt ending in `$ `, `# `, `% `, `> ` (also `❯`, `➜`, `»`, `λ`) on the cursor's row.

import {compileScreenPattern, profilePatternSources, type ScreenPattern} from './safe-pattern.js';

export type ScreenState = 'busy' | 'waiting' | 'idle';

/**
Which rows a condition looks at.
- `'screen'`: every row of the visible screen.
- `{bottom: N}`: the last N non-blank rows of the screen (most UIs keep their status near the bottom).
- `'cursorRow'`: the row the cursor is on.
*/
export type Region = 'screen' | 'cursorRow' | {bottom: number};

/** All fields present must hold; an empty condition holds. */
export type Condition = {
	/** Rows to look at; inherits the enclosing rule's region. */
	region?: Region;
	/** Some row of the region matches. */
	line?: string;
	/** The region's rows joined with `\n` match (for phrases that may wrap, write `\s+` between words). */
	text?: string;
	/**
	The text left of the cursor on its row matches, and nothing but blank rows is below the cursor
	(the program is waiting at that spot for typing).
	*/
	beforeCursor?: string;
	all?: Condition[];
	any?: Condition[];
	not?: Condition[];
};

export type ScreenRule = Condition & {
	/** Stable name, shown by `claude-tui explain`: `<agent>.<what>`. */
	id: string;
	state: ScreenState;
	region: Region;
	/** Match patterns case-sensitively (default: case-insensitive). */
	caseSensitive?: boolean;
	/** Searched in the region's text when the rule matches: the match (or its first group) becomes the detail. */
	detail?: string;
};

export type AgentProfile = {
	id: string;
	name: string;
	/** Command basenames that select this profile (`claude`, `/usr/bin/claude`, `claude.exe`). */
	commands: string[];
	/**
	Screen evidence that this agent is what runs now, for sessions started as a shell or another program
	(an agent launched from bash, or through `npx`). Only agent profiles have one.
	*/
	signature?: Condition & {region: Region};
	/** Tried by state (waiting first, then busy, then idle), in order within a state; the first match counts. */
	rules: ScreenRule[];
	/** Window-title patterns (OSC 0/2). */
	title?: Partial<Record<ScreenState, string>>;
	/** Desktop notifications (OSC 9/777/99) whose text means "done, at the prompt" rather than "needs you". */
	notificationIdle?: string;
	/** A screen that changes while no rule matches: `busy` (output means work) or `keep` the state. */
	whenUnmatchedChanging: 'busy' | 'keep';
	/** A screen that stayed still for the idle delay while no rule matches: `idle`, or `keep` the state. */
	whenUnmatchedQuiet: 'idle' | 'keep';
	/** Leave `starting` on any output (`output`), or only on a rule match or a still, non-blank screen (`match`). */
	startingEndsOn: 'output' | 'match';
};

// Claude Code's spinner frames: macOS `· ✢ ✳ ✶ ✻ ✽`, elsewhere `*` replaces one, 2.1.228 title uses ◐◑◒◓.
// `●` (reduced motion) is left out on purpose: it also starts every assistant message.
const claudeSpinner = '[·✢✳✶✻✽*]';
// A numbered option carrying the selection cursor, inside or outside a `│` box.
const claudeSelectedOption = String.raw`^[\s│]*❯\s*\d+\.\s+\S`;

/** Questions answered with y/n or a secret, at the cursor: shells, installers, ssh, sudo. */
const yesNoAtCursor: ScreenRule = {
	id: 'prompt.yes-no',
	state: 'waiting',
	region: 'cursorRow',
	any: [
		{beforeCursor: String.raw`(?:\[y/n\]|\(y/n\)|\[yes/no\]|\(yes/no[^)]*\))\s*[?:]?\s*$`},
		{beforeCursor: String.raw`(?:password|passphrase|pin)\b[^:\n]{0,60}:\s*$`},
	],
	detail: String.raw`\S.*`,
};

/** A shell's prompt on the cursor's row: a fresh prompt, or a prompt with a command being typed. */
const shellPrompt: ScreenRule = {
	id: 'shell.prompt',
	state: 'idle',
	region: 'cursorRow',
	any: [
		// `user@host:~/src$ ` with the cursor right after it.
		{beforeCursor: String.raw`[$#%>❯»➜λ]\s?$`},
		// `user@host:~/src$ make -j` while typing: the row starts with one prompt-shaped word.
		{beforeCursor: String.raw`^\S{0,80}[$#%>❯»➜λ]\s`},
	],
};

export const claudeCode: AgentProfile = {
	id: 'claude',
	name: 'Claude Code',
	commands: ['claude', 'claude-code'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: String.raw`^\s*\?\s+for shortcuts`},
			{line: String.raw`^\s*[⏵⏸]{1,2}\s.*(?:shift\+tab to cycle|accept edits on|plan mode on|bypass permissions on|auto mode on)`},
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
			id: 'claude.menu',
			state: 'waiting',
			region: {bottom: 30},
			line: claudeSelectedOption,
			any: [
				{text: String.raw`enter\s+to\s+(?:select|confirm)`},
				{text: String.raw`esc\s+to\s+(?:cancel|exit)`},
				{text: String.raw`(?:↑/↓|↑↓|arrow keys|tab/arrow keys)\s+to\s+navigate`},
				{text: String.raw`do you trust the files in this folder\?|one you trust\?`},
			],
			detail: String.raw`^\s*(\S[^\n]*\?)\s*$`,
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
				{line: String.raw`^\s*\?\s+for shortcuts`},
				{line: String.raw`^\s*[⏵⏸]{1,2}\s.*(?:shift\+tab to cycle|accept edits on|plan mode on|bypass permissions on|auto mode on)`},
				{all: [{line: String.raw`^[\s│]*[❯>](?:\s|$)`}, {line: '─{8,}'}]},
			],
			not: [{line: claudeSelectedOption}],
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

export const codexCli: AgentProfile = {
	id: 'codex',
	name: 'Codex CLI',
	commands: ['codex'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: String.raw`\((?:\d+[hms]\s*)*\d+s\s*•\s*esc to interrupt\)`},
			{line: String.raw`Ask Codex to do anything`},
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
			detail: String.raw`would you like to [^\n?]*\?|allow command\?|do you trust[^\n?]*\?`,
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
		busy: String.raw`(?:^|\s)[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏](?:\s|$)`,
	},
	whenUnmatchedChanging: 'keep',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'match',
};

export const geminiCli: AgentProfile = {
	id: 'gemini',
	name: 'Gemini CLI',
	commands: ['gemini'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: 'Type your message or @path/to/file'},
			{line: String.raw`\(esc to cancel, (?:\d+[hms]\s*)+\)`},
			{line: String.raw`No, suggest changes \(esc\)`},
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
	whenUnmatchedChanging: 'keep',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'match',
};

export const aider: AgentProfile = {
	id: 'aider',
	name: 'Aider',
	commands: ['aider'],
	signature: {
		region: 'screen',
		any: [{line: String.raw`^Aider v\d`}, {line: String.raw`\(Y\)es/\(N\)o.*\[(?:Yes|No)\]:`}],
	},
	rules: [
		{
			id: 'aider.confirm',
			state: 'waiting',
			region: {bottom: 3},
			line: String.raw`\(Y\)es/\(N\)o.*\[(?:Yes|No|All|Skip)[^\]]*\]:\s*\S*$`,
			detail: String.raw`[^\n]*?\?(?=\s*\(Y\)es)`,
		},
		{
			id: 'aider.waiting-for-model',
			state: 'busy',
			region: {bottom: 3},
			line: String.raw`Waiting for \S`,
		},
		{
			id: 'aider.prompt',
			state: 'idle',
			region: 'cursorRow',
			beforeCursor: String.raw`^[\w-]*> `,
		},
	],
	// Aider streams the answer as plain markdown, with no spinner: output means work.
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'keep',
	startingEndsOn: 'match',
};

export const shell: AgentProfile = {
	id: 'shell',
	name: 'Shell',
	commands: ['bash', 'sh', 'zsh', 'fish', 'dash', 'ksh', 'mksh', 'tcsh', 'csh', 'nu', 'xonsh', 'elvish', 'pwsh', 'ash', 'busybox'],
	rules: [yesNoAtCursor, shellPrompt],
	// Output means a command runs; a still screen without a prompt is a quiet command (`sleep 100`).
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'keep',
	startingEndsOn: 'match',
};

/** Any other program: output means work, stillness means idle; REPL prompts and y/n questions are known. */
export const generic: AgentProfile = {
	id: 'generic',
	name: 'Program',
	commands: [],
	rules: [yesNoAtCursor, {...shellPrompt, id: 'generic.prompt'}],
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'output',
};

/** Agents recognised by command name, or on screen (by signature, in this order) inside a shell or another program. */
export const agentProfiles: readonly AgentProfile[] = [claudeCode, codexCli, geminiCli, aider];

/** Every built-in profile: the agents, then the shell and the generic program profile. */
export const builtInProfiles: readonly AgentProfile[] = [...agentProfiles, shell, generic];

/**
The profiles in effect: the user's (from the config file) first, then the built-in ones they do not replace.
Shell and generic (or the user's profiles with those ids) are hosts: an agent started inside one is found by its
signature. Every other profile is an agent, which owns its screen when its command selects it.
*/
export type ProfileCatalog = {
	/** Every profile, in the order they are tried by command: what `claude-tui rules` prints. */
	profiles: readonly AgentProfile[];
	/** The agents, in the order their signatures are tried on a host's screen. */
	agents: readonly AgentProfile[];
	/** For a command no profile names. */
	fallback: AgentProfile;
};

const hostIds: ReadonlySet<string> = new Set([shell.id, generic.id]);

export function profileCatalog(userProfiles: readonly AgentProfile[] = []): ProfileCatalog {
	const replaced = new Set(userProfiles.map(profile => profile.id));
	const profiles = [...userProfiles, ...builtInProfiles.filter(profile => !replaced.has(profile.id))];
	return {
		profiles,
		agents: profiles.filter(profile => !hostIds.has(profile.id)),
		fallback: profiles.find(profile => profile.id === generic.id) ?? generic,
	};
}

export const builtInCatalog: ProfileCatalog = profileCatalog();

/** What `claude`, `/usr/bin/claude` and `claude.exe` have in common: the name profiles list in `commands`. */
export function commandName(command: string): string {
	return (command.split(/[\\/]/).pop() ?? command).replace(/\.(?:exe|cmd|js|mjs)$/i, '').toLowerCase();
}

/** The profile for a session's command: the first that names it (the user's before the built-in ones), else the fallback. */
export function profileForCommand(command: string, catalog: ProfileCatalog = builtInCatalog): AgentProfile {
	const base = commandName(command);
	return catalog.profiles.find(profile => profile.commands.includes(base)) ?? catalog.fallback;
}

let builtInPatterns: Set<string> | undefined;

/**
A pattern compiled as the detector runs it: a built-in profile's pattern text on JavaScript's engine, any other
(the config file's) on a linear-time one, so that no user rule can stall the daemon (see safe-pattern.ts).
Throws a PatternError naming the reason.
*/
export function screenPattern(source: string, caseSensitive: boolean): ScreenPattern {
	builtInPatterns ??= new Set(builtInProfiles.flatMap(profile => profilePatternSources(profile)));
	return compileScreenPattern(source, caseSensitive, builtInPatterns.has(source) ? 'javascript' : 'linear');
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

/** The visible screen as text: what the rules look at. */
export type ScreenView = {
	/** Visible rows, trailing blanks of each row trimmed. */
	rows: string[];
	cursorX: number;
	cursorY: number;
	/** Text left of the cursor on its row (untrimmed). */
	beforeCursor: string;
	/** The program is on the alternate screen (a full-screen program: vim, less, htop). */
	alternate?: boolean;
};

export type RuleMatch = {
	state: ScreenState;
	rule: string;
	detail?: string;
};

type Compiled = {
	profile: AgentProfile;
	signature: ((view: PreparedView) => boolean) | undefined;
	rules: Array<{rule: ScreenRule; test: (view: PreparedView) => boolean; detail: ScreenPattern | undefined}>;
	title: Partial<Record<ScreenState, ScreenPattern>>;
	notificationIdle: ScreenPattern | undefined;
};

type PreparedView = ScreenView & {
	nonBlank: number[];
	lastNonBlank: number;
	regionCache: Map<string, string[]>;
};

const compiledProfiles = new WeakMap<AgentProfile, Compiled>();

/** Compiles (once per profile object) and checks every pattern; throws a readable error on a bad pattern. */
export function compileProfile(profile: AgentProfile): Compiled {
	let compiled = compiledProfiles.get(profile);
	if (!compiled) {
		const pattern = (source: string, caseSensitive: boolean, where: string): ScreenPattern => {
			try {
				return screenPattern(source, caseSensitive);
			} catch (error) {
				throw new Error(`Bad pattern in ${where}: ${(error as Error).message}`);
			}
		};

		const condition = (spec: Condition, region: Region, caseSensitive: boolean, where: string): ((view: PreparedView) => boolean) => {
			const own = spec.region ?? region;
			const line = spec.line === undefined ? undefined : pattern(spec.line, caseSensitive, where);
			const text = spec.text === undefined ? undefined : pattern(spec.text, caseSensitive, where);
			const beforeCursor = spec.beforeCursor === undefined ? undefined : pattern(spec.beforeCursor, caseSensitive, where);
			const all = (spec.all ?? []).map(child => condition(child, own, caseSensitive, where));
			const any = (spec.any ?? []).map(child => condition(child, own, caseSensitive, where));
			const not = (spec.not ?? []).map(child => condition(child, own, caseSensitive, where));
			return view => {
				const rows = regionRows(view, own);
				if (line && !rows.some(row => line.test(row))) {
					return false;
				}

				if (text && !text.test(rows.join('\n'))) {
					return false;
				}

				if (beforeCursor && !(view.cursorY >= view.lastNonBlank && beforeCursor.test(view.beforeCursor))) {
					return false;
				}

				return all.every(test => test(view)) && (any.length === 0 || any.some(test => test(view))) && !not.some(test => test(view));
			};
		};

		const where = (id: string) => `${profile.id} ${id}`;
		compiled = {
			profile,
			signature: profile.signature ? condition(profile.signature, profile.signature.region, false, where('signature')) : undefined,
			rules: ['waiting', 'busy', 'idle'].flatMap(state =>
				profile.rules
					.filter(rule => rule.state === state)
					.map(rule => ({
						rule,
						test: condition(rule, rule.region, rule.caseSensitive ?? false, where(rule.id)),
						detail: rule.detail === undefined ? undefined : pattern(rule.detail, rule.caseSensitive ?? false, where(rule.id)),
					})),
			),
			title: Object.fromEntries(Object.entries(profile.title ?? {}).map(([state, source]) => [state, pattern(source, true, where(`title.${state}`))])),
			notificationIdle: profile.notificationIdle === undefined ? undefined : pattern(profile.notificationIdle, false, where('notificationIdle')),
		};
		compiledProfiles.set(profile, compiled);
	}

	return compiled;
}

function prepare(view: ScreenView): PreparedView {
	const nonBlank: number[] = [];
	for (const [index, row] of view.rows.entries()) {
		if (row.trim() !== '') {
			nonBlank.push(index);
		}
	}

	return {...view, nonBlank, lastNonBlank: nonBlank.at(-1) ?? 0, regionCache: new Map()};
}

function regionRows(view: PreparedView, region: Region): string[] {
	const key = typeof region === 'string' ? region : `bottom:${region.bottom}`;
	let rows = view.regionCache.get(key);
	if (!rows) {
		if (region === 'screen') {
			rows = view.nonBlank.map(index => view.rows[index] ?? '');
		} else if (region === 'cursorRow') {
			rows = [view.rows[view.cursorY] ?? ''];
		} else {
			rows = view.nonBlank.slice(-region.bottom).map(index => view.rows[index] ?? '');
		}

		view.regionCache.set(key, rows);
	}

	return rows;
}

/** The first matching rule of a profile (waiting rules first, then busy, then idle), or undefined. */
export function matchScreen(profile: AgentProfile, view: ScreenView): RuleMatch | undefined {
	return matchPrepared(compileProfile(profile), prepare(view));
}

function matchPrepared(compiled: Compiled, view: PreparedView): RuleMatch | undefined {
	for (const {rule, test, detail} of compiled.rules) {
		if (test(view)) {
			const match: RuleMatch = {state: rule.state, rule: rule.id};
			if (detail) {
				const found = detail.exec(regionRows(view, rule.region).join('\n'));
				const text = (found?.[1] ?? found?.[0])?.trim();
				if (text) {
					match.detail = text.slice(0, 200);
				}
			}

			return match;
		}
	}

	return undefined;
}

/**
The profile whose rules apply to this screen: an agent whose signature is on screen when the session's own
profile is a shell or a program (an agent started from bash), else the session's own profile.
*/
export function activeProfile(base: AgentProfile, view: ScreenView, agents: readonly AgentProfile[] = builtInCatalog.agents): AgentProfile {
	return resolve(base, prepare(view), agents).profile;
}

function resolve(base: AgentProfile, view: PreparedView, agents: readonly AgentProfile[]): Compiled {
	// An agent owns its screen; a host (a shell, a program no profile names) may be running one.
	if (base.signature === undefined && !agents.includes(base)) {
		for (const agent of agents) {
			const compiled = compileProfile(agent);
			if (compiled.signature?.(view)) {
				return compiled;
			}
		}
	}

	return compileProfile(base);
}

/** What the screen says: the profile in charge and its first matching rule. Used by the detector on each observation. */
export function evaluateScreen(base: AgentProfile, view: ScreenView, agents: readonly AgentProfile[] = builtInCatalog.agents): {profile: AgentProfile; match: RuleMatch | undefined} {
	const prepared = prepare(view);
	const compiled = resolve(base, prepared, agents);
	return {profile: compiled.profile, match: matchPrepared(compiled, prepared)};
}

/** The state a window title signals under a profile, if any (waiting, then busy, then idle). */
export function matchTitle(profile: AgentProfile, title: string): ScreenState | undefined {
	const {title: patterns} = compileProfile(profile);
	return (['waiting', 'busy', 'idle'] as const).find(state => patterns[state]?.test(title));
}

/** Whether a desktop notification's text means "done, at the prompt" under a profile (not "needs you"). */
export function notificationMeansIdle(profile: AgentProfile, text: string): boolean {
	return compileProfile(profile).notificationIdle?.test(text) ?? false;
}
