// A session's screen as clients are sent it: rendered rows, the cursor and the input modes, read from the daemon's
// terminal (the one emulator), and the differences between two of them. tmux's way: one emulator per pane in the
// server, each client drawn from it, never a replayed escape stream.
import type xterm from '@xterm/headless';
import type {ScreenCursor, ScreenModes, ScreenUpdate} from '../protocol.js';
import {cursorHidden, cursorShape, mouseEncoding, onChangedRows} from '../xterm-internals.js';
import {RowRenderer} from './rows.js';
import type {TerminalReplies} from './replies.js';

export type ScreenState = {
	cols: number;
	rows: number;
	lines: string[];
	cursor: ScreenCursor;
	modes: ScreenModes;
	/** The modes as one string, so two states compare in one step. */
	modesKey: string;
	/** The program is inside a synchronized update (mode 2026): the screen is half drawn. */
	synchronized: boolean;
};

/**
Reads the screen of one terminal. Renders only the rows xterm says a parse changed since the last read (a typed
letter changes one row of fifty: 0.3 ms of rendering becomes 6 µs), every row after a resize or a switch of screens,
and every row always if this xterm does not say.
*/
export class ScreenReader {
	private readonly renderer: RowRenderer;
	private lines: string[] = [];
	// Rows changed since the last read; `all` until the first one, and whenever xterm cannot tell.
	private changed: {start: number; end: number} | 'all' = 'all';
	private readonly subscriptions: Array<{dispose(): void}> = [];
	private readonly tracked: boolean;

	constructor(
		private readonly terminal: xterm.Terminal,
		private readonly replies: TerminalReplies | undefined,
	) {
		this.renderer = new RowRenderer(terminal);
		const rows = onChangedRows(terminal, range => {
			this.mark(range);
		});
		this.tracked = rows !== undefined;
		if (rows) {
			this.subscriptions.push(rows);
		}

		this.subscriptions.push(terminal.onResize(() => {
			this.changed = 'all';
		}));
	}

	read(): ScreenState {
		const {terminal} = this;
		const buffer = terminal.buffer.active;
		const changed = this.tracked ? this.changed : 'all';
		this.changed = {start: Number.POSITIVE_INFINITY, end: -1};
		if (changed === 'all' || this.lines.length !== terminal.rows) {
			this.lines = [];
			for (let y = 0; y < terminal.rows; y++) {
				this.lines.push(this.renderer.render(buffer.getLine(buffer.baseY + y)));
			}
		} else if (changed.end >= changed.start) {
			// A copy: the state handed out before keeps the rows it had.
			this.lines = this.lines.slice();
			for (let y = Math.max(0, changed.start); y <= Math.min(terminal.rows - 1, changed.end); y++) {
				this.lines[y] = this.renderer.render(buffer.getLine(buffer.baseY + y));
			}
		}

		const {lines} = this;

		const modes = this.modes();
		return {
			cols: terminal.cols,
			rows: terminal.rows,
			lines,
			cursor: {
				// After writing the last column the cursor waits "past" it (pending wrap); a terminal shows it on the last.
				x: Math.min(buffer.cursorX, terminal.cols - 1),
				y: buffer.cursorY,
				visible: !cursorHidden(terminal),
				shape: cursorShape(terminal),
				...(this.replies?.cursorColour === undefined ? {} : {color: this.replies.cursorColour}),
			},
			modes,
			modesKey: JSON.stringify(modes),
			synchronized: terminal.modes.synchronizedOutputMode,
		};
	}

	dispose(): void {
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
	}

	private mark(range: {start: number; end: number} | undefined): void {
		if (this.changed === 'all') {
			return;
		}

		if (range === undefined) {
			this.changed = 'all';
			return;
		}

		this.changed = {start: Math.min(this.changed.start, range.start), end: Math.max(this.changed.end, range.end)};
	}

	/** Rendered lines of the active buffer, `start` counted from the oldest line kept. */
	bufferLines(start: number, count: number): string[] {
		const buffer = this.terminal.buffer.active;
		const rows: string[] = [];
		for (let y = start; y < Math.min(buffer.length, start + count); y++) {
			rows.push(this.renderer.render(buffer.getLine(y)));
		}

		return rows;
	}

	private modes(): ScreenModes {
		const {modes} = this.terminal;
		return {
			applicationCursorKeys: modes.applicationCursorKeysMode,
			applicationKeypad: modes.applicationKeypadMode,
			bracketedPaste: modes.bracketedPasteMode,
			focusEvents: modes.sendFocusMode,
			mouse: modes.mouseTrackingMode,
			mouseEncoding: mouseEncoding(this.terminal),
			alternateScreen: this.terminal.buffer.active.type === 'alternate',
			kittyKeyboard: this.replies?.kittyFlags ?? 0,
			modifyOtherKeys: this.replies?.modifyOtherKeysLevel ?? 0,
		};
	}
}

/** What takes a client from `previous` (what it was last sent; none: nothing yet) to `next`. */
export function screenUpdate(session: string, previous: ScreenState | undefined, next: ScreenState): ScreenUpdate {
	const full = previous === undefined || previous.cols !== next.cols || previous.rows !== next.rows;
	const lines: Array<[number, string]> = [];
	for (let y = 0; y < next.rows; y++) {
		const line = next.lines[y]!;
		if (full || line !== previous.lines[y]) {
			lines.push([y, line]);
		}
	}

	const update: ScreenUpdate = {session, cols: next.cols, rows: next.rows, full, lines, cursor: next.cursor};
	if (full || previous.modesKey !== next.modesKey) {
		update.modes = next.modes;
	}

	return update;
}

/** Whether an update carries nothing new (no row, cursor, mode or bell). */
export function emptyUpdate(update: ScreenUpdate, previous: ScreenState | undefined): boolean {
	if (update.full || update.lines.length > 0 || update.modes || update.bell) {
		return false;
	}

	const before = previous?.cursor;
	const {cursor} = update;
	return before !== undefined && before.x === cursor.x && before.y === cursor.y && before.visible === cursor.visible && before.shape === cursor.shape && before.color === cursor.color;
}
