// What a terminal tells a detector besides its screen: the bell, title changes, desktop notifications and progress
// reports (OSC 9, 777, 99), a program's own status reports (OSC 7501), and the visible screen read as text rows.
import type xterm from '@xterm/headless';
import type {StateDetector} from './detector.js';
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

export type ProgramState = 'idle' | 'working' | 'blocked' | 'done' | 'error' | 'clear';

/**
A program's report of what it is doing, in the program status protocol (OSC 7501): `ESC ] 7501 ; state=<state>
[:app=<name>][:kind=<why blocked>][:msg=<base64>] ST`. Codex 0.169 sends it unasked: `working` from the Enter that
sends a turn, `blocked` (kind `permission`, `question`) as it asks, `done` at the turn's end, `idle` again once
the user types, and at an interrupt.
*/
export type ProgramStatus = {
	state: ProgramState;
	app?: string;
	/** Why it is blocked: permission, question, auth. */
	kind?: string;
	/** What it says, decoded; controls and surrounding white space removed, at most 200 characters. */
	message?: string;
};

const programStates = new Set<string>(['idle', 'working', 'blocked', 'done', 'error', 'clear']);

/** Reads an OSC 7501 payload; undefined for a query (`?`) or anything that is not a status it knows. */
export function parseProgramStatus(data: string): ProgramStatus | undefined {
	const fields = new Map<string, string>();
	for (const pair of data.split(':')) {
		const equals = pair.indexOf('=');
		if (equals > 0) {
			fields.set(pair.slice(0, equals), pair.slice(equals + 1));
		}
	}

	const state = fields.get('state');
	if (state === undefined || !programStates.has(state)) {
		return undefined;
	}

	const status: ProgramStatus = {state: state as ProgramState};
	const app = fields.get('app');
	if (app && /^[\w.+-]{1,32}$/.test(app)) {
		status.app = app;
	}

	const kind = fields.get('kind');
	if (state === 'blocked' && kind && /^[a-z]{1,32}$/.test(kind)) {
		status.kind = kind;
	}

	const message = decodeMessage(fields.get('msg'));
	if (message) {
		status.message = message;
	}

	return status;
}

function decodeMessage(encoded: string | undefined): string | undefined {
	if (!encoded || !/^[A-Za-z\d+/]+={0,2}$/.test(encoded)) {
		return undefined;
	}

	return Buffer.from(encoded, 'base64').toString('utf8').replaceAll(/[\u0000-\u001F\u007F-\u009F]+/g, ' ').trim().slice(0, 200) || undefined;
}

/**
Registers OSC 9, 777 and 99 handlers on a terminal. The handlers return false, so any other handler for
the same sequence still runs. Dispose to remove them.
- OSC 9: iTerm2/Windows Terminal notification (`ESC ] 9 ; text BEL`); `9;4;st;pr` is ConEmu progress and
  other `9;<number>;…` forms are ConEmu commands (ignored).
- OSC 777: rxvt/Ghostty/foot notification (`ESC ] 777 ; notify ; title ; body BEL`).
- OSC 99: kitty notification (`ESC ] 99 ; metadata ; payload BEL`).
- OSC 7501: the program's own status (see ProgramStatus).
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
