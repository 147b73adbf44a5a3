// What to run to bring a session back after its daemon stopped: the same command in the same directory, and for
// Claude Code the same conversation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {SessionRecord} from './records.js';

export type RestoreMode =
	/** Claude Code, resuming the exact conversation: `claude --resume ID`. */
	| 'resume'
	/** Claude Code, conversation id unknown: `claude --continue` (the most recent conversation in that cwd). */
	| 'continue'
	/** Claude Code, the conversation was never written (nothing was said): a new one under the same id. */
	| 'new-conversation'
	/** Anything else: the original command and arguments. */
	| 'rerun'
	/** record.restoreArgs or the configured arguments for this command. */
	| 'configured';

export type RestoreCommand = {
	command: string;
	args: string[];
	cwd: string;
	/** The record's environment overrides, to apply as at creation. */
	env: Record<string, string>;
	mode: RestoreMode;
	conversationId?: string;
};

export type RestoreOptions = {
	/** Command names (basenames) treated as Claude Code besides `claude`. */
	claudeCommands?: readonly string[];
	/**
	Arguments on restore per command basename (from the config file), e.g. {"claude": ["--continue"]} or
	{"npm": ["run", "dev"]}. record.restoreArgs wins over this. Placeholders: "{args}" expands to the original
	arguments, "{conversationId}", "{cwd}", "{name}" and "{id}" are replaced inside any argument.
	*/
	restoreArgs?: Readonly<Record<string, readonly string[]>>;
	/**
	Whether Claude Code wrote a conversation with this id (so `--resume ID` can find it). Default: looks for
	`<id>.jsonl` under `$CLAUDE_CONFIG_DIR/projects/*` (default `~/.claude/projects/*`), and answers yes when that
	directory cannot be read at all.
	*/
	conversationExists?: (id: string, record: SessionRecord) => boolean;
	/** Whether a directory exists (default: asks the file system); a last working directory that is gone is not used. */
	directoryExists?: (directory: string) => boolean;
	env?: NodeJS.ProcessEnv;
};

export function isClaudeCommand(command: string, options: Pick<RestoreOptions, 'claudeCommands'> = {}): boolean {
	const name = path.basename(command);
	return name === 'claude' || (options.claudeCommands?.includes(name) ?? false);
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
const claudeSubcommands = new Set([
	'mcp',
	'config',
	'update',
	'doctor',
	'install',
	'migrate-installer',
	'setup-token',
	'plugin',
]);

type ClaudeArgs = {
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
For a new Claude Code session: give it a conversation id of our choosing (`--session-id UUID`) unless its
arguments already pick one, so that restore can later resume exactly this conversation even when several
sessions share a directory (where `--continue` would pick whichever was most recent). Store the returned
conversationId in the record. Other commands pass through unchanged.
*/
export function prepareLaunch(
	command: string,
	args: readonly string[],
	options: Pick<RestoreOptions, 'claudeCommands'> & {randomUUID?: () => string} = {},
): {args: string[]; conversationId: string | undefined} {
	if (!isClaudeCommand(command, options)) {
		return {args: [...args], conversationId: undefined};
	}

	const parsed = parseClaudeArgs(args);
	if (claudeSubcommands.has(parsed.positionals[0] ?? '')) {
		return {args: [...args], conversationId: undefined};
	}

	if (parsed.choosesConversation) {
		// --resume ID / --session-id ID name it; -c / bare -r leave it unknown.
		return {args: [...args], conversationId: parsed.conversationId};
	}

	const conversationId = (options.randomUUID ?? crypto.randomUUID)();
	return {args: ['--session-id', conversationId, ...args], conversationId};
}

/**
Where the program runs again: where it last worked (a shell after cd, as tmux-resurrect does) while that
directory still exists, else where it was started. Claude Code always goes back to where it started: its
conversations are filed under that directory, so --resume and --continue look there.
*/
function restoreDirectory(record: SessionRecord, claude: boolean, options: RestoreOptions): string {
	const exists = options.directoryExists ?? ((directory: string) => fs.statSync(directory, {throwIfNoEntry: false})?.isDirectory() === true);
	return !claude && typeof record.lastCwd === 'string' && exists(record.lastCwd) ? record.lastCwd : record.cwd;
}

/** The command, arguments and directory that bring the recorded session back. */
export function restoreCommand(record: SessionRecord, options: RestoreOptions = {}): RestoreCommand {
	const claude = isClaudeCommand(record.command, options);
	const base = {command: record.command, cwd: restoreDirectory(record, claude, options), env: {...record.env}};
	const parsed = claude ? parseClaudeArgs(record.args) : undefined;
	const conversationId = record.conversationId ?? parsed?.conversationId;
	const configured = record.restoreArgs ?? options.restoreArgs?.[path.basename(record.command)];
	if (configured) {
		const values: Record<string, string> = {
			conversationId: conversationId ?? '',
			cwd: base.cwd,
			name: record.name,
			id: record.id,
		};
		const args = configured.flatMap(arg =>
			arg === '{args}' ? record.args : [arg.replaceAll(/{(conversationId|cwd|name|id)}/g, (_, key: string) => values[key]!)],
		);
		return {...base, args, mode: 'configured', conversationId};
	}

	if (!parsed || claudeSubcommands.has(parsed.positionals[0] ?? '')) {
		return {...base, args: [...record.args], mode: 'rerun'};
	}

	// Claude Code: keep the options (model, permissions, directories), drop the initial prompt (it was already
	// answered, and must not be sent again) and whatever chose the conversation.
	if (!conversationId) {
		return {...base, args: ['--continue', ...parsed.kept], mode: 'continue'};
	}

	const exists = (options.conversationExists ?? defaultConversationExists(options.env))(conversationId, record);
	// Only an id of our own making (a UUID) can start a new conversation; any other is left to --resume.
	if (exists || !uuid.test(conversationId)) {
		return {...base, args: ['--resume', conversationId, ...parsed.kept], mode: 'resume', conversationId};
	}

	return {...base, args: ['--session-id', conversationId, ...parsed.kept], mode: 'new-conversation', conversationId};
}

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

function defaultConversationExists(env: NodeJS.ProcessEnv = process.env): (id: string, record: SessionRecord) => boolean {
	return (id, record) => {
		const configDirectory = record.env['CLAUDE_CONFIG_DIR'] ?? env['CLAUDE_CONFIG_DIR'] ?? path.join(os.homedir(), '.claude');
		const projects = path.join(configDirectory, 'projects');
		let directories: string[];
		try {
			directories = fs.readdirSync(projects);
		} catch {
			// Cannot tell: try to resume (Claude Code says so if it cannot find it).
			return true;
		}

		return directories.some(directory => fs.existsSync(path.join(projects, directory, `${id}.jsonl`)));
	};
}
