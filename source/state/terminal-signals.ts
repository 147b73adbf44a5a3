// What a terminal tells a detector besides its screen: the bell, title changes, desktop notifications and progress
// reports (OSC 9, 777, 99), a program's own status reports (OSC 7501), and the visible screen read as text rows.
import type xterm from '@xterm/headless';
import type {StateDetector} from './detector.js';
import {type ProgramStatus, parseProgramStatus} from './program-status.js';
import type {ScreenView} from './rules.js';

/** The visible screen of a terminal as text rows, with the cursor. */
export function readScreen(terminal: xterm.Terminal): ScreenView {
	const buffer = terminal.buffer.active;
	const rows: string[] = [];
	for (let y = 0; y < terminal.rows; y++) {
		rows.push(buffer.getLine(buffer.baseY + y)?.translateToString(true) ?? '');
	}

	const cursorY = buffer.cursorY;
	const cursorX = buffer.cursorX;
	const beforeCursor = buffer.getLine(buffer.baseY + cursorY)?.translateToString(false, 0, cursorX) ?? '';
	return {rows, cursorX, cursorY, beforeCursor, alternate: buffer.type === 'alternate'};
}

export type Disposable = {dispose(): void};

export type NotificationHandlers = {
	/** A desktop notification's text (OSC 9 `text`, OSC 777 `notify;title;body`, OSC 99 payload). */
	onNotification?: (text: string) => void;
	/** ConEmu progress (OSC 9;4;state[;value]). */
	onProgress?: (state: number, value: number | undefined) => void;
	/** The program's own status (OSC 7501). */
	onProgramStatus?: (status: ProgramStatus) => void;
};

/**
Registers OSC 9, 777 and 99 handlers on a terminal. The handlers return false, so any other handler for
the same sequence still runs. Dispose to remove them.
- OSC 9: iTerm2/Windows Terminal notification (`ESC ] 9 ; text BEL`); `9;4;st;pr` is ConEmu progress and
  other `9;<number>;…` forms are ConEmu commands (ignored).
- OSC 777: rxvt/Ghostty/foot notification (`ESC ] 777 ; notify ; title ; body BEL`).
- OSC 99: kitty notification (`ESC ] 99 ; metadata ; payload BEL`).
- OSC 7501: the program's own status (see program-status.ts).
*/
export function registerNotificationHandlers(terminal: xterm.Terminal, handlers: NotificationHandlers): Disposable {
	const disposables = [
		terminal.parser.registerOscHandler(9, data => {
			const conEmu = /^(\d+)(?:;|$)/.exec(data);
			if (conEmu) {
				if (conEmu[1] === '4') {
					const [, state, value] = data.split(';');
					const parsedState = Number.parseInt(state ?? '0', 10);
					const parsedValue = value === undefined || value === '' ? undefined : Number.parseInt(value, 10);
					handlers.onProgress?.(Number.isNaN(parsedState) ? 0 : parsedState, Number.isNaN(parsedValue) ? undefined : parsedValue);
				}

				return false;
			}

			handlers.onNotification?.(data.trim());
			return false;
		}),
		terminal.parser.registerOscHandler(777, data => {
			const [kind, title = '', ...body] = data.split(';');
			if (kind === 'notify') {
				handlers.onNotification?.([title, body.join(';')].filter(Boolean).join(': '));
			}

			return false;
		}),
		terminal.parser.registerOscHandler(99, data => {
			const payload = data.slice(data.indexOf(';') + 1);
			if (payload) {
				handlers.onNotification?.(payload);
			}

			return false;
		}),
		terminal.parser.registerOscHandler(7501, data => {
			const status = parseProgramStatus(data);
			if (status) {
				handlers.onProgramStatus?.(status);
			}

			return false;
		}),
	];
	return {
		dispose() {
			for (const disposable of disposables) {
				disposable.dispose();
			}
		},
	};
}

/**
Wires a terminal's bell, title changes and desktop notifications to a detector. The caller still calls
`observe` after output is parsed, `onInput` when the user types, `exited` when the child ends.
*/
export function connectDetector(terminal: xterm.Terminal, detector: StateDetector): Disposable {
	const disposables: Disposable[] = [
		terminal.onBell(() => {
			detector.onBell();
		}),
		terminal.onTitleChange(title => {
			detector.onTitle(title);
		}),
		registerNotificationHandlers(terminal, {
			onNotification(text) {
				detector.onNotification(text);
			},
			onProgress(state) {
				detector.onProgress(state);
			},
			onProgramStatus(status) {
				detector.onProgramStatus(status);
			},
		}),
	];
	return {
		dispose() {
			for (const disposable of disposables) {
				disposable.dispose();
			}
		},
	};
}
