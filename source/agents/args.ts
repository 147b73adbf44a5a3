// An agent's command line split the way its own parser reads it (clap, yargs, commander agree on these shapes):
// which options take a value, which take every argument up to the next option, which words are subcommands. What
// adapters need from it on restore: the options to keep, what named a conversation, and the positional arguments.
// Written here rather than taken from a parsing library because it must not know an agent's options to pass them on
// (an option no list names is kept as it was written) and must never fail on what the user typed.

export type OptionSpec = {
	/** Options that take one value: `--model x`, `--model=x`. */
	value?: ReadonlySet<string>;
	/** Options that take every following argument up to the next option: `--add-dir a b`. */
	variadic?: ReadonlySet<string>;
	/** Options that take a value only when the next argument is not an option: `--worktree [name]`. */
	optionalValue?: ReadonlySet<string>;
	/** Options left out of `kept`, with whatever values they took. */
	drop?: ReadonlySet<string>;
	/** Words that are subcommands when they come first among the positional arguments. */
	subcommands?: ReadonlySet<string>;
};

export type SplitArgs = {
	/** The options to pass on, as written. */
	kept: string[];
	positionals: string[];
	subcommand: string | undefined;
	/** Each option seen (by its name, `--model`), with the values it took. */
	seen: Map<string, string[]>;
};

const isOption = (arg: string | undefined): arg is string => arg !== undefined && arg.startsWith('-') && arg !== '-';

export function splitArgs(args: readonly string[], spec: OptionSpec): SplitArgs {
	const result: SplitArgs = {kept: [], positionals: [], subcommand: undefined, seen: new Map()};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') {
			result.positionals.push(...args.slice(i + 1));
			break;
		}

		if (!isOption(arg)) {
			if (result.positionals.length === 0 && result.subcommand === undefined && spec.subcommands?.has(arg)) {
				result.subcommand = arg;
			} else {
				result.positionals.push(arg);
			}

			continue;
		}

		const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
		const name = equals === -1 ? arg : arg.slice(0, equals);
		const values: string[] = equals === -1 ? [] : [arg.slice(equals + 1)];
		const written = [arg];
		if (equals === -1 && spec.value?.has(name) && args[i + 1] !== undefined) {
			values.push(args[++i]!);
			written.push(values[0]!);
		} else if (equals === -1 && spec.variadic?.has(name)) {
			while (i + 1 < args.length && !isOption(args[i + 1])) {
				values.push(args[++i]!);
				written.push(values.at(-1)!);
			}
		} else if (equals === -1 && spec.optionalValue?.has(name) && args[i + 1] !== undefined && !isOption(args[i + 1])) {
			values.push(args[++i]!);
			written.push(values[0]!);
		}

		result.seen.set(name, [...result.seen.get(name) ?? [], ...values]);
		if (!spec.drop?.has(name)) {
			result.kept.push(...written);
		}
	}

	return result;
}
