// The TUI's copy of the attached session's screen: a headless terminal seeded by the attach snapshot and fed the
// live output. It never answers the child's queries (the daemon's terminal does; two answers would confuse it).
import xterm from '@xterm/headless';

const mirrorScrollback = 2000;
// RIS, full reset: in the same write as the snapshot it replaces the screen in one parse, so no frame in between is
// painted blank (terminal.reset() is immediate, while write() parses later).
const fullReset = '\u001Bc';

/** Data that, written to a mirror, starts it over from `snapshot`. */
export function startOver(snapshot: string): string {
	return fullReset + snapshot;
}

export class PaneMirror {
	readonly terminal: xterm.Terminal;

	constructor(
		readonly sessionId: string,
		columns: number,
		rows: number,
		private readonly onParsed: () => void,
		onBell: () => void,
	) {
		this.terminal = new xterm.Terminal({cols: columns, rows, scrollback: mirrorScrollback, allowProposedApi: true});
		this.terminal.onBell(onBell);
	}

	/**
	 * xterm defers the first write of a burst to a timer (about 1 ms, on the latency path) unless the user just
	 * typed; this tells it so, making the next write parse at once. Public API: input() with wasUserInput. The
	 * mirror has no onData listener, so the empty input itself goes nowhere.
	 */
	parseNextWriteAtOnce(): void {
		this.terminal.input('', true);
	}

	write(data: string): void {
		this.terminal.write(data, this.onParsed);
	}

	/** Starts over from a snapshot: a frame during a flood, or a resync after we fell behind. */
	replace(snapshot: string, columns: number, rows: number): void {
		this.resize(columns, rows);
		this.write(startOver(snapshot));
	}

	resize(columns: number, rows: number): void {
		if (columns !== this.terminal.cols || rows !== this.terminal.rows) {
			this.terminal.resize(columns, rows);
		}
	}

	dispose(): void {
		this.terminal.dispose();
	}
}
