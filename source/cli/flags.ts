// The command line's words to a command's typed flags and its positional arguments, with Node's own parser
// (util.parseArgs: nothing to load, where meow cost 66 ms of every command's start, its bundled
// normalize-package-data running as it loads). Only what parseArgs leaves out is here: number flags, flags written
// in kebab-case for camelCase names, --no-FLAG, every unknown flag named at once, and `--`.
import {parseArgs} from 'node:util';
import {UsageError} from './errors.js';
import type {CommandSpec, Flags, FlagSpec, FlagSpecs} from './spec.js';

/** Every command takes --socket (where its daemon is); it is resolved into the context's `socket`. */
export const globalFlags = {
	socket: {type: 'string', short: 'S'},
} as const satisfies FlagSpecs;

export type ParsedCommandLine<Specs extends FlagSpecs> = {
	help: boolean;
	flags: Flags<Specs>;
	/** --socket as given. */
	socket: string | undefined;
	/** Positional arguments, then every word after `--` (a command line for `new`, literal text for `send`). */
	inputs: string[];
};

export function kebabCase(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

type ParseArgsOptions = Record<string, {type: 'string' | 'boolean'; short?: string}>;

/** parseArgs' options for `flags`, and which flag each name it may report stands for (kebab-case or camelCase). */
function parserOptions(flags: Readonly<Record<string, FlagSpec>>): {options: ParseArgsOptions; names: Map<string, string>} {
	const options: ParseArgsOptions = {};
	const names = new Map<string, string>();
	for (const [name, spec] of Object.entries(flags)) {
		const type = spec.type === 'boolean' ? 'boolean' : 'string';
		options[kebabCase(name)] = spec.short === undefined ? {type} : {type, short: spec.short};
		names.set(kebabCase(name), name);
		if (kebabCase(name) !== name) {
			// As meow took them too: --sidebarWidth for --sidebar-width.
			options[name] = {type};
			names.set(name, name);
		}
	}

	return {options, names};
}

/** The words that, before the command's name, take the next word as their value (`--socket PATH ls`). */
export function valueFlagWords(flags: Readonly<Record<string, FlagSpec>>): string[] {
	return Object.entries(flags).filter(([, spec]) => spec.type !== 'boolean').flatMap(([name, spec]) => [
		`--${kebabCase(name)}`,
		...(kebabCase(name) === name ? [] : [`--${name}`]),
		...(spec.short === undefined ? [] : [`-${spec.short}`]),
	]);
}

/**
The command's name: the first word that is neither a flag nor a flag's value, before any `--`. `valueFlags` are
the words that take a value, of every command (a flag before the name may be any command's).
Returns the name's index, or -1 for none (the bare TUI).
*/
export function commandNameIndex(argv: readonly string[], valueFlags: ReadonlySet<string>): number {
	for (let index = 0; index < argv.length; index++) {
		const word = argv[index]!;
		if (word === '--') {
			return -1;
		}

		if (!word.startsWith('-') || word === '-') {
			return index;
		}

		if (valueFlags.has(word)) {
			index++;
		}
	}

	return -1;
}

/**
Parses a command's words (the command line without the command's name). Errors are UsageErrors worded for the
person who typed them; `--help` wins over every error but an unknown command (which the entry reports).
*/
export function parseCommandLine<Specs extends FlagSpecs>(name: string, spec: CommandSpec<Specs>, words: readonly string[]): ParsedCommandLine<Specs> {
	const separator = words.indexOf('--');
	const before = separator === -1 ? [...words] : words.slice(0, separator);
	const after = separator === -1 ? [] : words.slice(separator + 1);
	const all: Readonly<Record<string, FlagSpec>> = {...globalFlags, ...spec.flags, help: {type: 'boolean'}, version: {type: 'boolean'}};
	const {options, names} = parserOptions(all);
	const {tokens} = parseArgs({args: before, options, strict: false, allowPositionals: true, tokens: true});
	const values = new Map<string, string | boolean | number>();
	const unknown = new Set<string>();
	const problems: string[] = [];
	const inputs: string[] = [];
	const command = ['claude-tui', name, '--help'].filter(Boolean).join(' ');
	for (const token of tokens) {
		if (token.kind === 'positional') {
			inputs.push(token.value);
			continue;
		}

		if (token.kind !== 'option') {
			continue;
		}

		const negated = token.name.startsWith('no-') ? names.get(token.name.slice(3)) : undefined;
		const flag = names.get(token.name) ?? (negated !== undefined && all[negated]?.type === 'boolean' ? negated : undefined);
		const flagSpec = flag === undefined ? undefined : all[flag];
		if (flag === undefined || flagSpec === undefined) {
			unknown.add(token.rawName.startsWith('--') ? `--${kebabCase(token.name)}` : `-${token.name}`);
			continue;
		}

		const shown = token.rawName.startsWith('--') ? `--${kebabCase(flag)}` : token.rawName;
		if (flagSpec.type === 'boolean') {
			if (token.value === undefined) {
				values.set(flag, flag !== negated);
			} else if (token.value === 'true' || token.value === 'false') {
				values.set(flag, (token.value === 'true') !== (flag === negated));
			} else {
				problems.push(`${shown} takes no value`);
			}
		} else if (token.value === undefined) {
			problems.push(`${shown} needs a value`);
		} else {
			// A word that is no number is NaN here: the command says what it takes.
			values.set(flag, flagSpec.type === 'number' ? (token.value.trim() === '' ? Number.NaN : Number(token.value)) : token.value);
		}
	}

	const help = values.get('help') === true;
	if (!help) {
		if (unknown.size > 0) {
			throw new UsageError(`Unknown option ${[...unknown].join(', ')}. Run \`${command}\` for the options.`);
		}

		if (problems.length > 0) {
			throw new UsageError(`${problems.join('; ')}. Run \`${command}\` for the options.`);
		}

		inputs.push(...after);
		const [min, max] = spec.arity;
		if (inputs.length < min || inputs.length > max) {
			throw new UsageError(`Usage: ${spec.usage}`);
		}
	}

	const socket = values.get('socket');
	return {help, flags: commandFlags(spec.flags, values), socket: typeof socket === 'string' ? socket : undefined, inputs};
}

/** The command's flags with their defaults (false for a boolean not given). */
function commandFlags<Specs extends FlagSpecs>(specs: Specs, values: ReadonlyMap<string, string | boolean | number>): Flags<Specs> {
	const flags: Record<string, string | boolean | number | undefined> = {};
	for (const [name, spec] of Object.entries(specs)) {
		flags[name] = values.get(name) ?? (spec.type === 'boolean' ? false : spec.default);
	}

	// Each value has its spec's type: booleans from boolean tokens, numbers from Number(), strings as given.
	return flags as Flags<Specs>;
}
