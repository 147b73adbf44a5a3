// One line of text being typed, with a cursor that moves: the prompts (new session, rename, the command prompt,
// copy mode's search) all edit text the way a shell's line editor does (Left, Right, C-a, C-e, C-k, C-u, C-w...).
import type {Key} from './keys.js';

/** The text and where the cursor is in it (a string index, always between two code points). */
export type LineEdit = {readonly text: string; readonly cursor: number};

export function lineEdit(text = '', cursor = text.length): LineEdit {
	return {text, cursor: Math.max(0, Math.min(text.length, cursor))};
}

/** Index of the code point before `index`. */
function previous(text: string, index: number): number {
	if (index <= 0) {
		return 0;
	}

	const low = text.charCodeAt(index - 1);
	return low >= 0xDC_00 && low <= 0xDF_FF && index >= 2 ? index - 2 : index - 1;
}

/** Index past the code point at `index`. */
function next(text: string, index: number): number {
	if (index >= text.length) {
		return text.length;
	}

	return (text.codePointAt(index) ?? 0) > 0xFF_FF ? index + 2 : index + 1;
}

/** Start of the word before the cursor (what C-w deletes, M-b moves to). */
function wordStart(text: string, index: number): number {
	let at = index;
	while (at > 0 && /\s/.test(text[at - 1]!)) {
		at--;
	}

	while (at > 0 && !/\s/.test(text[at - 1]!)) {
		at--;
	}

	return at;
}

function wordEnd(text: string, index: number): number {
	let at = index;
	while (at < text.length && /\s/.test(text[at]!)) {
		at++;
	}

	while (at < text.length && !/\s/.test(text[at]!)) {
		at++;
	}

	return at;
}

/** Whether a key types text (not a control, not a modified key). */
export function typedText(key: Key): string | undefined {
	if (key.ctrl || key.meta || key.sequence.length === 0 || /[\u0000-\u001F\u007F]/.test(key.sequence) || key.name === 'unknown' || key.name === 'mouse') {
		return undefined;
	}

	return key.sequence;
}

/** The line after `key`, or undefined when the key does not edit a line (Enter, Escape, Tab, Up: the caller's). */
export function editLine(line: LineEdit, key: Key): LineEdit | undefined {
	const {text, cursor} = line;
	const ctrl = (name: string) => key.ctrl && !key.meta && key.name === name;
	const meta = (name: string) => key.meta && !key.ctrl && key.name === name;
	if (key.name === 'left' || ctrl('b')) {
		return lineEdit(text, key.name === 'left' && (key.ctrl || key.meta) ? wordStart(text, cursor) : previous(text, cursor));
	}

	if (key.name === 'right' || ctrl('f')) {
		return lineEdit(text, key.name === 'right' && (key.ctrl || key.meta) ? wordEnd(text, cursor) : next(text, cursor));
	}

	if (meta('b')) {
		return lineEdit(text, wordStart(text, cursor));
	}

	if (meta('f')) {
		return lineEdit(text, wordEnd(text, cursor));
	}

	if (key.name === 'home' || ctrl('a')) {
		return lineEdit(text, 0);
	}

	if (key.name === 'end' || ctrl('e')) {
		return lineEdit(text, text.length);
	}

	if (key.name === 'backspace' && !key.ctrl && !key.meta) {
		const from = previous(text, cursor);
		return lineEdit(text.slice(0, from) + text.slice(cursor), from);
	}

	if (key.name === 'delete' || ctrl('d')) {
		return lineEdit(text.slice(0, cursor) + text.slice(next(text, cursor)), cursor);
	}

	if (ctrl('u')) {
		return lineEdit(text.slice(cursor), 0);
	}

	if (ctrl('k')) {
		return lineEdit(text.slice(0, cursor), cursor);
	}

	if (ctrl('w') || (key.meta && key.name === 'backspace')) {
		const from = wordStart(text, cursor);
		return lineEdit(text.slice(0, from) + text.slice(cursor), from);
	}

	const typed = typedText(key);
	if (typed !== undefined) {
		return lineEdit(text.slice(0, cursor) + typed + text.slice(cursor), cursor + typed.length);
	}

	return undefined;
}

/** A line put in at the cursor (a paste into a prompt): newlines and other controls become spaces. */
export function insertText(line: LineEdit, text: string): LineEdit {
	const clean = text.replaceAll(/[\u0000-\u001F\u007F-\u009F]+/g, ' ');
	return lineEdit(line.text.slice(0, line.cursor) + clean + line.text.slice(line.cursor), line.cursor + clean.length);
}
