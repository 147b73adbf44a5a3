// What a command is, as the command line sees it: its usage, description, flags and arity (its spec), and what it
// does (run). Each command is one module in commands/ that exports one `command` made by defineCommand (define.ts),
// whose run gets its own flags, typed from its spec.

export type FlagSpec =
	| {type: 'boolean'; short?: string}
	| {type: 'string'; short?: string; default?: string}
	| {type: 'number'; short?: string; default?: number};

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** A flag's value: booleans are false unless given; others are undefined unless given or defaulted. */
type FlagValue<Spec extends FlagSpec> = Spec extends {type: 'boolean'}
	? boolean
	: (Spec extends {type: 'number'} ? number : string) | (Spec extends {default: string | number} ? never : undefined);

export type Flags<Specs extends FlagSpecs> = {-readonly [Name in keyof Specs]: FlagValue<Specs[Name]>};

export type CommandSpec<Specs extends FlagSpecs = FlagSpecs> = {
	usage: string;
	description: string;
	/** The command's own flags, besides --socket (and --help). Named in camelCase, written in kebab-case. */
	flags: Specs;
	flagHelp?: readonly string[];
	/** Positional arguments: [minimum, maximum] (Infinity for "any number"). After `--`, every word is one. */
	arity: readonly [number, number];
};

export type Output = {
	out: (text: string) => void;
};

export type CommandContext<Specs extends FlagSpecs> = {
	/** The command's name as typed ('' for the bare TUI). */
	name: string;
	flags: Flags<Specs>;
	inputs: string[];
	/** The socket the command line chose: the flag, else $CLAUDE_TUI_SOCKET, else the config file, else the default place. */
	socket: string;
	output: Output;
};

/** A command as the entry handles it: its spec, and a function of the words after its name. */
export type Command = {
	spec: CommandSpec;
	/** Parses `words` (the command line without the command's name) with the spec, and runs the command. */
	execute: (name: string, words: readonly string[]) => Promise<void>;
};

export type CommandDefinition<Specs extends FlagSpecs> = CommandSpec<Specs> & {
	run: (context: CommandContext<Specs>) => Promise<void> | void;
};
