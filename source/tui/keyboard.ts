// The keyboard protocol between the user's terminal and the shown program. Agents get Shift+Enter, Ctrl+Enter and
// friends only through kitty's keyboard protocol or xterm's modifyOtherKeys (Claude Code asks for kitty flags 5 and
// modifyOtherKeys 2 once its terminal says who it is). The daemon keeps what each program asked for; the TUI asks the
// user's terminal for the same while the session is shown, so keys arrive already in the program's encoding and pass
// through untouched. Where the user's terminal cannot do what was asked (no kitty protocol: tmux, xterm), it is asked
// for modifyOtherKeys instead and the keys are re-encoded on their way through.
import {decodeKeyAt, type Key} from './keys.js';

export type KeyboardMode = {
	/** Kitty keyboard protocol flags (0: off). */
	kitty: number;
	/** xterm modifyOtherKeys level (0: off). */
	modifyOtherKeys: number;
};

export const legacyKeyboard: KeyboardMode = {kitty: 0, modifyOtherKeys: 0};

// Kitty's flags: 1 disambiguate escape codes, 2 report event types, 8 report all keys as escape codes.
const disambiguate = 1;
const eventTypes = 2;
const allKeys = 8;

/** What to ask of the user's terminal for a program that asked for `program`, given whether it speaks kitty's protocol. */
export function outerKeyboard(program: KeyboardMode, outerSpeaksKitty: boolean): KeyboardMode {
	if (program.kitty > 0) {
		return outerSpeaksKitty ? {kitty: program.kitty, modifyOtherKeys: 0} : {kitty: 0, modifyOtherKeys: 2};
	}

	if (program.modifyOtherKeys > 0) {
		return outerSpeaksKitty ? {kitty: disambiguate, modifyOtherKeys: 0} : {kitty: 0, modifyOtherKeys: program.modifyOtherKeys};
	}

	return legacyKeyboard;
}

export function sameKeyboard(a: KeyboardMode, b: KeyboardMode): boolean {
	return a.kitty === b.kitty && a.modifyOtherKeys === b.modifyOtherKeys;
}

/**
The sequences that take the user's terminal from `from` to `to`. Kitty flags are pushed when first turned on and
popped when turned off, so whatever the terminal had before (a shell's own flags) comes back.
*/
export function keyboardTransition(from: KeyboardMode, to: KeyboardMode): string {
	let sequence = '';
	if (from.kitty !== to.kitty) {
		sequence += from.kitty === 0 ? `\u001B[>${to.kitty}u` : to.kitty === 0 ? '\u001B[<u' : `\u001B[=${to.kitty};1u`;
	}

	if (from.modifyOtherKeys !== to.modifyOtherKeys) {
		sequence += to.modifyOtherKeys === 0 ? '\u001B[>4m' : `\u001B[>4;${to.modifyOtherKeys}m`;
	}

	return sequence;
}

/** Typed input from a terminal in mode `from`, re-encoded for a program in mode `to` (unchanged when they agree). */
export function translateKeys(data: string, from: KeyboardMode, to: KeyboardMode): string {
	if (sameKeyboard(from, to) || !data.includes('\u001B')) {
		// Plain text and control bytes mean the same in every mode (kitty's flag 8 aside, which only we would set).
		return data;
	}

	let out = '';
	for (let index = 0; index < data.length;) {
		const start = data.indexOf('\u001B', index);
		if (start === -1) {
			out += data.slice(index);
			break;
		}

		out += data.slice(index, start);
		const key = decodeKeyAt(data, start);
		index = start + key.sequence.length;
		out += reencode(key, to);
	}

	return out;
}

/** Keys whose code is a character (kitty's CSI u, modifyOtherKeys' CSI 27 ~), as the program in mode `to` wants them. */
function reencode(key: Key, to: KeyboardMode): string {
	const codePoint = characterCode(key);
	if (codePoint === undefined) {
		// Arrows, function keys, mouse reports, pastes: the same in every mode.
		return key.sequence;
	}

	if (key.event === 'release' || key.event === 'repeat') {
		if (!(to.kitty & eventTypes)) {
			return key.event === 'repeat' ? reencode({...key, event: undefined}, to) : '';
		}
	}

	const modifiers = 1 + (key.shift ? 1 : 0) + (key.meta ? 2 : 0) + (key.ctrl ? 4 : 0);
	const event = key.event === 'repeat' ? ':2' : key.event === 'release' ? ':3' : '';
	if (to.kitty > 0) {
		// Disambiguate: plain keys stay text, except Escape; modified ones are CSI u.
		if (modifiers === 1 && event === '' && !(to.kitty & allKeys) && codePoint !== 27) {
			return legacy(key, codePoint);
		}

		return `\u001B[${codePoint}${modifiers === 1 && event === '' ? '' : `;${modifiers}${event}`}u`;
	}

	if (to.modifyOtherKeys > 0 && modifiers > 1 && !(modifiers === 2 && codePoint > 0x20 && codePoint !== 0x7F)) {
		// modifyOtherKeys leaves shifted characters as text; everything else modified is CSI 27 ; m ; code ~.
		return `\u001B[27;${modifiers};${codePoint}~`;
	}

	return legacy(key, codePoint);
}

/** The code point a key reported by character stands for, or undefined for keys that are not characters. */
function characterCode(key: Key): number | undefined {
	const kitty = /^\u001B\[(\d+)[:;\d]*u$/.exec(key.sequence);
	const otherKeys = /^\u001B\[27;\d+;(\d+)~$/.exec(key.sequence);
	const code = kitty?.[1] ?? otherKeys?.[1];
	return code === undefined ? undefined : Number(code);
}

/** The key as a terminal without either protocol sends it: a control byte, Alt as a leading ESC. */
function legacy(key: Key, codePoint: number): string {
	let text = String.fromCodePoint(codePoint);
	if (key.ctrl && /^[a-z@[\\\]^_ ]$/i.test(text)) {
		text = String.fromCharCode(text === ' ' ? 0 : text.toUpperCase().charCodeAt(0) & 0x1F);
	} else if (key.shift && text.length === 1 && /[a-z]/.test(text)) {
		text = text.toUpperCase();
	}

	return (key.meta ? '\u001B' : '') + text;
}
