// The config file's history options (recording, restore), checked field by field so a mistake is named.
// Kept here, not beside the writer, so that reading the options (the TUI does, as it starts) loads no recording code.
export const defaultMaxBytes = 64 * 1024 * 1024;

export type HistoryConfig = {
	/** Record every session's output to disk (default true). Records, and so restore, are kept either way. */
	record?: boolean;
	/** Record keyboard input too ("i" events; default false: input may hold passwords). */
	recordInput?: boolean;
	/** Size of a session's recording before it rotates, in MiB (default 64). */
	recordingMaxMiB?: number;
	/** Rotated recordings kept per session (default 1). */
	recordingGenerations?: number;
	/** Arguments a command gets on restore, by command name; see restore.ts for the placeholders. */
	restoreArgs?: Record<string, string[]>;
	/** Command names that are Claude Code besides `claude` (restore resumes their conversation). */
	claudeCommands?: string[];
};

/** What the daemon does with history, the config's choices filled in with the defaults. */
export type HistorySettings = {
	record: boolean;
	recordInput: boolean;
	maxBytes: number;
	generations: number;
	restoreArgs: Record<string, string[]>;
	claudeCommands: string[];
};

export function historySettings(config: HistoryConfig = {}): HistorySettings {
	return {
		record: config.record ?? true,
		recordInput: config.recordInput ?? false,
		maxBytes: config.recordingMaxMiB === undefined ? defaultMaxBytes : Math.round(config.recordingMaxMiB * 1024 * 1024),
		generations: config.recordingGenerations ?? 1,
		restoreArgs: config.restoreArgs ?? {},
		claudeCommands: config.claudeCommands ?? [],
	};
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(item => typeof item === 'string');

/** Picks the history options out of a parsed config object; `invalid` makes the error for a bad one. */
export function parseHistoryConfig(config: Record<string, unknown>, invalid: (message: string) => Error): HistoryConfig {
	const result: HistoryConfig = {};
	for (const key of ['record', 'recordInput'] as const) {
		if (config[key] !== undefined) {
			if (typeof config[key] !== 'boolean') {
				throw invalid(`"${key}" must be true or false`);
			}

			result[key] = config[key];
		}
	}

	const maxMiB = config['recordingMaxMiB'];
	if (maxMiB !== undefined) {
		if (typeof maxMiB !== 'number' || !(maxMiB >= 0.01) || !Number.isFinite(maxMiB)) {
			throw invalid('"recordingMaxMiB" must be a number of MiB, at least 0.01');
		}

		result.recordingMaxMiB = maxMiB;
	}

	const generations = config['recordingGenerations'];
	if (generations !== undefined) {
		if (typeof generations !== 'number' || !Number.isInteger(generations) || generations < 0 || generations > 100) {
			throw invalid('"recordingGenerations" must be a whole number from 0 to 100');
		}

		result.recordingGenerations = generations;
	}

	const restoreArgs = config['restoreArgs'];
	if (restoreArgs !== undefined) {
		if (typeof restoreArgs !== 'object' || restoreArgs === null || Array.isArray(restoreArgs) || !Object.values(restoreArgs).every(value => isStringArray(value))) {
			throw invalid('"restoreArgs" must map command names to arrays of strings, e.g. {"npm": ["run", "dev"]}');
		}

		result.restoreArgs = restoreArgs as Record<string, string[]>;
	}

	const claudeCommands = config['claudeCommands'];
	if (claudeCommands !== undefined) {
		if (!isStringArray(claudeCommands)) {
			throw invalid('"claudeCommands" must be an array of command names');
		}

		result.claudeCommands = claudeCommands;
	}

	return result;
}
