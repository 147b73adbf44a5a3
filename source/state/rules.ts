// Screen rules as data: what each agent's UI draws when it is working, asking, or done.
//
// A rule is plain data (strings, numbers, nested conditions), so rules are also read from the config file
// ("agents", checked in profile-config.ts), printed by `claude-tui rules`, and named by `claude-tui explain`. Every
// pattern is a JavaScript regular expression source, matched case-insensitively unless the rule says
// `caseSensitive: true`, against the screen's text (never its escape codes): colours, cursor movement
// and redraws are already resolved by the headless terminal.
//
// The rules themselves live with their agents, one file each in source/agents/ (registry.ts lists them).

import {builtInCatalog} from '../agents/registry.js';

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
	/** The built-in profile a config file's profile starts from (and whose adapter launches and resumes it). */
	extends?: string;
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

/**
The profiles in effect: the user's (from the config file) first, then the built-in ones they do not replace (see
agents/registry.ts, which builds it). Shell and generic are hosts: an agent started inside one is found by its
signature. Every other profile is an agent, which owns its screen when its command selects it.
*/
export type ProfileCatalog = {
	/** Every profile, in the order they are tried by command: what `claude-tui rules` prints. */
	profiles: readonly AgentProfile[];
	/** The agents, in the order their signatures are tried on a host's screen. */
	agents: readonly AgentProfile[];
	/** For a command no profile names. */
	fallback: AgentProfile;
	/** Other command names for a profile (config file), by command name: `cc` → `claude`. */
	aliases?: ReadonlyMap<string, string>;
};

let builtInPatterns: Set<string> | undefined;

/**
The one place a profile's pattern (built-in or the user's) is compiled, as the detector runs it: a built-in
profile's pattern text on JavaScript's engine, any other (the config file's) on a linear-time one, so that no user
rule can stall the daemon (see safe-pattern.ts). Throws a PatternError naming the reason.
*/
export function screenPattern(source: string, caseSensitive: boolean): ScreenPattern {
	builtInPatterns ??= new Set(builtInCatalog.profiles.flatMap(profile => profilePatternSources(profile)));
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

/**
What the screen says: the profile in charge and its first matching rule. Used by the detector on each observation.
`recognized`, an agent found on this session's screen earlier whose process still runs, stays in charge without its
signature (a screen in the middle of a dialog or a spinner shows none of it).
*/
export function evaluateScreen(
	base: AgentProfile,
	view: ScreenView,
	agents: readonly AgentProfile[] = builtInCatalog.agents,
	recognized?: AgentProfile,
): {profile: AgentProfile; match: RuleMatch | undefined} {
	const prepared = prepare(view);
	const compiled = recognized ? compileProfile(recognized) : resolve(base, prepared, agents);
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
