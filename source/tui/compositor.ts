// The one owner of the real terminal. Ink re-renders its whole grid per frame (25-70 ms for a 200x50 pane);
// writing only the rows that changed, with absolute positioning, costs under a millisecond (ARCHITECTURE.md,
// "Rendering").
import fs from 'node:fs';
import {cutAnsi} from './ansi-width.js';
import {inputModesOff} from '../terminal-modes.js';
import {afterThisTurn} from '../after-this-turn.js';

export type Frame = {rows: string[]; cursor: {x: number; y: number; visible: boolean}};

const esc = '\u001B[';
const reset = '\u001B[0m';
const syncBegin = '\u001B[?2026h';
const syncEnd = '\u001B[?2026l';
const hideCursor = '\u001B[?25l';
const showCursor = '\u001B[?25h';
const enterAlternate = '\u001B[?1049h';
const leaveAlternate = '\u001B[?1049l';

// Every mode the TUI may have switched on in the outer terminal (mostly repeated from the attached child),
// switched off again, and synchronized output ended (in case we die between begin and end).
const restoreModes = inputModesOff + syncEnd;

export class Compositor {
	readonly stats = {frames: 0, bytes: 0};
	private started = false;
	private stopped = false;
	private lastRows: string[] | undefined;
	private lastCursor: Frame['cursor'] | undefined;
	private clearNext = false;

	constructor(private readonly output: NodeJS.WritableStream) {}

	/** True between start() and stop(). */
	get painting(): boolean {
		return this.started && !this.stopped;
	}

	/** Enters the alternate screen, clears it and hides the cursor. Again after stop() resumes (e.g. after SIGTSTP). */
	start(): void {
		if (this.painting) {
			return;
		}

		this.started = true;
		this.stopped = false;
		this.lastRows = undefined;
		this.lastCursor = undefined;
		this.clearNext = false;
		this.write(enterAlternate + reset + esc + '2J' + esc + 'H' + hideCursor);
	}

	/** Writes the rows that differ from the last frame, then places the cursor; one write per frame. */
	paint(frame: Frame): void {
		if (this.stopped) {
			return;
		}

		const {rows, cursor} = frame;
		const previous = this.lastRows;
		// A frame of another height than the last one means a resize nobody announced: redraw everything.
		const full = previous === undefined || previous.length !== rows.length;
		let body = full && (this.clearNext || previous !== undefined) ? reset + esc + '2J' : '';
		for (let index = 0; index < rows.length; index++) {
			const row = rows[index]!;
			if (full || row !== previous[index]) {
				body += esc + String(index + 1) + ';1H' + eraseTrailingBlanks(row);
			}
		}

		const last = this.lastCursor;
		const cursorMoved = last === undefined || last.x !== cursor.x || last.y !== cursor.y || last.visible !== cursor.visible;
		if (body === '' && !cursorMoved) {
			return;
		}

		this.lastRows = rows.slice();
		this.lastCursor = {x: cursor.x, y: cursor.y, visible: cursor.visible};
		this.clearNext = false;
		const place = esc + String(cursor.y + 1) + ';' + String(cursor.x + 1) + 'H';
		this.stats.frames++;
		this.write(syncBegin + hideCursor + body + place + (cursor.visible ? showCursor : '') + syncEnd);
	}

	/** Forgets the last frame (after a resize): the next paint clears the screen and redraws every row. */
	invalidate(): void {
		this.lastRows = undefined;
		this.lastCursor = undefined;
		this.clearNext = true;
	}

	/**
	 * Gives the terminal back as we found it. Synchronous where it can be, so it is safe in exit and signal
	 * handlers; a second call writes nothing. `undo` is what takes back the modes the caller set on the terminal
	 * (kitty keyboard flags to pop, a title to restore), written first, while still on the alternate screen.
	 */
	stop(undo = ''): void {
		if (!this.painting) {
			return;
		}

		this.stopped = true;
		this.lastRows = undefined;
		this.lastCursor = undefined;
		this.write(reset + undo + restoreModes + showCursor + leaveAlternate, true);
	}

	private write(data: string, synchronous = false): void {
		this.stats.bytes += Buffer.byteLength(data);
		const fd = (this.output as {fd?: unknown}).fd;
		const pending = (this.output as {writableLength?: number}).writableLength ?? 0;
		// Bypassing the stream is only safe when nothing is queued in it, or the restore would overtake a frame.
		if (synchronous && typeof fd === 'number' && pending === 0 && writeAllSync(fd, data)) {
			return;
		}

		try {
			this.output.write(data);
		} catch {
			// The terminal is gone (EIO, EPIPE): nothing left to draw on.
		}
	}
}

const eraseLine = esc + 'K';

/**
 * The row to write, with a run of unstyled trailing blanks replaced by erase-to-end-of-line, as tmux does: fewer
 * bytes per frame, and the user's terminal holds empty cells there (its copy and select do not pick up padding).
 * Only blanks after a plain reset are erased, since erasing uses the current background colour.
 */
export function eraseTrailingBlanks(row: string): string {
	let end = row.length;
	while (row.endsWith(reset, end)) {
		end -= reset.length;
	}

	let blanks = end;
	while (blanks > 0 && row.charCodeAt(blanks - 1) === 0x20) {
		blanks--;
	}

	if (end - blanks < 4) {
		return row.endsWith(reset) ? row : row + reset;
	}

	// The style in force over the blanks is set by the last escape sequence before them (a row holds only SGR).
	const lastEscape = row.lastIndexOf('\u001B', blanks - 1);
	if (lastEscape !== -1 && !row.startsWith(reset, lastEscape)) {
		return row.endsWith(reset) ? row : row + reset;
	}

	return row.slice(0, blanks) + reset + eraseLine;
}

function writeAllSync(fd: number, data: string): boolean {
	let buffer = Buffer.from(data);
	try {
		for (let attempts = 0; buffer.length > 0 && attempts < 100; attempts++) {
			const written = fs.writeSync(fd, buffer);
			buffer = buffer.subarray(written);
		}
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
			return false;
		}

		return true; // EIO/EPIPE: the terminal is gone, the stream would fail the same way.
	}

	return buffer.length === 0;
}

/**
 * Coalesces paint requests: paints on the next turn of the event loop when the last paint was more than
 * `intervalMs` ago, else at most once per `intervalMs`. A flood of PTY chunks becomes one frame per interval.
 */
export class FrameScheduler {
	private pending = false;
	private lastPaint = Number.NEGATIVE_INFINITY;
	private cancel: (() => void) | undefined;
	private disposed = false;

	constructor(
		private readonly paint: () => void,
		private readonly intervalMs = 16,
	) {}

	request(): void {
		if (this.disposed) {
			return;
		}

		this.pending = true;
		if (this.cancel) {
			return;
		}

		const wait = this.lastPaint + this.intervalMs - performance.now();
		if (wait <= 0) {
			// Once the current turn's work is done, not at once: a read from the daemon holds several updates, and
			// painting after the first would paint twice. A microtask rather than setImmediate, which would wait for a
			// pass of the event loop on the way from a keystroke to its echo.
			this.cancel = afterThisTurn(this.run);
		} else {
			const timer = setTimeout(this.run, wait);
			this.cancel = () => clearTimeout(timer);
		}
	}

	/** Paints now if a request is pending. */
	flush(): void {
		if (this.pending) {
			this.cancel?.();
			this.run();
		}
	}

	dispose(): void {
		this.disposed = true;
		this.pending = false;
		this.cancel?.();
		this.cancel = undefined;
	}

	private readonly run = (): void => {
		this.cancel = undefined;
		if (!this.pending || this.disposed) {
			return;
		}

		this.pending = false;
		this.lastPaint = performance.now();
		this.paint();
	};
}

/**
 * Truncates or space-pads `text` (which may hold SGR sequences) to exactly `width` terminal cells, for composing a
 * screen row from pieces side by side. Styles are reset at the end so they do not leak into the next piece.
 */
export function padAnsi(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const fitted = cutAnsi(text, width);
	return fitted.text + (text.includes('\u001B') ? reset : '') + ' '.repeat(width - fitted.width);
}
