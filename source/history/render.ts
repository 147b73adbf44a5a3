// A recording rendered through a real terminal (@xterm/headless): the text as it looked, not escape soup.
import xterm from '@xterm/headless';
import {parseSize, type RecordingProblem} from './asciicast.js';
import {readRecording, type RecordingEvent} from './cast-reader.js';
import {Feeder} from './feeder.js';

export type RenderOptions = {
	/** Render at this size, ignoring the recording's resizes (default: follow the recording). */
	cols?: number;
	rows?: number;
	/**
	Rows the working terminal keeps above the screen. History is harvested from it as lines scroll off, so this
	bounds memory (about 1.4 KB per row at 80 columns), not how much history comes out. Default 5000.
	*/
	scrollback?: number;
	signal?: AbortSignal;
	onProblem?: (problem: RecordingProblem) => void;
};

export type HistoryLine = {
	text: string;
	/** 1-based, counting every line of the rendered history (as `claude-tui history | cat -n`). */
	lineNumber: number;
	/** When the event that last wrote to this line was recorded (see `HistoryRenderer` for the approximation). */
	time: Date;
};

// Output is handed to the terminal in slices no longer than this (and no longer than a quarter of the working
// scrollback), and harvested after each: a slice adds at most about this many rows, so nothing reaches the top of
// the working scrollback before it was harvested.
const maxSliceChars = 1024;
const defaultWorkingScrollback = 5000;

/**
Feeds a recording into a headless terminal and harvests complete lines as they scroll into the scrollback, so a
recording of any length renders in bounded memory. `scrollOnEraseInDisplay` is on, so a cleared screen (ED 2, as
`clear` sends) goes into history first, as tmux's scroll-on-clear does.

Harvest boundary: a marker (which xterm moves when old rows are trimmed or rows are inserted by reflow) sits on the
first row not yet harvested. xterm does not move markers when a widening resize merges wrapped rows, so across a
column change the boundary is found again by counting logical lines.

Times (approximation): after each slice the rows the cursor swept over, from where it stood after the previous
slice to where it stands now, get the time of the event being fed; rows that appear without the cursor passing
get it too. A harvested line takes the latest time of its rows. This is exact for line-oriented output (shells,
logs, a transcript that scrolls); for a full-screen redraw in one event, rows repainted away from the cursor's
path keep the time they had.
*/
class HistoryRenderer {
	readonly terminal: xterm.Terminal;
	readonly feeder: Feeder;
	private out: HistoryLine[] = [];
	private lineNumber = 1;
	private marker: xterm.IMarker | undefined;
	private boundaryLine: number | undefined = 0;
	// times[i]: time (Unix seconds) of row boundary + i.
	private times: number[] = [];
	private cursorRel = 0;
	private lastAt = 0;
	private readonly forceRows: number;
	private readonly sliceChars: number;

	constructor(cols: number, rows: number, scrollback: number) {
		scrollback = Math.max(100, scrollback);
		this.terminal = new xterm.Terminal({
			cols,
			rows,
			scrollback,
			allowProposedApi: true,
			scrollOnEraseInDisplay: true,
		});
		this.feeder = new Feeder(this.terminal);
		this.forceRows = Math.floor(scrollback / 2);
		this.sliceChars = Math.min(maxSliceChars, Math.floor(scrollback / 4));
	}

	feed(event: RecordingEvent, followResizes: boolean): void {
		if (event.type === 'o') {
			const at = event.at;
			const {data} = event;
			for (let start = 0; start < data.length; start += this.sliceChars) {
				this.feeder.write(data.slice(start, start + this.sliceChars), () => {
					this.harvest(at);
				});
			}
		} else if (event.type === 'r' && followResizes) {
			const size = parseSize(event.data);
			if (size) {
				this.resizeInOrder(size.cols, size.rows, event.at);
			}
		}
	}

	/** Resizes once everything queued before has been parsed. */
	resizeInOrder(cols: number, rows: number, at: number): void {
		this.feeder.write('', () => {
			this.harvest(at);
			this.resize(cols, rows);
		});
	}

	take(): HistoryLine[] {
		const out = this.out;
		this.out = [];
		return out;
	}

	/** Everything left on screen and in the working scrollback, trailing blank lines dropped. */
	async finish(): Promise<void> {
		await this.feeder.settled();
		this.harvest(this.lastAt);
		const normal = this.terminal.buffer.normal;
		const from = this.boundary();
		let end = normal.length;
		while (end > from && (normal.getLine(end - 1)?.translateToString(true) ?? '') === '') {
			end--;
		}

		this.emit(normal, from, end, this.lastAt);
		this.times = [];
		// Still in the alternate screen (a full-screen program) at the end: what was visible is the last thing seen.
		const alternate = this.terminal.buffer.active;
		if (alternate.type === 'alternate') {
			let last = alternate.length;
			while (last > 0 && (alternate.getLine(last - 1)?.translateToString(true) ?? '') === '') {
				last--;
			}

			this.emit(alternate, 0, last, this.lastAt);
		}
	}

	dispose(): void {
		this.marker?.dispose();
		this.terminal.dispose();
	}

	private boundary(): number {
		if (this.marker) {
			if (!this.marker.isDisposed) {
				return this.marker.line;
			}

			// Trimmed before it was harvested; cannot happen with slices shorter than the scrollback.
			this.marker = undefined;
			this.boundaryLine = 0;
		}

		return this.boundaryLine ?? 0;
	}

	private setBoundary(line: number): void {
		this.marker?.dispose();
		this.marker = undefined;
		this.boundaryLine = line;
		if (this.terminal.buffer.active.type === 'normal') {
			const normal = this.terminal.buffer.normal;
			this.marker = this.terminal.registerMarker(line - (normal.baseY + normal.cursorY));
			if (this.marker) {
				this.boundaryLine = undefined;
			}
		}
	}

	private harvest(at: number): void {
		this.lastAt = Math.max(this.lastAt, at);
		if (this.terminal.buffer.active.type !== 'normal') {
			// Output goes to the alternate screen; the normal buffer (history) does not change meanwhile.
			return;
		}

		const normal = this.terminal.buffer.normal;
		if (!this.marker) {
			this.setBoundary(this.boundaryLine ?? 0);
		}

		const boundary = this.boundary();
		const cursor = normal.baseY + normal.cursorY - boundary;
		for (let i = Math.max(0, Math.min(this.cursorRel, cursor)); i <= Math.max(this.cursorRel, cursor); i++) {
			this.times[i] = at;
		}

		this.cursorRel = cursor;
		const limit = normal.baseY;
		if (limit <= boundary) {
			return;
		}

		// Whole logical lines only: stop before a row that continues into the screen (unless it is huge).
		let end = limit;
		while (end > boundary && normal.getLine(end)?.isWrapped) {
			end--;
		}

		if (end === boundary) {
			if (limit - boundary < this.forceRows) {
				return;
			}

			end = limit;
		}

		this.emit(normal, boundary, end, at);
		this.times.splice(0, end - boundary);
		this.cursorRel -= end - boundary;
		this.setBoundary(end);
	}

	private emit(buffer: xterm.IBuffer, from: number, end: number, at: number): void {
		let text = '';
		let time = 0;
		for (let y = from; y < end; y++) {
			const line = buffer.getLine(y);
			const continues = y + 1 < end && buffer.getLine(y + 1)?.isWrapped === true;
			text += line?.translateToString(!continues) ?? '';
			time = Math.max(time, this.times[y - from] ?? at);
			if (!continues) {
				// translateToString builds the text cell by cell, a rope of one piece per cell; flatten it now so that
				// a line waiting to be consumed holds one string, not hundreds of pieces (GC cost triples otherwise).
				flatten(text);
				this.out.push({text, lineNumber: this.lineNumber++, time: new Date(time * 1000)});
				text = '';
				time = 0;
			}
		}
	}

	private resize(cols: number, rows: number): void {
		const terminal = this.terminal;
		if (cols === terminal.cols && rows === terminal.rows) {
			return;
		}

		const normal = terminal.buffer.normal;
		// A widening reflow merges rows without moving markers: remember the boundary as "after the Nth logical line".
		const recount = cols > terminal.cols || (cols !== terminal.cols && !this.marker);
		const linesBefore = recount ? countLogicalLines(normal, this.boundary()) : 0;
		terminal.resize(cols, rows);
		if (recount) {
			this.setBoundary(rowOfLogicalLine(normal, linesBefore));
		}

		this.cursorRel = normal.baseY + normal.cursorY - this.boundary();
	}
}

function flatten(text: string): void {
	// V8 flattens a concatenated (cons) string when a character is read.
	text.charCodeAt(0);
}

function countLogicalLines(buffer: xterm.IBuffer, end: number): number {
	let count = 0;
	for (let y = 0; y < end; y++) {
		if (y === 0 || !buffer.getLine(y)?.isWrapped) {
			count++;
		}
	}

	return count;
}

function rowOfLogicalLine(buffer: xterm.IBuffer, index: number): number {
	let count = 0;
	for (let y = 0; y < buffer.length; y++) {
		if (y === 0 || !buffer.getLine(y)?.isWrapped) {
			if (count === index) {
				return y;
			}

			count++;
		}
	}

	return Math.max(0, buffer.length - 1);
}

/** The recording's history as lines, streamed (memory stays bounded however long the recording is). */
export async function * historyLines(
	castFiles: string | readonly string[],
	options: RenderOptions = {},
): AsyncGenerator<HistoryLine> {
	const files = typeof castFiles === 'string' ? [castFiles] : castFiles;
	const fixedSize = options.cols !== undefined || options.rows !== undefined;
	let renderer: HistoryRenderer | undefined;
	try {
		for await (const chunk of readRecording(files, {signal: options.signal, onProblem: options.onProblem})) {
			if (chunk.kind === 'start') {
				const cols = options.cols ?? chunk.header.width;
				const rows = options.rows ?? chunk.header.height;
				if (renderer) {
					if (!fixedSize) {
						renderer.resizeInOrder(cols, rows, chunk.header.timestamp ?? 0);
					}
				} else {
					renderer = new HistoryRenderer(cols, rows, options.scrollback ?? defaultWorkingScrollback);
				}

				continue;
			}

			for (const event of chunk.events) {
				renderer!.feed(event, !fixedSize);
			}

			// Hand lines on as they are harvested (one parse tick's worth at a time), rather than letting them pile up
			// while the parser catches up: held lines would survive garbage collections, which is what costs.
			while (renderer!.feeder.full) {
				// eslint-disable-next-line no-await-in-loop
				await renderer!.feeder.progress();
				yield * renderer!.take();
			}

			yield * renderer!.take();
		}

		if (renderer) {
			await renderer.finish();
			yield * renderer.take();
		}
	} finally {
		renderer?.dispose();
	}
}

/** The whole history as text, one line per logical line (wrapped rows joined), ending in a newline. */
export async function renderHistory(castFiles: string | readonly string[], options: RenderOptions = {}): Promise<string> {
	const lines: string[] = [];
	for await (const line of historyLines(castFiles, options)) {
		lines.push(line.text);
	}

	return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
