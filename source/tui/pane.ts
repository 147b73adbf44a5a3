// The shown session's screen as the daemon rendered it: rows, cursor and input modes, kept up to date by the
// `session.screen` updates. The TUI runs no emulator: the daemon's terminal is the only one (ARCHITECTURE.md, "Rendering"),
// so what is drawn is exactly what the program drew, on every path (live, after a switch, after a re-attach, in a
// flood), with nothing to serialize or parse on a switch.
import type {ScreenCursor, ScreenModes, ScreenUpdate} from '../protocol.js';

export const plainScreenModes: ScreenModes = {
	applicationCursorKeys: false,
	applicationKeypad: false,
	bracketedPaste: false,
	focusEvents: false,
	mouse: 'none',
	mouseEncoding: 'default',
	alternateScreen: false,
	kittyKeyboard: 0,
	modifyOtherKeys: 0,
};

export class PaneScreen {
	cols: number;
	rows: number;
	lines: string[];
	cursor: ScreenCursor;
	modes: ScreenModes;

	constructor(
		readonly sessionId: string,
		first: ScreenUpdate,
	) {
		this.cols = first.cols;
		this.rows = first.rows;
		this.lines = Array.from({length: first.rows}, () => '');
		this.cursor = first.cursor;
		this.modes = first.modes ?? plainScreenModes;
		this.apply(first);
	}

	/** Takes in an update; says whether it rang the bell. */
	apply(update: ScreenUpdate): boolean {
		if (update.full || update.rows !== this.rows || update.cols !== this.cols) {
			this.cols = update.cols;
			this.rows = update.rows;
			this.lines = Array.from({length: update.rows}, () => '');
		}

		for (const [y, line] of update.lines) {
			if (y >= 0 && y < this.rows) {
				this.lines[y] = line;
			}
		}

		this.cursor = update.cursor;
		if (update.modes) {
			this.modes = update.modes;
		}

		return update.bell === true;
	}
}
