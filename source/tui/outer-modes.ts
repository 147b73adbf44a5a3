// The outer terminal must be in the input modes the shown program asked for: application cursor keys decide
// whether arrows arrive as CSI or SS3, bracketed paste wraps pastes, mouse modes make the terminal report
// clicks at all. The program's requests reach only the daemon's terminal, which tells us (ScreenModes), so we
// repeat them to the outer terminal.
import type {MouseTracking, ScreenModes} from '../protocol.js';
import {keyboardTransition, type KeyboardMode, legacyKeyboard} from './keyboard.js';

export type OuterModes = Pick<ScreenModes, 'applicationCursorKeys' | 'applicationKeypad' | 'bracketedPaste' | 'focusEvents' | 'mouse'> & {
	keyboard: KeyboardMode;
};

export const plainModes: OuterModes = {
	applicationCursorKeys: false,
	applicationKeypad: false,
	bracketedPaste: false,
	focusEvents: false,
	mouse: 'none',
	keyboard: legacyKeyboard,
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

	return sequence + keyboardTransition(from.keyboard, to.keyboard);
}
