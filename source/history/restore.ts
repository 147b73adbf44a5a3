// What to run to bring a session back after its daemon stopped: the same command in the same directory, and for an
// agent that can resume (its adapter says how) the same conversation.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import type {ResumeMode} from '../agents/adapter.js';
import {adapterById, builtInCatalog, recognizeCommand} from '../agents/registry.js';
import {shellQuote} from '../state/hooks.js';
import type {ProfileCatalog} from '../state/rules.js';
import {formatLocalTime} from '../format.js';
import type {SessionRecord} from './records.js';

export type RestoreMode =
	/** An agent resuming its conversation (see its adapter): `claude --resume ID`, `--continue`, a new one. */
	| ResumeMode
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
	/** Typed into the restored program once it runs: an agent that was started inside the shell, resuming. */
	typeAfterStart?: string;
};

export type RestoreOptions = {
	/** The profiles in effect, with the config file's command aliases: which agent a command runs. */
	catalog?: ProfileCatalog;
	/**
	Arguments on restore per command basename (from the config file), e.g. {"claude": ["--continue"]} or
	{"npm": ["run", "dev"]}. record.restoreArgs wins over this. Placeholders: "{args}" expands to the original
	arguments, "{conversationId}", "{cwd}", "{name}" and "{id}" are replaced inside any argument.
	*/
	restoreArgs?: Readonly<Record<string, readonly string[]>>;
	/** Whether the agent wrote a conversation with this id (so resuming can find it); default: its adapter looks. */
	conversationExists?: (id: string, record: SessionRecord) => boolean;
	/** Whether a directory exists (default: asks the file system); a last working directory that is gone is not used. */
	directoryExists?: (directory: string) => boolean;
	env?: NodeJS.ProcessEnv;
};

/**
Where the program runs again: where it last worked (a shell after cd, as tmux-resurrect does) while that
directory still exists, else where it was started. Claude Code always goes back to where it started: its
conversations are filed under that directory, so --resume and --continue look there.
*/
function restoreDirectory(record: SessionRecord, whereStarted: boolean, options: RestoreOptions): string {
	const exists = options.directoryExists ?? ((directory: string) => fs.statSync(directory, {throwIfNoEntry: false})?.isDirectory() === true);
	return !whereStarted && typeof record.lastCwd === 'string' && exists(record.lastCwd) ? record.lastCwd : record.cwd;
}

/** The command, arguments and directory that bring the recorded session back. */
export function restoreCommand(record: SessionRecord, options: RestoreOptions = {}): RestoreCommand {
	const recognized = recognizeCommand(record.command, record.args, options.catalog ?? builtInCatalog);
	// A command no rule names whose screen showed an agent (its binary under another name) resumes as that agent.
	const screenAgent = recognized.via === 'none' && record.agent !== undefined ? adapterById(record.agent) : undefined;
	const recognition = screenAgent ? {...recognized, adapter: screenAgent} : recognized;
	const {adapter} = recognition;
	const base = {command: record.command, cwd: restoreDirectory(record, adapter.restoresWhereStarted === true, options), env: {...record.env}};
	const configured = record.restoreArgs ?? options.restoreArgs?.[path.basename(record.command)];
	if (configured) {
		const values: Record<string, string> = {
			conversationId: record.conversationId ?? '',
			cwd: base.cwd,
			name: record.name,
			id: record.id,
		};
		const args = configured.flatMap(arg =>
			arg === '{args}' ? record.args : [arg.replaceAll(/{(conversationId|cwd|name|id)}/g, (_, key: string) => values[key]!)],
		);
		return {...base, args, mode: 'configured', ...(record.conversationId === undefined ? {} : {conversationId: record.conversationId})};
	}

	const {conversationExists} = options;
	const resumeContext = {
		conversationId: record.conversationId,
		// The record's overrides (a CLAUDE_CONFIG_DIR given at creation) win over the daemon's environment.
		env: {...options.env ?? process.env, ...record.env},
		...(conversationExists ? {conversationExists: (id: string) => conversationExists(id, record)} : {}),
	};
	const nested = record.nested;
	const nestedAdapter = nested ? adapterById(nested.agent) : undefined;
	const nestedPlan = nested && nestedAdapter?.resume?.(nested.argv.slice(1), resumeContext);
	if (nested && nestedPlan) {
		// The shell comes back where the agent ran (its conversations are filed there), and the agent is typed into it.
		const exists = options.directoryExists ?? ((directory: string) => fs.statSync(directory, {throwIfNoEntry: false})?.isDirectory() === true);
		return {
			...base,
			cwd: exists(nested.cwd) ? nested.cwd : base.cwd,
			args: [...record.args],
			mode: nestedPlan.mode,
			...(nestedPlan.conversationId === undefined ? {} : {conversationId: nestedPlan.conversationId}),
			typeAfterStart: `${shellQuote([nested.argv[0]!, ...nestedPlan.args])}\r`,
		};
	}

	const plan = adapter.resume?.(recognition.args, resumeContext);
	if (!plan) {
		return {...base, args: [...record.args], mode: 'rerun'};
	}

	return {...base, args: [...recognition.prefix, ...plan.args], mode: plan.mode, ...(plan.conversationId === undefined ? {} : {conversationId: plan.conversationId})};
}

/** The line a restored session shows between the old program's output and the new one's: when, and what runs. */
export function restoredBanner(at: Date, plan: Pick<RestoreCommand, 'command' | 'args'>): string {
	return `\u001B[2m── restored ${formatLocalTime(at, {seconds: false})} · ${[plan.command, ...plan.args].join(' ')} ──\u001B[0m\r\n`;
}
