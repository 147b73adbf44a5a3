// The agents claude-tui knows, and the one way to tell which of them a command runs. Adding an agent: a file in this
// directory exporting its AgentAdapter (see claude-code.ts or aider.ts), and one line in `builtInAdapters` below.
import fs from 'node:fs';
import path from 'node:path';
import type {AgentProfile, ProfileCatalog} from '../state/rules.js';
import type {AgentAdapter} from './adapter.js';
import {aider} from './aider.js';
import {claudeCode} from './claude-code.js';
import {codexCli} from './codex-cli.js';
import {geminiCli} from './gemini-cli.js';
import {generic} from './generic.js';
import {opencode} from './opencode.js';
import {shell} from './shell.js';

/**
Every built-in adapter. The agents come first, in the order their signatures are tried on a shell's screen (the ones
whose signatures name themselves first: Codex's and Gemini CLI's footers have Claude Code's `? for shortcuts` too); then the hosts an agent
may run inside (the shell), and last the generic program.
*/
export const builtInAdapters: readonly AgentAdapter[] = [codexCli, geminiCli, claudeCode, aider, opencode, shell, generic];

const hostIds: ReadonlySet<string> = new Set([shell.id, generic.id]);

/** Every built-in screen profile, in the adapters' order. */
export const builtInProfiles: readonly AgentProfile[] = builtInAdapters.map(adapter => adapter.profile);

/**
The profiles in effect: the user's (from the config file) first, then the built-in ones they do not replace, and
command names the config file says are one of them (`"claudeCommands": ["cc"]`). Shell and generic are hosts: an
agent started inside one is found by its signature.
*/
export function profileCatalog(userProfiles: readonly AgentProfile[] = [], aliases: Readonly<Record<string, string>> = {}): ProfileCatalog {
	const replaced = new Set(userProfiles.map(profile => profile.id));
	const profiles = [...userProfiles, ...builtInProfiles.filter(profile => !replaced.has(profile.id))];
	const known = new Map(Object.entries(aliases).map(([name, id]) => [commandName(name), id]));
	return {
		profiles,
		agents: profiles.filter(profile => !hostIds.has(profile.id)),
		fallback: profiles.find(profile => profile.id === generic.id) ?? generic.profile,
		aliases: known,
	};
}

export const builtInCatalog: ProfileCatalog = profileCatalog();

/** What `claude`, `/usr/bin/claude` and `claude.exe` have in common: the name profiles list in `commands`. */
export function commandName(command: string): string {
	return (command.split(/[\\/]/).pop() ?? command).replace(/\.(?:exe|cmd|js|mjs)$/i, '').toLowerCase();
}

/** The adapter behind a profile: the built-in one of its id, or of the built-in profile it extends; else generic. */
export function adapterFor(profile: AgentProfile): AgentAdapter {
	return builtInAdapters.find(adapter => adapter.id === profile.id)
		?? builtInAdapters.find(adapter => adapter.id === profile.extends)
		?? generic;
}

// Package runners: `npx @anthropic-ai/claude-code`, `pnpm dlx …`, `bunx …`; the agent's own arguments follow the package.
const runners = new Map<string, readonly string[]>([
	['npx', []],
	['pnpx', []],
	['bunx', []],
	['pnpm', ['dlx', 'exec']],
	['yarn', ['dlx', 'exec']],
	['npm', ['exec', 'x']],
]);

export type Recognition = {
	profile: AgentProfile;
	adapter: AgentAdapter;
	/** Arguments before the agent's own (a package runner's and the package); empty when the command is the agent. */
	prefix: string[];
	/** The agent's own arguments. */
	args: string[];
	/** What recognised it. */
	via: 'command' | 'alias' | 'package' | 'executable' | 'none';
};

export type RecognizeOptions = {
	/** The executable the command resolves to (on PATH); a symlink to an agent's binary is that agent. */
	executable?: string | undefined;
};

/**
Which agent a command runs, and where its own arguments start: by command name (`claude`, `/usr/bin/claude`,
`claude.exe`), a config-file alias, a package runner naming the agent's package, or the binary a symlink points at.
A command none of them names gets the fallback (generic) profile.
*/
export function recognizeCommand(command: string, args: readonly string[], catalog: ProfileCatalog = builtInCatalog, options: RecognizeOptions = {}): Recognition {
	const found = (profile: AgentProfile, via: Recognition['via'], prefix: string[] = [], own: readonly string[] = args): Recognition => ({
		profile,
		adapter: adapterFor(profile),
		prefix,
		args: [...own],
		via,
	});

	const name = commandName(command);
	const byName = profileNamed(name, catalog);
	if (byName) {
		return found(byName.profile, byName.via);
	}

	const subcommands = runners.get(name);
	if (subcommands) {
		const start = subcommands.length === 0 ? 0 : subcommands.includes(args[0] ?? '') ? 1 : -1;
		const index = start === -1 ? -1 : args.findIndex((arg, at) => at >= start && !arg.startsWith('-'));
		const packageName = index === -1 ? undefined : args[index]!.replace(/(?<=.)@[^@/]*$/, '');
		const adapter = builtInAdapters.find(candidate => candidate.packages?.includes(packageName ?? ''));
		if (adapter) {
			const profile = catalog.profiles.find(candidate => candidate.id === adapter.id) ?? adapter.profile;
			return found(profile, 'package', args.slice(0, index + 1), args.slice(index + 1));
		}
	}

	if (options.executable) {
		let real: string | undefined;
		try {
			real = fs.realpathSync(options.executable);
		} catch {}

		const byBinary = real === undefined || path.basename(real) === path.basename(options.executable) ? undefined : profileNamed(commandName(real), catalog);
		if (byBinary) {
			return found(byBinary.profile, 'executable');
		}
	}

	return found(catalog.fallback, 'none');
}

function profileNamed(name: string, catalog: ProfileCatalog): {profile: AgentProfile; via: 'command' | 'alias'} | undefined {
	const byCommand = catalog.profiles.find(profile => profile.commands.includes(name));
	if (byCommand) {
		return {profile: byCommand, via: 'command'};
	}

	const alias = catalog.aliases?.get(name);
	const aliased = alias === undefined ? undefined : catalog.profiles.find(profile => profile.id === alias);
	return aliased ? {profile: aliased, via: 'alias'} : undefined;
}

/** The profile for a session's command: the first that names it (the user's before the built-in ones), else the fallback. */
export function profileForCommand(command: string, catalog: ProfileCatalog = builtInCatalog): AgentProfile {
	return recognizeCommand(command, [], catalog).profile;
}

export function adapterById(id: string): AgentAdapter | undefined {
	return builtInAdapters.find(adapter => adapter.id === id);
}
