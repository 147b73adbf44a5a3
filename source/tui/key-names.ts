// Keys as tmux writes them: a prefix given as people write it ('C-b', 'M-a', 'F12') turned into the bytes the
// terminal sends for it, and a decoded key named back ('C-b', 'PageUp', 'S-Tab') for the help, the status bar and
// copy mode's key tables.
import {decodeKeyAt, type Key} from './keys.js';

// Ctrl+symbol combinations a terminal sends as one control byte.
const ctrlSymbols: Record<string, number> = {'@': 0x00, space: 0x00, '\\': 0x1C, ']': 0x1D, '^': 0x1E, '_': 0x1F, '/': 0x1F};

// Control bytes that are also ordinary keys: making one of them the prefix would take that key away.
const reservedBytes: Record<number, string> = {
	0x09: 'Tab',
	0x0A: 'Enter',
	0x0D: 'Enter',
	0x1B: 'Escape (every arrow and function key starts with it)',
};

// Keys with names, as xterm sends them: CSI/SS3 final letter or CSI number ~ (modifiers go in as a parameter).
const namedKeys: Record<string, {final: string; number?: number}> = {
	up: {final: 'A'}, down: {final: 'B'}, right: {final: 'C'}, left: {final: 'D'}, home: {final: 'H'}, end: {final: 'F'},
	f1: {final: 'P'}, f2: {final: 'Q'}, f3: {final: 'R'}, f4: {final: 'S'},
	insert: {final: '~', number: 2}, delete: {final: '~', number: 3}, pageup: {final: '~', number: 5}, pagedown: {final: '~', number: 6},
	f5: {final: '~', number: 15}, f6: {final: '~', number: 17}, f7: {final: '~', number: 18}, f8: {final: '~', number: 19},
	f9: {final: '~', number: 20}, f10: {final: '~', number: 21}, f11: {final: '~', number: 23}, f12: {final: '~', number: 24},
};

// tmux's other names for keys.
const keyAliases: Record<string, string> = {ppage: 'pageup', pgup: 'pageup', npage: 'pagedown', pgdn: 'pagedown', ic: 'insert', dc: 'delete'};

/**
A prefix key as people write it, tmux's way ('C-b', 'C-a', 'C-Space', 'M-a', 'F12', 'M-F1', 'C-M-x', '`'; also '^b',
'Ctrl+b', 'Alt+a') → what the terminal sends for it ('\x02', '\x1Ba', '\x1B[24~'). Any key will do except Tab,
Enter and Escape, which would be lost to everything else.
*/
export function parsePrefixKey(spec: string): string {
	const invalid = (why: string) => new Error(`Invalid prefix key "${spec}": ${why}`);
	let rest = spec.trim();
	const modifiers = {ctrl: false, meta: false, shift: false};
	for (;;) {
		const match = /^(?:(C-|\^|ctrl[-+])|(M-|alt[-+]|meta[-+])|(S-|shift[-+]))(.+)$/i.exec(rest);
		if (!match) {
			break;
		}

		modifiers.ctrl ||= match[1] !== undefined;
		modifiers.meta ||= match[2] !== undefined;
		modifiers.shift ||= match[3] !== undefined;
		rest = match[4]!;
	}

	const lower = rest.toLowerCase();
	const name = keyAliases[lower] ?? lower;
	const named = namedKeys[name];
	if (named) {
		const parameter = 1 + (modifiers.shift ? 1 : 0) + (modifiers.meta ? 2 : 0) + (modifiers.ctrl ? 4 : 0);
		if (named.number !== undefined) {
			return `\u001B[${named.number}${parameter > 1 ? `;${parameter}` : ''}~`;
		}

		const ss3 = name.startsWith('f');
		return parameter > 1 ? `\u001B[1;${parameter}${named.final}` : `\u001B${ss3 ? 'O' : '['}${named.final}`;
	}

	let text: string;
	if (lower === 'space') {
		text = ' ';
	} else if ([...rest].length === 1) {
		text = rest;
	} else {
		throw invalid('use a key as tmux writes it, like C-b, C-a, M-a, F12 or `');
	}

	if (modifiers.ctrl) {
		let code: number | undefined;
		if (/^[a-z]$/i.test(text)) {
			code = text.toLowerCase().charCodeAt(0) - 0x60;
		} else {
			code = ctrlSymbols[text === ' ' ? 'space' : text] ?? (text === '[' ? 0x1B : undefined);
		}

		if (code === undefined) {
			throw invalid('terminals send Ctrl with a letter, Space, @, \\, ], ^, _ or /, nothing else');
		}

		const reserved = reservedBytes[code];
		if (reserved !== undefined) {
			throw invalid(`the terminal sends it as ${reserved}, so it cannot be a prefix`);
		}

		text = String.fromCharCode(code);
	} else if (modifiers.shift) {
		if (text.toUpperCase() === text.toLowerCase()) {
			throw invalid('Shift goes with a letter or a named key (S-F1)');
		}

		text = text.toUpperCase();
	} else if (/^[\p{L}\p{N} ]$/u.test(text) && !modifiers.meta) {
		throw invalid('a letter, digit or space alone would be lost to typing (a symbol such as ` will do)');
	}

	return (modifiers.meta ? '\u001B' : '') + text;
}

// How describeKey names keys that are not characters (tmux's names).
const keyNames: Record<string, string> = {
	up: 'Up', down: 'Down', left: 'Left', right: 'Right', home: 'Home', end: 'End', pageup: 'PageUp', pagedown: 'PageDown',
	insert: 'Insert', delete: 'Delete', return: 'Enter', enter: 'Enter', tab: 'Tab', escape: 'Escape', backspace: 'BSpace',
	space: 'Space', ' ': 'Space', clear: 'Clear', 'focus-in': 'FocusIn', 'focus-out': 'FocusOut', mouse: 'Mouse',
	'paste-start': 'PasteStart', 'paste-end': 'PasteEnd',
	...Object.fromEntries(Array.from({length: 12}, (_, index) => [`f${index + 1}`, `F${index + 1}`])),
};

/** A key as tmux writes it: 'C-b', 'M-w', 'PageUp', 'S-Tab', 'F12', 'x', 'V'; escape sequences it does not know, escaped. */
export function describeKey(key: Key): string {
	if (key.name === 'unknown') {
		return JSON.stringify(key.sequence).slice(1, -1).replaceAll('\\u001b', '\\e');
	}

	const named = keyNames[key.name];
	// A capital letter says Shift by itself (kitty's protocol reports Shift+g as g with Shift).
	const letter = [...key.name].length === 1 && key.name.toUpperCase() !== key.name.toLowerCase();
	if (letter && key.shift) {
		return (key.ctrl ? 'C-' : '') + (key.meta ? 'M-' : '') + key.name.toUpperCase();
	}

	const shift = key.shift && !letter;
	const modifiers = (key.ctrl ? 'C-' : '') + (key.meta ? 'M-' : '') + (shift ? 'S-' : '');
	const base = named ?? (/[\u0000-\u001F\u007F-\u009F]/.test(key.name) ? JSON.stringify(key.name).slice(1, -1) : key.name);
	return modifiers + base;
}

/** The readable name of a prefix as parsePrefixKey encodes it: '\x02' → 'C-b', '\x1B[24~' → 'F12'. */
export function describePrefixKey(prefix: string): string {
	return prefix === '' ? '' : describeKey(decodeKeyAt(prefix, 0));
}
