// Copy mode as tmux has it: a cursor over the session's history, moved by vi or emacs keys (copy-keys.ts), a
// selection by character, line or rectangle, searching, and what the pane shows meanwhile. Pure state: the
// controller (copy-session.ts) fetches the rows, runs searches that reach the history on disk, and copies. Where
// motions land in the text and what a selection's text is are copy-text.ts's.
import {plainWidth} from '../terminal/unicode.js';
import {matchesIn, type Place, type TextMatch, type TextRows} from '../terminal/text-rows.js';
import {cellStart, cellsOf, cellWidthAt, nextWord, previousWord, textBetween, wordEnd, type SelectionMode} from './copy-text.js';
import {copyKeyTables, type CopyCommand, type CopyKeys} from './copy-keys.js';
import {describeKey} from './key-names.js';
import type {Key} from './keys.js';
import {editLine, lineEdit, type LineEdit} from './line-editor.js';

export type {SelectionMode} from './copy-text.js';

export type Selection = {anchor: Place; mode: SelectionMode; rectangle: boolean};

/** What the controller must do after a key. */
export type CopyEffect =
	| {type: 'exit'}
	| {type: 'copy'; text: string; exit: boolean}
	| {type: 'search'; query: string; backward: boolean; from: Place};

export type Highlight = {from: number; to: number; kind: 'selection' | 'match' | 'current'};

export type SearchPrompt = {backward: boolean; line: LineEdit};

// Lines a wheel notch scrolls, as tmux's default bindings.
export const wheelLines = 5;

export class CopyMode {
	top: number;
	cursor: Place;
	selection: Selection | undefined;
	/** The last search, highlighted while copy mode lasts. */
	search: {query: string; backward: boolean} | undefined;
	/** The match the cursor was last moved to. */
	current: TextMatch | undefined;
	prompt: SearchPrompt | undefined;
	/** A notice for the mode line (a search that found nothing). */
	notice: string | undefined;
	// The column up and down try to keep, as in an editor.
	private wantedCol: number;

	constructor(
		private readonly rows: TextRows,
		readonly keys: CopyKeys,
		/** Cells of a row of the document (the session's width) and rows the pane shows. */
		private size: {cols: number; height: number},
		start: {top: number; cursor: Place},
	) {
		this.top = start.top;
		this.cursor = start.cursor;
		this.wantedCol = start.cursor.col;
		this.clamp();
	}

	get height(): number {
		return this.size.height;
	}

	/** Rows were put before the first one (older history arrived): every place moves down with them. */
	shift(rows: number): void {
		this.top += rows;
		this.cursor = {row: this.cursor.row + rows, col: this.cursor.col};
		if (this.selection) {
			this.selection = {...this.selection, anchor: {row: this.selection.anchor.row + rows, col: this.selection.anchor.col}};
		}

		if (this.current) {
			this.current = {start: {...this.current.start, row: this.current.start.row + rows}, end: {...this.current.end, row: this.current.end.row + rows}};
		}
	}

	resize(size: {cols: number; height: number}): void {
		this.size = size;
		this.clamp();
	}

	/** The lowest `top` there is: the last rows of the document fill the pane. */
	get bottomTop(): number {
		return Math.max(0, this.rows.count - this.size.height);
	}

	get atBottom(): boolean {
		return this.top >= this.bottomTop;
	}

	key(key: Key): CopyEffect | undefined {
		this.notice = undefined;
		if (this.prompt) {
			return this.promptKey(this.prompt, key);
		}

		const command = copyKeyTables[this.keys][describeKey(key)];
		return command === undefined ? undefined : this.run(command);
	}

	/** Wheel notches over the pane: negative up. */
	wheel(notches: number): void {
		this.scrollBy(notches * wheelLines);
	}

	/** A press of the left button at a cell of the pane: the cursor goes there, and a selection starts if it drags. */
	press(x: number, y: number): void {
		this.selection = undefined;
		this.moveTo({row: this.top + y, col: x});
	}

	/** The left button dragged to a cell: select from where it was pressed (scrolling at the pane's edges). */
	drag(x: number, y: number): void {
		if (!this.selection) {
			this.selection = {anchor: this.cursor, mode: 'char', rectangle: false};
		}

		if (y < 0) {
			this.scrollBy(-1);
		} else if (y >= this.size.height) {
			this.scrollBy(1);
		}

		const row = this.top + Math.max(0, Math.min(this.size.height - 1, y));
		this.moveTo({row, col: x}, false);
	}

	/** The text the selection covers, lines joined by newlines (a wrapped line stays one line). */
	selectedText(): string {
		const range = this.selectionRange();
		return range ? textBetween(this.rows, range.start, range.end, range.mode, range.rectangle) : '';
	}

	/** Cells of document row `row` to draw highlighted. */
	highlights(row: number): Highlight[] {
		const found: Highlight[] = [];
		const range = this.selectionRange();
		if (range && row >= range.start.row && row <= range.end.row) {
			const width = plainWidth(this.rows.text(row) ?? '');
			let from = 0;
			let to = width;
			if (range.mode === 'line') {
				to = Math.max(width, 1);
			} else if (range.rectangle) {
				from = Math.min(range.start.col, range.end.col);
				to = Math.max(range.start.col, range.end.col) + 1;
			} else {
				if (row === range.start.row) {
					from = range.start.col;
				}

				if (row === range.end.row) {
					to = range.end.col + cellWidthAt(this.rows, range.end);
				}
			}

			if (to > from) {
				found.push({from, to, kind: 'selection'});
			}
		}

		return found;
	}

	/** Matches of the last search on rows `first` to `last`, each a highlight on its rows. */
	matchHighlights(first: number, last: number): Map<number, Highlight[]> {
		const byRow = new Map<number, Highlight[]>();
		if (!this.search) {
			return byRow;
		}

		for (const match of matchesIn(this.rows, this.search.query, first, last)) {
			const current = this.current !== undefined && samePlace(match.start, this.current.start);
			for (let row = match.start.row; row <= match.end.row; row++) {
				const from = row === match.start.row ? match.start.col : 0;
				const to = row === match.end.row ? match.end.col : plainWidth(this.rows.text(row) ?? '');
				if (to > from) {
					const list = byRow.get(row) ?? [];
					list.push({from, to, kind: current ? 'current' : 'match'});
					byRow.set(row, list);
				}
			}
		}

		return byRow;
	}

	/** A search's result: the cursor on the match, the view moved to show it (centred when it was off screen). */
	found(match: TextMatch | undefined, query: string): void {
		if (!match) {
			this.notice = `Not found: ${query}`;
			return;
		}

		this.current = match;
		if (match.start.row < this.top || match.start.row >= this.top + this.size.height) {
			this.top = match.start.row - Math.floor(this.size.height / 2);
		}

		this.moveTo(match.start);
	}

	private run(command: CopyCommand): CopyEffect | undefined {
		const {cursor, size} = this;
		const page = Math.max(1, size.height - 1);
		const half = Math.max(1, Math.floor(size.height / 2));
		switch (command) {
			case 'cursor-left': {
				return this.moveTo({row: cursor.row, col: cellStart(this.rows, {row: cursor.row, col: cursor.col - 1})});
			}

			case 'cursor-right': {
				return this.moveTo({row: cursor.row, col: cursor.col + cellWidthAt(this.rows, cursor)});
			}

			case 'cursor-up': {
				return this.moveTo({row: cursor.row - 1, col: this.wantedCol}, false);
			}

			case 'cursor-down': {
				return this.moveTo({row: cursor.row + 1, col: this.wantedCol}, false);
			}

			case 'start-of-line': {
				return this.moveTo({row: cursor.row, col: 0});
			}

			case 'back-to-indentation': {
				const cells = cellsOf(this.rows, cursor.row);
				const first = cells.findIndex(char => char !== '' && !/\s/u.test(char));
				return this.moveTo({row: cursor.row, col: Math.max(0, first)});
			}

			case 'end-of-line': {
				return this.moveTo({row: cursor.row, col: cellStart(this.rows, {row: cursor.row, col: Math.max(0, cellsOf(this.rows, cursor.row).length - 1)})});
			}

			case 'next-word':
			case 'next-space': {
				return this.moveTo(nextWord(this.rows, this.cursor, command === 'next-space'));
			}

			case 'next-word-end':
			case 'next-space-end': {
				return this.moveTo(wordEnd(this.rows, this.cursor, command === 'next-space-end'));
			}

			case 'previous-word':
			case 'previous-space': {
				return this.moveTo(previousWord(this.rows, this.cursor, command === 'previous-space'));
			}

			case 'top-line': {
				return this.moveTo({row: this.top, col: 0});
			}

			case 'middle-line': {
				return this.moveTo({row: this.top + Math.floor((Math.min(this.rows.count, this.top + size.height) - this.top - 1) / 2), col: 0});
			}

			case 'bottom-line': {
				return this.moveTo({row: Math.min(this.rows.count, this.top + size.height) - 1, col: 0});
			}

			case 'history-top': {
				this.top = 0;
				return this.moveTo({row: 0, col: 0});
			}

			case 'history-bottom': {
				this.top = this.bottomTop;
				const last = Math.max(0, this.rows.count - 1);
				return this.moveTo({row: last, col: Math.max(0, cellsOf(this.rows, last).length - 1)});
			}

			case 'page-up':
			case 'page-down':
			case 'halfpage-up':
			case 'halfpage-down': {
				const step = command.startsWith('half') ? half : page;
				const delta = command.endsWith('up') ? -step : step;
				this.top += delta;
				return this.moveTo({row: cursor.row + delta, col: this.wantedCol}, false);
			}

			case 'scroll-up': {
				this.scrollBy(-1);
				return undefined;
			}

			case 'scroll-down': {
				this.scrollBy(1);
				return undefined;
			}

			case 'search-forward':
			case 'search-backward': {
				this.prompt = {backward: command === 'search-backward', line: lineEdit()};
				return undefined;
			}

			case 'search-again':
			case 'search-reverse': {
				if (!this.search) {
					this.notice = 'No search yet';
					return undefined;
				}

				const backward = command === 'search-again' ? this.search.backward : !this.search.backward;
				return {type: 'search', query: this.search.query, backward, from: this.cursor};
			}

			case 'begin-selection': {
				this.selection = {anchor: this.cursor, mode: 'char', rectangle: false};
				return undefined;
			}

			case 'toggle-selection': {
				this.selection = this.selection?.mode === 'char' ? undefined : {anchor: this.cursor, mode: 'char', rectangle: this.selection?.rectangle ?? false};
				return undefined;
			}

			case 'select-line': {
				this.selection = this.selection?.mode === 'line' ? undefined : {anchor: this.selection?.anchor ?? this.cursor, mode: 'line', rectangle: false};
				return undefined;
			}

			case 'rectangle-toggle': {
				this.selection = this.selection
					? {...this.selection, mode: 'char', rectangle: !this.selection.rectangle}
					: {anchor: this.cursor, mode: 'char', rectangle: true};
				return undefined;
			}

			case 'clear-selection': {
				if (!this.selection) {
					return {type: 'exit'};
				}

				this.selection = undefined;
				return undefined;
			}

			case 'other-end': {
				if (this.selection) {
					const {anchor} = this.selection;
					this.selection = {...this.selection, anchor: this.cursor};
					return this.moveTo(anchor);
				}

				return undefined;
			}

			case 'copy-selection-and-cancel': {
				return this.selection ? {type: 'copy', text: this.selectedText(), exit: true} : {type: 'exit'};
			}

			case 'copy-end-of-line': {
				const cells = cellsOf(this.rows, cursor.row).length;
				return {type: 'copy', text: textBetween(this.rows, cursor, {row: cursor.row, col: Math.max(cursor.col, cells - 1)}, 'char', false), exit: true};
			}

			case 'cancel': {
				return {type: 'exit'};
			}
		}
	}

	private promptKey(prompt: SearchPrompt, key: Key): CopyEffect | undefined {
		const name = describeKey(key);
		if (name === 'Escape' || name === 'C-c' || name === 'C-g') {
			this.prompt = undefined;
			return undefined;
		}

		if (name === 'Enter' || name === 'C-s' || name === 'C-r') {
			const query = prompt.line.text || this.search?.query || '';
			if (query === '') {
				this.prompt = undefined;
				return undefined;
			}

			// In emacs, C-s and C-r at the prompt search at once and keep the prompt open, as isearch does.
			const backward = name === 'C-r' ? true : name === 'C-s' ? false : prompt.backward;
			this.search = {query, backward};
			if (name === 'Enter') {
				this.prompt = undefined;
			} else {
				this.prompt = {backward, line: prompt.line};
			}

			return {type: 'search', query, backward, from: this.cursor};
		}

		const line = editLine(prompt.line, key);
		if (line) {
			this.prompt = {...prompt, line};
		}

		return undefined;
	}

	private scrollBy(rows: number): void {
		this.top += rows;
		this.clampTop();
		// The cursor stays on screen, on the row it was, when it can.
		const row = Math.max(this.top, Math.min(this.top + this.size.height - 1, this.cursor.row));
		if (row !== this.cursor.row) {
			this.cursor = {row, col: this.cursor.col};
			this.clamp(false);
		}
	}

	/** Moves the cursor (`remember`: its column becomes the one up and down keep), scrolling to keep it in view. */
	private moveTo(place: Place, remember = true): undefined {
		this.cursor = place;
		this.clamp(remember);
		if (this.cursor.row < this.top) {
			this.top = this.cursor.row;
		} else if (this.cursor.row >= this.top + this.size.height) {
			this.top = this.cursor.row - this.size.height + 1;
		}

		this.clampTop();
		return undefined;
	}

	private clamp(remember = true): void {
		const row = Math.max(0, Math.min(this.rows.count - 1, this.cursor.row));
		const col = Math.max(0, Math.min(this.size.cols - 1, this.cursor.col));
		this.cursor = {row: Math.max(0, row), col};
		this.cursor = {row: this.cursor.row, col: cellStart(this.rows, this.cursor)};
		if (remember) {
			this.wantedCol = this.cursor.col;
		}

		this.clampTop();
	}

	private clampTop(): void {
		this.top = Math.max(0, Math.min(this.bottomTop, this.top));
	}

	private selectionRange(): {start: Place; end: Place; mode: SelectionMode; rectangle: boolean} | undefined {
		if (!this.selection) {
			return undefined;
		}

		const {anchor, mode, rectangle} = this.selection;
		const cursor = this.cursor;
		const before = anchor.row < cursor.row || (anchor.row === cursor.row && anchor.col <= cursor.col);
		return {start: before ? anchor : cursor, end: before ? cursor : anchor, mode, rectangle};
	}

}

function samePlace(a: Place, b: Place): boolean {
	return a.row === b.row && a.col === b.col;
}
