// The prefix key table, as tmux's: which key after the prefix does what. The controller carries the actions out; the
// help box (prefix ?) is drawn from the lines beside it.
import type {Key} from './keys.js';

export type Action =
	| 'detach'
	| 'previous'
	| 'next'
	| 'last'
	| 'select-index'
	| 'next-waiting'
	| 'new'
	| 'kill'
	| 'rename'
	| 'command-prompt'
	| 'focus-sidebar'
	| 'toggle-sidebar'
	| 'copy-mode'
	| 'paste'
	| 'help';

export type Binding = {
	/** Key names as keys.ts decodes them (`up`, `tab`, `1`, `,`). */
	keys: readonly string[];
	action: Action;
	/** It would change a session: refused when attached read-only. */
	changes?: true;
	/** Also when the terminal is too small to draw the layout (the way out must always work). */
	whenTooSmall?: true;
};

export const prefixBindings: readonly Binding[] = [
	{keys: ['up', 'p', '('], action: 'previous'},
	{keys: ['down', 'n', ')'], action: 'next'},
	{keys: ['L'], action: 'last'},
	{keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], action: 'select-index'},
	{keys: ['w'], action: 'next-waiting'},
	{keys: ['c'], action: 'new', changes: true},
	{keys: ['x'], action: 'kill', changes: true},
	{keys: [',', '$'], action: 'rename', changes: true},
	{keys: [':'], action: 'command-prompt'},
	{keys: ['s', 'tab'], action: 'focus-sidebar'},
	{keys: ['z'], action: 'toggle-sidebar'},
	{keys: ['['], action: 'copy-mode'},
	{keys: [']'], action: 'paste', changes: true},
	{keys: ['?'], action: 'help'},
	{keys: ['d'], action: 'detach', whenTooSmall: true},
];

/**
The help box's lines for the table, a few actions to a line so that it fits a 24-row terminal; `actions` says which
bindings a line tells of (a test checks that every binding is told of exactly once).
*/
export const prefixHelp: ReadonlyArray<{keys: string; what: string; actions: readonly Action[]}> = [
	{keys: '↑ ↓ p n ( )', what: 'previous / next session · L last', actions: ['previous', 'next', 'last']},
	{keys: '1 … 9', what: 'jump to session 1-9', actions: ['select-index']},
	{keys: 'w', what: 'next session waiting for you', actions: ['next-waiting']},
	{keys: 'c', what: 'new session', actions: ['new']},
	{keys: 'x', what: 'kill session (asks first)', actions: ['kill']},
	{keys: ',  $', what: 'rename session · : command prompt', actions: ['rename', 'command-prompt']},
	{keys: 's  Tab', what: 'focus the sidebar · z hide it', actions: ['focus-sidebar', 'toggle-sidebar']},
	{keys: '[  ]', what: 'copy mode · paste what was copied', actions: ['copy-mode', 'paste']},
	{keys: '?', what: 'this help', actions: ['help']},
	{keys: 'd', what: 'detach, sessions keep running', actions: ['detach']},
];

/** The binding of a key pressed after the prefix, if it has one. */
export function lookupBinding(key: Key, table: readonly Binding[] = prefixBindings): Binding | undefined {
	return table.find(binding => binding.keys.includes(key.name));
}
