// Copy mode over one session: its rows fetched from the daemon (the buffer in memory with session.rows, the history
// on disk older than that with session.history, a page at a time as they come into view), searches run across both
// (the daemon searches the part on disk: session.search), and the pane drawn from them. The state of the cursor,
// selection and search is copy-mode.ts's; this owns where the rows come from.
import type {RpcClient} from '../client.js';
import type {SearchResult} from '../protocol.js';
import {findText, type Place, type TextMatch, type TextRows} from '../terminal/text-rows.js';
import {cutAnsi, textWidth} from './ansi-width.js';
import type {CopyKeys} from './copy-keys.js';
import {CopyMode, type CopyEffect} from './copy-mode.js';
import type {Key} from './keys.js';
import {overlayRow} from './row-overlay.js';
import {plainRow} from './plain-row.js';

const pageRows = 1000;
const memoryRowsPerRequest = 10_000;
// How long keys typed as copy mode opens wait for the history on disk to arrive before they apply anyway.
const archiveWaitMs = 1500;

export type CopySessionOptions = {
	client: RpcClient;
	sessionId: string;
	keys: CopyKeys;
	height: number;
	/** The session's cursor on its screen: copy mode starts there. */
	cursor: {x: number; y: number};
	/** Entered with the mouse wheel: scrolling back to the bottom leaves, as tmux's copy-mode -e. */
	exitAtBottom: boolean;
	onChange: () => void;
	onExit: () => void;
	/** A copy: to the clipboard and the paste buffer. */
	onCopy: (text: string) => void;
	onError: (message: string) => void;
};

type Memory = {rows: string[]; plain: string[]; wrapped: boolean[]; screenTop: number; cols: number};
type ArchivePage = {texts: string[]; wrapped: Set<number>};

export class CopySession {
	readonly sessionId: string;
	private mode: CopyMode | undefined;
	private memory: Memory | undefined;
	// Rows of the history on disk (older than memory), by page as fetched.
	private archive: {version: string; total: number; pages: Map<number, ArchivePage>; asked: Set<number>} | undefined;
	// Keys and wheel notches that came before the rows did.
	private readonly early: Array<() => void> = [];
	private searching: object | undefined;
	// Keys wait (in `early`) until the rows are in and the history on disk has arrived or taken too long.
	private holding = true;
	private closed = false;
	private height: number;

	constructor(private readonly options: CopySessionOptions) {
		this.sessionId = options.sessionId;
		this.height = options.height;
		void this.load();
	}

	get ready(): boolean {
		return this.mode !== undefined;
	}

	/** For the status bar: `COPY`, then where the view is, tmux's [lines up/lines of history]. */
	get label(): string {
		const {mode} = this;
		if (!mode) {
			return 'COPY';
		}

		return `COPY [${mode.bottomTop - mode.top}/${mode.bottomTop}]`;
	}

	close(): void {
		this.closed = true;
		this.searching = undefined;
	}

	resize(height: number): void {
		this.height = height;
		if (this.mode && this.memory) {
			this.mode.resize({cols: this.memory.cols, height});
		}
	}

	key(key: Key): void {
		// Keys typed while a search runs apply after it, as if it had been instant.
		if (this.holding || this.searching) {
			this.early.push(() => {
				this.key(key);
			});
			return;
		}

		if (key.name === 'mouse') {
			this.mouse(key.sequence);
		} else {
			void this.apply(this.mode?.key(key));
		}

		this.options.onChange();
	}

	/** A wheel notch or a drag over the pane, as an SGR mouse report in pane coordinates (1-based). */
	mouse(report: string): void {
		const match = /^\u001B\[<(\d+);(\d+);(\d+)([Mm])$/.exec(report);
		const {mode} = this;
		if (!match) {
			return;
		}

		if (!mode || this.holding || this.searching) {
			this.early.push(() => {
				this.mouse(report);
			});
			return;
		}

		const button = Number(match[1]);
		const x = Number(match[2]) - 1;
		const y = Number(match[3]) - 1;
		const release = match[4] === 'm';
		if ((button & 64) !== 0) {
			mode.wheel((button & 1) === 0 ? -1 : 1);
			if (this.options.exitAtBottom && mode.atBottom && (button & 1) === 1 && !mode.selection) {
				this.exit();
			}
		} else if ((button & 3) === 0) {
			if (release) {
				if (mode.selection) {
					// tmux's MouseDragEnd: the drag is copied and copy mode ends.
					void this.apply({type: 'copy', text: mode.selectedText(), exit: true});
				}
			} else if ((button & 32) === 0) {
				mode.press(x, y);
			} else {
				mode.drag(x, y);
			}
		}

		this.options.onChange();
	}

	/** What the pane shows: `height` rows of at most `width` cells, and where the cursor is. */
	view(width: number): {rows: string[]; cursor: {x: number; y: number; visible: boolean}} {
		const {mode, memory, height} = this;
		if (!mode || !memory) {
			return {rows: [], cursor: {x: 0, y: 0, visible: false}};
		}

		const first = mode.top;
		const last = mode.top + height - 1;
		this.fetchArchiveRows(first, last);
		const matches = mode.matchHighlights(first, last);
		const rows: string[] = [];
		for (let y = 0; y < height; y++) {
			const row = first + y;
			const highlights = [...(matches.get(row) ?? []), ...mode.highlights(row)];
			const rendered = this.rendered(row);
			const drawn = overlayRow(rendered, highlights, memory.cols);
			rows.push(textWidth(drawn) > width ? cutAnsi(drawn, width).text : drawn);
		}

		const indicator = mode.notice ?? (this.archive === undefined ? '[loading older history]' : '');
		if (indicator !== '' && rows.length > 0) {
			const shown = cutAnsi(indicator, width).text;
			rows[0] = padTo(cutAnsi(rows[0]!, Math.max(0, width - textWidth(shown))).text, width - textWidth(shown)) + `\u001B[0;30;43m${shown}\u001B[0m`;
		}

		let cursor = {x: mode.cursor.col, y: mode.cursor.row - mode.top, visible: true};
		if (mode.prompt && rows.length > 0) {
			const label = mode.prompt.backward ? '(search up) ' : '(search down) ';
			const {text, cursor: at} = mode.prompt.line;
			const line = label + text;
			rows[rows.length - 1] = `\u001B[0;30;43m${padTo(cutAnsi(line, width).text, width)}\u001B[0m`;
			cursor = {x: Math.min(width - 1, textWidth(label + text.slice(0, at))), y: rows.length - 1, visible: true};
		}

		if (cursor.x >= width) {
			cursor = {...cursor, visible: false};
		}

		return {rows, cursor};
	}

	private async load(): Promise<void> {
		const {client, sessionId} = this.options;
		try {
			const probe = await client.request('session.rows', {session: sessionId, count: 0});
			const rows: string[] = [];
			const wrapped: boolean[] = [];
			for (let start = 0; start < probe.total; start += memoryRowsPerRequest) {
				// eslint-disable-next-line no-await-in-loop
				const page = await client.request('session.rows', {session: sessionId, start, count: memoryRowsPerRequest});
				const continued = new Set(page.wrapped ?? []);
				for (const [index, row] of page.rows.entries()) {
					rows.push(row);
					wrapped.push(continued.has(index));
				}
			}

			if (this.closed) {
				return;
			}

			// Trailing blank rows of the screen stay: the screen is shown as it is.
			this.memory = {rows, plain: rows.map(row => plainRow(row)), wrapped, screenTop: probe.screenTop, cols: probe.cols};
			const cursorRow = Math.min(rows.length - 1, probe.screenTop + this.options.cursor.y);
			this.mode = new CopyMode(this.document(), this.options.keys, {cols: probe.cols, height: this.height}, {
				top: probe.screenTop,
				cursor: {row: Math.max(0, cursorRow), col: this.options.cursor.x},
			});
		} catch (error) {
			this.options.onError(`Copy mode: ${(error as Error).message}`);
			this.exit();
			return;
		}

		this.options.onChange();
		// Keys typed early wait for the history on disk (so g goes to its top), but not for long.
		const waited = setTimeout(() => {
			this.runEarly();
		}, archiveWaitMs);
		await this.loadArchive();
		clearTimeout(waited);
		this.runEarly();
	}

	private runEarly(): void {
		this.holding = false;
		for (const run of this.early.splice(0)) {
			run();
		}
	}

	private async loadArchive(): Promise<void> {
		const {client, sessionId} = this.options;
		try {
			const first = await client.request('session.history', {session: sessionId, cols: this.memory!.cols, count: 0});
			if (this.closed) {
				return;
			}

			this.archive = {version: first.version, total: first.total, pages: new Map(), asked: new Set()};
			this.mode!.shift(first.total);
		} catch {
			// No history on disk to add (an older daemon, an unreadable recording): memory is all there is.
			this.archive = {version: '', total: 0, pages: new Map(), asked: new Set()};
		}

		this.options.onChange();
	}

	/** The rows of the document: the archive's, then memory's. */
	private document(): TextRows {
		const count = () => (this.archive?.total ?? 0) + (this.memory?.rows.length ?? 0);
		return {
			get count() {
				return count();
			},
			text: row => this.plain(row),
			wrapped: row => this.wrapped(row),
		};
	}

	private get archiveRows(): number {
		return this.archive?.total ?? 0;
	}

	private plain(row: number): string | undefined {
		const older = this.archiveRows;
		if (row < older) {
			const page = this.archive?.pages.get(Math.floor(row / pageRows));
			return page?.texts[row % pageRows];
		}

		return this.memory?.plain[row - older];
	}

	private wrapped(row: number): boolean {
		const older = this.archiveRows;
		if (row < older) {
			return this.archive?.pages.get(Math.floor(row / pageRows))?.wrapped.has(row % pageRows) ?? false;
		}

		// The first row of memory may continue a line only the archive holds: searches treat it as a line of its own.
		return row > older && (this.memory?.wrapped[row - older] ?? false);
	}

	private rendered(row: number): string {
		const older = this.archiveRows;
		if (row < older) {
			const text = this.plain(row);
			// Not fetched yet: a dim mark where it will be.
			return text ?? '\u001B[0;2m…\u001B[0m';
		}

		return this.memory?.rows[row - older] ?? '';
	}

	private fetchArchiveRows(first: number, last: number): void {
		const {archive} = this;
		if (!archive || first >= archive.total) {
			return;
		}

		for (let page = Math.floor(first / pageRows); page <= Math.floor(Math.min(last, archive.total - 1) / pageRows); page++) {
			void this.fetchPage(page);
		}
	}

	private async fetchPage(page: number): Promise<void> {
		const {archive} = this;
		if (!archive || archive.pages.has(page) || archive.asked.has(page)) {
			return;
		}

		archive.asked.add(page);
		try {
			const result = await this.options.client.request('session.history', {
				session: this.sessionId,
				version: archive.version,
				cols: this.memory!.cols,
				start: page * pageRows,
				count: pageRows,
			});
			archive.pages.set(page, {texts: result.rows, wrapped: new Set(result.wrapped)});
		} catch (error) {
			this.options.onError(`Copy mode: ${(error as Error).message}`);
		} finally {
			archive.asked.delete(page);
		}

		if (!this.closed) {
			this.options.onChange();
		}
	}

	private async loadRows(first: number, last: number): Promise<void> {
		const pages: Array<Promise<void>> = [];
		for (let page = Math.floor(first / pageRows); page <= Math.floor(Math.min(last, this.archiveRows - 1) / pageRows); page++) {
			pages.push(this.fetchPage(page));
		}

		await Promise.all(pages);
	}

	private async apply(effect: CopyEffect | undefined): Promise<void> {
		const {mode} = this;
		if (!effect || !mode) {
			return;
		}

		switch (effect.type) {
			case 'exit': {
				this.exit();
				return;
			}

			case 'copy': {
				let {text} = effect;
				const {selection} = mode;
				if (selection && Math.min(selection.anchor.row, mode.cursor.row) < this.archiveRows) {
					// Rows of the history on disk not fetched yet are fetched before the text is taken.
					await this.loadRows(Math.min(selection.anchor.row, mode.cursor.row), Math.max(selection.anchor.row, mode.cursor.row)).catch(() => {});
					text = mode.selectedText();
				}

				this.options.onCopy(text);
				if (effect.exit) {
					this.exit();
				}

				return;
			}

			case 'search': {
				const token = {};
				this.searching = token;
				let match: TextMatch | undefined;
				try {
					match = await this.find(effect.query, effect.from, effect.backward);
				} catch (error) {
					this.options.onError(`Search: ${(error as Error).message}`);
					match = undefined;
				}

				if (this.searching === token && !this.closed) {
					this.searching = undefined;
					mode.found(match, effect.query);
					this.options.onChange();
					this.runEarly();
				}
			}
		}
	}

	/** The next match in the whole document, wrapping around at its ends as tmux does. */
	private async find(query: string, from: Place, backward: boolean): Promise<TextMatch | undefined> {
		const last = Math.max(0, this.archiveRows + (this.memory?.rows.length ?? 0) - 1);
		return await this.findFrom(query, from, backward)
			?? this.findFrom(query, backward ? {row: last, col: Number.MAX_SAFE_INTEGER} : {row: 0, col: -1}, backward);
	}

	private async findFrom(query: string, from: Place, backward: boolean): Promise<TextMatch | undefined> {
		const older = this.archiveRows;
		const inMemory = (start: Place) => {
			const rows: TextRows = {
				count: this.memory!.rows.length,
				text: row => this.memory!.plain[row],
				wrapped: row => row > 0 && this.memory!.wrapped[row] === true,
			};
			const found = findText(rows, query, {from: {row: start.row - older, col: start.col}, backward});
			return found.match ? shiftMatch(found.match, older) : undefined;
		};

		if (backward) {
			if (from.row >= older) {
				const found = inMemory(from);
				if (found || older === 0) {
					return found;
				}

				return this.findOnDisk(query, {row: older - 1, col: Number.MAX_SAFE_INTEGER}, true);
			}

			return this.findOnDisk(query, from, true);
		}

		if (from.row < older) {
			const found = await this.findOnDisk(query, from, false);
			return found ?? inMemory({row: older, col: -1});
		}

		return inMemory(from);
	}

	/** Asks the daemon to search the history on disk, going on for as long as it says there is more to look at. */
	private async findOnDisk(query: string, from: Place, backward: boolean): Promise<TextMatch | undefined> {
		const {archive} = this;
		if (!archive || archive.total === 0) {
			return undefined;
		}

		let place: Place | null = from;
		while (place && !this.closed) {
			// eslint-disable-next-line no-await-in-loop
			const result: SearchResult = await this.options.client.request('session.search', {
				session: this.sessionId,
				version: archive.version,
				cols: this.memory!.cols,
				query,
				row: Math.min(place.row, archive.total - 1),
				col: Math.min(place.col, Number.MAX_SAFE_INTEGER),
				backward,
			});
			if (result.match) {
				// eslint-disable-next-line no-await-in-loop -- the match's rows are loaded before the search returns it
				await this.loadRows(result.match.start.row, result.match.end.row);
				return result.match;
			}

			place = result.next;
		}

		return undefined;
	}

	private exit(): void {
		if (!this.closed) {
			this.close();
			this.options.onExit();
		}
	}
}

function shiftMatch(match: TextMatch, rows: number): TextMatch {
	return {start: {row: match.start.row + rows, col: match.start.col}, end: {row: match.end.row + rows, col: match.end.col}};
}

function padTo(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}
