// prefix : — a prompt that runs claude-tui's commands, as tmux's command prompt runs tmux's: the words of
// `claude-tui COMMAND …` (new, rename, kill, rm, restore, send, select, detach, copy-mode, paste), and tmux's names
// for the same (new-session, rename-session, kill-session, switch-client -t, send-keys, detach-client, paste-buffer).
// Parsing only: prompt-commands.ts carries the command out.
import {splitCommandLine} from './command-line.js';

export type PromptCommand =
	| {type: 'new'; name?: string; cwd?: string; command?: string; args: string[]}
	| {type: 'rename'; session?: string; name: string}
	| {type: 'kill'; session?: string; signal?: string}
	| {type: 'remove'; session?: string}
	| {type: 'restore'; session?: string}
	| {type: 'send'; session?: string; text: string; enter: boolean}
	| {type: 'select'; session: string}
	| {type: 'detach'}
	| {type: 'copy-mode'}
	| {type: 'paste'}
	| {type: 'sidebar'}
	| {type: 'help'};

const aliases: Record<string, string> = {
	'new-session': 'new',
	'rename-session': 'rename',
	'kill-session': 'kill',
	remove: 'rm',
	'switch-client': 'select',
	switch: 'select',
	attach: 'select',
	'attach-session': 'select',
	'select-session': 'select',
	'send-keys': 'send',
	'detach-client': 'detach',
	'paste-buffer': 'paste',
	'list-keys': 'help',
	zoom: 'sidebar',
};

export const promptCommands = ['new', 'rename', 'kill', 'rm', 'restore', 'send', 'select', 'detach', 'copy-mode', 'paste', 'sidebar', 'help'] as const;

export class PromptError extends Error {}

/** Options of one command: each flag (long and short) to the key it fills; `true` for ones without a value. */
type FlagSpec = Record<string, {key: string; value: boolean}>;

function takeFlags(words: string[], spec: FlagSpec): {flags: Record<string, string | true>; rest: string[]} {
	const flags: Record<string, string | true> = {};
	const rest: string[] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		if (word === '--') {
			rest.push(...words.slice(index + 1));
			break;
		}

		const flag = spec[word];
		if (flag) {
			if (flag.value) {
				const value = words[++index];
				if (value === undefined) {
					throw new PromptError(`${word} needs a value`);
				}

				flags[flag.key] = value;
			} else {
				flags[flag.key] = true;
			}
		} else if (word.startsWith('-') && rest.length === 0 && word !== '-') {
			throw new PromptError(`Unknown option ${word}`);
		} else {
			rest.push(word);
		}
	}

	return {flags, rest};
}

const target = {'-t': {key: 'session', value: true}};

/** What a line typed at the prompt asks for; a PromptError says what is wrong with it. */
export function parsePromptCommand(line: string): PromptCommand {
	let words: string[];
	try {
		words = splitCommandLine(line);
	} catch (error) {
		throw new PromptError((error as Error).message);
	}

	const [first, ...rest] = words;
	if (first === undefined) {
		throw new PromptError('Type a command: ' + promptCommands.join(', '));
	}

	const name = aliases[first] ?? first;
	const optional = (flags: Record<string, string | true>, key: string) => (typeof flags[key] === 'string' ? flags[key] : undefined);
	switch (name) {
		case 'new': {
			const {flags, rest: command} = takeFlags(rest, {'-n': {key: 'name', value: true}, '--name': {key: 'name', value: true}, '-s': {key: 'name', value: true}, '-c': {key: 'cwd', value: true}, '--cwd': {key: 'cwd', value: true}});
			const [program, ...args] = command;
			return {type: 'new', name: optional(flags, 'name'), cwd: optional(flags, 'cwd'), command: program, args};
		}

		case 'rename': {
			const {flags, rest: words} = takeFlags(rest, target);
			const session = optional(flags, 'session') ?? (words.length > 1 ? words[0] : undefined);
			const newName = words.at(-1);
			if (newName === undefined || words.length > 2) {
				throw new PromptError('Usage: rename [SESSION] NAME');
			}

			return {type: 'rename', session, name: newName};
		}

		case 'kill': {
			const {flags, rest: words} = takeFlags(rest, {...target, '-s': {key: 'signal', value: true}, '--signal': {key: 'signal', value: true}});
			return {type: 'kill', session: optional(flags, 'session') ?? one(words, 'kill [SESSION] [--signal SIG]'), signal: optional(flags, 'signal')};
		}

		case 'rm':
		case 'restore': {
			const {flags, rest: words} = takeFlags(rest, target);
			return {type: name === 'rm' ? 'remove' : 'restore', session: optional(flags, 'session') ?? one(words, `${name} [SESSION]`)};
		}

		case 'send': {
			const {flags, rest: words} = takeFlags(rest, {...target, '-e': {key: 'enter', value: false}, '--enter': {key: 'enter', value: false}});
			// tmux's send-keys Enter: the word Enter at the end presses it.
			const enter = flags['enter'] === true || words.at(-1) === 'Enter';
			const text = (words.at(-1) === 'Enter' ? words.slice(0, -1) : words).join(' ');
			if (text === '' && !enter) {
				throw new PromptError('Usage: send [-t SESSION] [--enter] TEXT');
			}

			return {type: 'send', session: optional(flags, 'session'), text, enter};
		}

		case 'select': {
			const {flags, rest: words} = takeFlags(rest, target);
			const session = optional(flags, 'session') ?? one(words, 'select SESSION');
			if (session === undefined) {
				throw new PromptError('Usage: select SESSION');
			}

			return {type: 'select', session};
		}

		case 'detach':
		case 'copy-mode':
		case 'paste':
		case 'sidebar':
		case 'help': {
			if (rest.length > 0) {
				throw new PromptError(`${name} takes no arguments`);
			}

			return {type: name};
		}

		default: {
			throw new PromptError(`Unknown command "${first}"; commands: ${promptCommands.join(', ')}`);
		}
	}
}

/** The one optional positional argument a command takes. */
function one(words: string[], usage: string): string | undefined {
	if (words.length > 1) {
		throw new PromptError(`Usage: ${usage}`);
	}

	return words[0];
}
