// The outer terminal must be in the input modes the shown program asked for: application cursor keys decide
// whether arrows arrive as CSI or SS3, bracketed paste wraps pastes, mouse modes make the terminal report
// clicks at all, the keyboard protocol whether Shift+Enter is told from Enter. The program's requests reach only the
// daemon's terminal, which tells us (ScreenModes), so we repeat them to the outer terminal; its cursor shape and
// colour too, and the window title claude-tui gives it.
import type {MouseTracking, ScreenModes} from '../protocol.js';
import {keyboardTransition, type KeyboardMode, legacyKeyboard} from './keyboard.js';

export type OuterModes = Pick<ScreenModes, 'applicationCursorKeys' | 'applicationKeypad' | 'bracketedPaste' | 'focusEvents' | 'mouse'> & {
	keyboard: KeyboardMode;
	/** DECSCUSR: the shown program's cursor shape (0: the terminal's default). */
	cursorShape: number;
	/** The shown program's cursor colour (OSC 12); undefined: the terminal's own. */
	cursorColor: string | undefined;
	/** The window title claude-tui sets; undefined: left as it is. */
	title: string | undefined;
};

export const plainModes: OuterModes = {
	applicationCursorKeys: false,
	applicationKeypad: false,
	bracketedPaste: false,
	focusEvents: false,
	mouse: 'none',
	keyboard: legacyKeyboard,
	cursorShape: 0,
	cursorColor: undefined,
	title: undefined,
};

const mouseModeNumber: Record<Exclude<MouseTracking, 'none'>, number> = {x10: 9, vt200: 1000, drag: 1002, any: 1003};

/** The escape sequences that take the outer terminal from `from` to `to` ('' when nothing changes). */
export function modeTransition(from: OuterModes, to: OuterModes): string {
	let sequence = '';
	const toggle = (on: boolean, mode: number) => `\u001B[?${mode}${on ? 'h' : 'l'}`;
	if (from.applicationCursorKeys !== to.applicationCursorKeys) {
		sequence += toggle(to.applicationCursorKeys, 1);
	}

	if (from.applicationKeypad !== to.applicationKeypad) {
		sequence += to.applicationKeypad ? '\u001B=' : '\u001B>';
	}

	if (from.bracketedPaste !== to.bracketedPaste) {
		sequence += toggle(to.bracketedPaste, 2004);
	}

	if (from.focusEvents !== to.focusEvents) {
		sequence += toggle(to.focusEvents, 1004);
	}

	if (from.mouse !== to.mouse) {
		if (from.mouse !== 'none') {
			sequence += toggle(false, mouseModeNumber[from.mouse]) + toggle(false, 1006);
		}

		if (to.mouse !== 'none') {
			sequence += toggle(true, mouseModeNumber[to.mouse]) + toggle(true, 1006);
		}
	}

	if (from.cursorShape !== to.cursorShape) {
		sequence += `\u001B[${to.cursorShape} q`;
	}

	if (from.cursorColor !== to.cursorColor) {
		sequence += to.cursorColor === undefined ? '\u001B]112\u001B\\' : `\u001B]12;${to.cursorColor}\u001B\\`;
	}

	if (to.title !== undefined && from.title !== to.title) {
		sequence += `\u001B]2;${to.title}\u001B\\`;
	}

	return sequence + keyboardTransition(from.keyboard, to.keyboard);
}
