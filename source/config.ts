// The optional config file ($XDG_CONFIG_HOME/claude-tui/config.json). Every option also has a flag, and flags win.
// A mistake names the file and the field, every mistake is listed at once, and a key nobody reads is warned about
// (a typo would otherwise be silently ignored). Commands that need one part of it read that part alone (config-file.ts).
import {ConfigError, readConfigObject} from './config-file.js';
import {parseHistoryConfig, type HistoryConfig} from './history/settings.js';
import {parseHostsConfig, type HostsConfig} from './hosts/config.js';
import {configFile} from './paths.js';
import type {AgentProfile} from './state/rules.js';
import {parsePrefixKey} from './tui/key-names.js';

export {ConfigError} from './config-file.js';

export type Config = {
	prefix?: string;
	sidebarWidth?: number;
	socket?: string;
	/** Background-session events that notify: "waiting", "idle", "exited" (a list, or a comma-separated string; "none"). */
	notify?: string | string[];
	/** How: "bell", "osc9", "osc777". */
	notifyWith?: string | string[];
	/** Set the terminal's title to the shown session's (default true). */
	title?: boolean;
	/** Pass programs' clipboard writes (OSC 52) on to the terminal (default true). */
	clipboard?: boolean;
	/** Copy mode's keys: "vi" or "emacs" (default: vi when $VISUAL or $EDITOR is a vi). */
	copyKeys?: 'vi' | 'emacs';
	/** Take the mouse over the pane where the program does not (wheel and drag: copy mode). Default true. */
	mouse?: boolean;
	/** Agent profiles for state detection, checked and completed: tried before the built-in ones, replacing those with the same id. */
	agents?: AgentProfile[];
	/** Keys the file has that no option reads, as warnings to show (`"sidebarwidth": not an option; did you mean "sidebarWidth"?`). */
	warnings?: string[];
} & HistoryConfig & HostsConfig;


/** What is wrong with one value, said as "must …". */
class Mistake {
	constructor(readonly message: string) {}
}

export const sidebarWidthRange = {min: 12, max: 80};

const knownKeys = [
	'prefix', 'sidebarWidth', 'socket', 'notify', 'notifyWith', 'title', 'clipboard', 'copyKeys', 'mouse', 'agents', 'hosts', 'ssh',
	'record', 'recordInput', 'recordingMaxMiB', 'recordingGenerations', 'restoreArgs', 'claudeCommands',
];

/** Whether `value` is a whole number of sidebar columns. */
export function validSidebarWidth(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= sidebarWidthRange.min && value <= sidebarWidthRange.max;
}

/**
How the "agents" entry is checked (state/profile-config.ts's parseAgentProfiles). Given by those that use the
profiles: the daemon as it starts, and `claude-tui rules`. The TUI and the other commands leave the entry unchecked, so
that reading their own settings does not load every agent's rules and re2js (40 ms of the TUI's start); a mistake there
is then the daemon's to report, as it starts with the profiles (a running daemon keeps the ones it started with).
*/
export type AgentsParser = (value: unknown, invalid: (message: string) => Error) => AgentProfile[];

export function loadConfig(file = configFile(), {parseAgents}: {parseAgents?: AgentsParser} = {}): Config {
	const config = readConfigObject(file);
	const result: Config = {};
	const problems: string[] = [];
	const problem = (key: string, message: string) => {
		problems.push(`${file}: "${key}" ${message}`);
	};

	const checked = <T>(key: string, check: (entry: unknown) => T | Mistake): T | undefined => {
		if (config[key] === undefined) {
			return undefined;
		}

		const outcome = check(config[key]);
		if (outcome instanceof Mistake) {
			problem(key, `${outcome.message}, not ${JSON.stringify(config[key])}`);
			return undefined;
		}

		return outcome;
	};

	result.prefix = checked('prefix', entry => {
		if (typeof entry !== 'string') {
			return new Mistake('must be a key as tmux writes it, e.g. "C-a"');
		}

		try {
			parsePrefixKey(entry);
			return entry;
		} catch (error) {
			return new Mistake(`must be a key that can be a prefix (${(error as Error).message.replace(/^Invalid prefix key "[^"]*": /, '')})`);
		}
	});
	result.sidebarWidth = checked('sidebarWidth', entry => (validSidebarWidth(entry) ? entry : new Mistake(`must be a whole number from ${sidebarWidthRange.min} to ${sidebarWidthRange.max}`)));
	result.socket = checked('socket', entry => (typeof entry === 'string' && entry !== '' ? entry : new Mistake('must be a path to a socket')));
	result.copyKeys = checked('copyKeys', entry => (entry === 'vi' || entry === 'emacs' ? entry : new Mistake('must be "vi" or "emacs"')));
	result.mouse = checked('mouse', entry => (typeof entry === 'boolean' ? entry : new Mistake('must be true or false')));
	result.title = checked('title', entry => (typeof entry === 'boolean' ? entry : new Mistake('must be true or false')));
	result.clipboard = checked('clipboard', entry => (typeof entry === 'boolean' ? entry : new Mistake('must be true or false')));
	for (const key of ['notify', 'notifyWith'] as const) {
		result[key] = checked(key, entry => (typeof entry === 'string' || (Array.isArray(entry) && entry.every(item => typeof item === 'string'))
			? entry as string | string[]
			: new Mistake('must be a list of strings, e.g. ["waiting", "idle"]')));
	}

	// The history options, hosts and agent profiles check themselves and name their own fields.
	for (const parse of [parseHistoryConfig, parseHostsConfig]) {
		try {
			Object.assign(result, parse(config, message => new ConfigError(`${file}: ${message}`)));
		} catch (error) {
			problems.push((error as Error).message);
		}
	}

	if (config['agents'] !== undefined && parseAgents) {
		try {
			// "…/config.json: agents[0].rules[2].line: invalid regular expression: …".
			result.agents = parseAgents(config['agents'], message => new ConfigError(`${file}: ${message}`));
		} catch (error) {
			problems.push((error as Error).message);
		}
	}

	if (problems.length > 0) {
		throw new ConfigError(problems.length === 1 ? problems[0]! : `${problems.length} problems in the config file:\n  ${problems.join('\n  ')}`);
	}

	const warnings = Object.keys(config).filter(key => !knownKeys.includes(key)).map(key => {
		const like = knownKeys.find(known => known.toLowerCase() === key.toLowerCase().replaceAll(/[-_]/g, ''));
		return `${file}: "${key}" is not an option${like ? `; did you mean "${like}"?` : ''} (ignored)`;
	});
	for (const key of Object.keys(result) as Array<keyof Config>) {
		if (result[key] === undefined) {
			// eslint-disable-next-line @typescript-eslint/no-dynamic-delete
			delete result[key];
		}
	}

	return warnings.length > 0 ? {...result, warnings} : result;
}
