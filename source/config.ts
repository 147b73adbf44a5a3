// The optional config file ($XDG_CONFIG_HOME/claude-tui/config.json). Every option also has a flag, and flags win.
import fs from 'node:fs';
import {parseHistoryConfig, type HistoryConfig} from './history/settings.js';
import {configFile} from './paths.js';
import {parseAgentProfiles} from './state/profile-config.js';
import type {AgentProfile} from './state/rules.js';

export type Config = {
	prefix?: string;
	sidebarWidth?: number;
	socket?: string;
	/** Background-session events that notify: "waiting", "idle", "exited" (a list, or a comma-separated string; "none"). */
	notify?: string | string[];
	/** How: "bell", "osc9", "osc777". */
	notifyWith?: string | string[];
	/** Copy mode's keys: "vi" or "emacs" (default: vi when $VISUAL or $EDITOR is a vi). */
	copyKeys?: 'vi' | 'emacs';
	/** Take the mouse over the pane where the program does not (wheel and drag: copy mode). Default true. */
	mouse?: boolean;
	/** Agent profiles for state detection, checked and completed: tried before the built-in ones, replacing those with the same id. */
	agents?: AgentProfile[];
} & HistoryConfig;

export class ConfigError extends Error {}

export function loadConfig(file = configFile()): Config {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {};
		}

		throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`);
	}

	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ConfigError(`${file} must hold a JSON object`);
	}

	const config = value as Record<string, unknown>;
	const result: Config = {};
	for (const [key, expected] of [['prefix', 'string'], ['sidebarWidth', 'number'], ['socket', 'string'], ['copyKeys', 'string'], ['mouse', 'boolean']] as const) {
		if (config[key] === undefined) {
			continue;
		}

		if (typeof config[key] !== expected) {
			throw new ConfigError(`${file}: "${key}" must be a ${expected}`);
		}

		(result as Record<string, unknown>)[key] = config[key];
	}

	Object.assign(result, parseHistoryConfig(config, message => new ConfigError(`${file}: ${message}`)));

	for (const key of ['notify', 'notifyWith'] as const) {
		const entry = config[key];
		if (entry === undefined) {
			continue;
		}

		if (typeof entry !== 'string' && !(Array.isArray(entry) && entry.every(item => typeof item === 'string'))) {
			throw new ConfigError(`${file}: "${key}" must be a list of strings, e.g. ["waiting", "idle"]`);
		}

		result[key] = entry as string | string[];
	}

	if (config['agents'] !== undefined) {
		// The message names the bad field's path: "…/config.json: agents[0].rules[2].line: invalid regular expression: …".
		result.agents = parseAgentProfiles(config['agents'], message => new ConfigError(`${file}: ${message}`));
	}

	return result;
}
