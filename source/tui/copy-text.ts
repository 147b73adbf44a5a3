// Rows of text as copy mode walks them: a row's cells (a wide character takes two, the second ''), the step from
// cell to cell over line ends (a row the next one continues has none), word motions with tmux's separators, and the
// text between two places by character, line or rectangle. Pure functions of the rows.
import {codePointWidth} from '../terminal/unicode.js';
import type {Place, TextRows} from '../terminal/text-rows.js';

export type SelectionMode = 'char' | 'line';

/** A cell's class for word motions: blank, a word separator, or a word character. */
function charClass(char: string, bigWords: boolean): 0 | 1 | 2 {
	if (char === '' || /\s/u.test(char)) {
		return 0;
	}

	if (bigWords) {
		return 2;
	}

	// tmux's default word-separators, and the ASCII punctuation around them.
	return /[!-/:-@[-^`{-~]/.test(char) && char !== '_' ? 1 : 2;
}

/** The characters of a row of plain text by cell: the character starting there, '' for the right half of a wide one. */
export function rowCells(text: string): string[] {
	const cells: string[] = [];
	for (const char of text) {
		const width = codePointWidth(char.codePointAt(0)!);
		if (width === 0) {
			if (cells.length > 0) {
				cells[cells.length - 1] += char;
			}

			continue;
		}

		cells.push(char);
		if (width === 2) {
			cells.push('');
		}
	}

	return cells;
}

/** Plain text of cells `from` to just before `to` (a wide character is in when its first cell is). */
export function sliceCells(text: string, from: number, to: number): string {
	return rowCells(text).slice(Math.max(0, from), Math.max(0, to)).join('');
}

/** A row's cells (see rowCells). */
export function cellsOf(rows: TextRows, row: number): string[] {
	return rowCells(rows.text(row) ?? '');
}

/** The first cell of the character at `place` (the left half of a wide one). */
export function cellStart(rows: TextRows, place: Place): number {
	const cells = cellsOf(rows, place.row);
	let col = Math.max(0, place.col);
	while (col > 0 && col < cells.length && cells[col] === '') {
		col--;
	}

	return col;
}

/** Cells the character at `place` takes. */
export function cellWidthAt(rows: TextRows, place: Place): number {
	const cells = cellsOf(rows, place.row);
	return cells[place.col + 1] === '' ? 2 : 1;
}

/** The character at a place as word motions see it: line ends between unwrapped rows are blanks. */
function charAt(rows: TextRows, place: Place): string {
	return cellsOf(rows, place.row)[place.col] ?? '';
}

/** The next cell (over line ends); undefined at the end of the document. */
function step(rows: TextRows, place: Place, forward: boolean): Place | undefined {
	if (forward) {
		const width = cellsOf(rows, place.row).length;
		if (place.col + 1 < width) {
			return {row: place.row, col: place.col + 1};
		}

		// Past the text: one blank for the line end, unless the next row continues this line.
		if (place.col < width && place.row + 1 < rows.count && !rows.wrapped(place.row + 1)) {
			return {row: place.row, col: width};
		}

		return place.row + 1 < rows.count ? {row: place.row + 1, col: 0} : undefined;
	}

	if (place.col > 0) {
		return {row: place.row, col: Math.min(place.col - 1, cellsOf(rows, place.row).length)};
	}

	if (place.row === 0) {
		return undefined;
	}

	const width = cellsOf(rows, place.row - 1).length;
	return {row: place.row - 1, col: rows.wrapped(place.row) ? Math.max(0, width - 1) : width};
}

export function nextWord(rows: TextRows, from: Place, big: boolean): Place {
	let place: Place | undefined = from;
	const start = charClass(charAt(rows, place), big);
	while (place && start !== 0 && charClass(charAt(rows, place), big) === start) {
		place = step(rows, place, true);
	}

	while (place && charClass(charAt(rows, place), big) === 0) {
		place = step(rows, place, true);
	}

	return place ?? lastPlace(rows);
}

export function wordEnd(rows: TextRows, from: Place, big: boolean): Place {
	let place = step(rows, from, true);
	while (place && charClass(charAt(rows, place), big) === 0) {
		place = step(rows, place, true);
	}

	if (!place) {
		return lastPlace(rows);
	}

	const kind = charClass(charAt(rows, place), big);
	for (let next = step(rows, place, true); next && charClass(charAt(rows, next), big) === kind; next = step(rows, next, true)) {
		place = next;
	}

	return place;
}

export function previousWord(rows: TextRows, from: Place, big: boolean): Place {
	let place = step(rows, from, false);
	while (place && charClass(charAt(rows, place), big) === 0) {
		place = step(rows, place, false);
	}

	if (!place) {
		return {row: 0, col: 0};
	}

	const kind = charClass(charAt(rows, place), big);
	for (let next = step(rows, place, false); next && charClass(charAt(rows, next), big) === kind; next = step(rows, next, false)) {
		place = next;
	}

	return place;
}

/** The last cell of the last row. */
export function lastPlace(rows: TextRows): Place {
	const row = Math.max(0, rows.count - 1);
	return {row, col: Math.max(0, cellsOf(rows, row).length - 1)};
}


/** The text from `start` to `end` (both in), by character, whole lines or a rectangle of columns. */
export function textBetween(rows: TextRows, start: Place, end: Place, mode: SelectionMode, rectangle: boolean): string {
	let text = '';
	for (let row = start.row; row <= end.row; row++) {
		const line = rows.text(row) ?? '';
		let piece: string;
		if (mode === 'line') {
			piece = line;
		} else if (rectangle) {
			piece = sliceCells(line, Math.min(start.col, end.col), Math.max(start.col, end.col) + 1).trimEnd();
		} else {
			const from = row === start.row ? start.col : 0;
			const to = row === end.row ? end.col + cellWidthAt(rows, end) : Number.MAX_SAFE_INTEGER;
			piece = sliceCells(line, from, to);
		}

		// A row the next one continues is the same line: no newline between them (not in a rectangle).
		const joined = !rectangle && row < end.row && rows.wrapped(row + 1);
		text += piece + (row < end.row && !joined ? '\n' : '');
	}

	return mode === 'line' ? text.replaceAll(/[ \t]+$/gm, '') : text;
}
