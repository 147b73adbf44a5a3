// A session's terminal: the one emulator (@xterm/headless) its program's output is parsed by and whose replies the
// program gets, the output not parsed yet, and the screen read back for clients (snapshots, frames, rows, text), each
// rendered once per change of the screen however many clients ask. The program's side is session.ts.
import type xterm from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import {createEmulator} from '../terminal/emulator.js';
import {screenAnsi, screenText} from '../terminal/rows.js';
import {defaultLook, type TerminalLook, TerminalReplies} from '../terminal/replies.js';
import {ScreenReader, type ScreenState} from '../terminal/screen.js';
import {cursorHidden, parserAtGround, serializeScreen} from '../xterm-internals.js';
import type {FeedSession} from './feed.js';
import type {ScreenSource} from './screen-feed.js';

export type SessionTerminalOptions = {
	/** The session's id: what its feeds' notifications name. */
	id: string;
	cols: number;
	rows: number;
	scrollback: number;
	/** What the user's terminal looks like (colours, cell size), for the program's queries; xterm's defaults otherwise. */
	look?: () => TerminalLook;
	/** Where the terminal's own complaints go (parsing errors), at most one line a minute. */
	log?: (message: string) => void;
};

export class SessionTerminal implements FeedSession, ScreenSource {
	readonly id: string;
	readonly emulator: xterm.Terminal;
	private readonly serializer = new serializeAddon.SerializeAddon();
	private readonly replies: TerminalReplies;
	private readonly reader: ScreenReader;
	// Output handed to the emulator but not parsed yet: a snapshot is the parsed screen plus these.
	private readonly unparsed: string[] = [];
	private unparsedBytes = 0;
	private screenChanges = 0;
	private frameCache: {version: number; ansi: string} | undefined;
	private screenCache: {version: number; state: ScreenState} | undefined;

	constructor(options: SessionTerminalOptions) {
		this.id = options.id;
		this.emulator = createEmulator({cols: options.cols, rows: options.rows, scrollback: options.scrollback, log: options.log});
		this.emulator.loadAddon(this.serializer);
		this.replies = new TerminalReplies(this.emulator, options.look ?? (() => defaultLook));
		this.reader = new ScreenReader(this.emulator, this.replies);
	}

	get cols(): number {
		return this.emulator.cols;
	}

	get rows(): number {
		return this.emulator.rows;
	}

	get buffer(): xterm.IBufferNamespace {
		return this.emulator.buffer;
	}

	get modes(): xterm.IModes {
		return this.emulator.modes;
	}

	/** Output to parse; `parsed` runs once it is in the screen. */
	write(data: string, parsed: () => void): void {
		this.unparsed.push(data);
		this.unparsedBytes += data.length;
		this.emulator.write(data, () => {
			this.unparsed.shift();
			this.unparsedBytes -= data.length;
			this.screenChanges++;
			parsed();
		});
	}

	resize(cols: number, rows: number): void {
		this.emulator.resize(cols, rows);
		this.screenChanges++;
	}

	/** Draws a screen saved earlier (a dormant session's last screen). */
	async restore(snapshot: string, cols: number, rows: number): Promise<void> {
		this.emulator.resize(cols, rows);
		await new Promise<void>(resolve => {
			this.emulator.write(snapshot, resolve);
		});
		this.screenChanges++;
	}

	/** ANSI that rebuilds this screen, `scrollback` lines of history, cursor and modes in a fresh terminal. */
	snapshot(scrollback: number): string {
		return this.parsedSnapshot(scrollback) + this.unparsed.join('');
	}

	/** Like snapshot(), but of the screen as parsed so far: it leaves out the output still waiting for the parser. */
	parsedSnapshot(scrollback: number): string {
		return serializeScreen(this.emulator, this.serializer, scrollback);
	}

	/**
	The parsed screen without scrollback: what a flooded client is sent each frame. Serialized once per change of
	the screen, however many clients are sent it.
	*/
	frame(): string {
		if (this.frameCache?.version !== this.screenVersion) {
			this.frameCache = {version: this.screenVersion, ansi: this.parsedSnapshot(0)};
		}

		return this.frameCache.ansi;
	}

	/**
	The parsed screen as rows, cursor and modes (what `session.screen` carries). Rendered once per change of the
	screen, however many clients are sent it.
	*/
	screen(): ScreenState {
		if (this.screenCache?.version !== this.screenVersion) {
			this.screenCache = {version: this.screenVersion, state: this.reader.read()};
		}

		return this.screenCache.state;
	}

	/** Rendered lines of the buffer (history, then the screen), `start` counted from the oldest line kept. */
	renderedLines(start: number, count: number): string[] {
		return this.reader.bufferLines(start, count);
	}

	/** Changes whenever the parsed screen may have changed: output parsed, a resize, a restored screen. */
	get screenVersion(): number {
		return this.screenChanges;
	}

	/** Output received but not parsed yet, in UTF-16 units. */
	get pendingBytes(): number {
		return this.unparsedBytes;
	}

	/** Everything received is parsed and the parser is not inside an escape sequence: frame() is exact. */
	get atRest(): boolean {
		return this.unparsed.length === 0 && parserAtGround(this.emulator);
	}

	cursor(): {x: number; y: number; visible: boolean} {
		const buffer = this.emulator.buffer.active;
		return {x: buffer.cursorX, y: buffer.cursorY, visible: !cursorHidden(this.emulator)};
	}

	/** Resolves once everything received so far has been parsed into the screen. */
	async settled(): Promise<void> {
		return new Promise(resolve => {
			this.emulator.write('', resolve);
		});
	}

	/** The screen (and up to `scrollback` lines above it) as plain text, one line per row, trailing blanks trimmed. */
	async captureText(scrollback = 0): Promise<string> {
		await this.settled();
		return screenText(this.emulator, scrollback);
	}

	/**
	The screen (and up to `scrollback` lines above it) with its colours and attributes as SGR, and nothing else: no
	cursor moves or mode changes that would change the terminal it is printed on (tmux's capture-pane -pe).
	*/
	async captureAnsi(scrollback = 0): Promise<string> {
		await this.settled();
		return screenAnsi(this.emulator, scrollback);
	}

	dispose(): void {
		this.replies.dispose();
		this.reader.dispose();
		this.emulator.dispose();
	}
}
