// Text that programs and other processes chose (session names, directories, commands, titles, reported details),
// made safe to show in a person's terminal, and measured the way the terminal will draw it: with the Unicode 11
// table the daemon's terminals and the TUI's rows use (terminal/unicode.ts), so a name in `ls` and the same name
// on a screen row take the same cells (string-width counted a ZWJ emoji sequence as 2 where terminals count 2 each).
import {plainWidth} from './terminal/unicode.js';

/**
Characters a terminal acts on or that reorder what follows: C0 controls and DEL (ESC starts a sequence that can
retitle the window, move the cursor or rewrite the clipboard), C1 controls (U+0080-U+009F: a terminal that reads
them as 8-bit CSI, OSC or ST does the same), and bidirectional overrides, isolates and marks (U+202E makes the rest
of a line read backwards), with the line and paragraph separators.
*/
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

/** Whether `text` holds a character that escapeControls() would escape. */
export function hasUnsafeCharacters(text: string): boolean {
	unsafe.lastIndex = 0;
	return unsafe.test(text);
}

/** `text` with every control and bidi character shown escaped (`\x1B`, `\x9B`, `\u202E`), never acted on. */
export function escapeControls(text: string): string {
	return text.replaceAll(unsafe, character => {
		const code = character.codePointAt(0) ?? 0;
		return code < 0x1_00 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
	});
}

/** Columns the text takes in a terminal (wide characters two, combining marks none); escape controls first. */
export function displayWidth(text: string): number {
	return plainWidth(text);
}

/** `text` padded with spaces to `width` columns (as String#padEnd, by display width). */
export function padToWidth(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
