// Rows of plain text as a terminal lays them out (cells by the Unicode 11 table of unicode.ts), and finding text in
// them across the rows a long line wrapped onto. The daemon searches the history on disk with it and the TUI's copy
// mode the history in memory, so both agree on where a match starts and ends, in cells.
import {codePointWidth, plainWidth} from './unicode.js';

/** A cell of a row: `col` counts cells from the left, 0-based. */
export type Place = {row: number; col: number};

/** A match from `start` to just before `end` (the cell after its last one, on the row of its last character). */
export type TextMatch = {start: Place; end: Place};

/** Plain rows, each known by index; `wrapped(row)` says the row continues the one above (one long line). */
export type TextRows = {
	readonly count: number;
	text(row: number): string | undefined;
	wrapped(row: number): boolean;
};

/** A logical line cut into rows of at most `cols` cells, as a terminal wraps it (a wide character never straddles). */
export function wrapLine(text: string, cols: number): string[] {
	const width = Math.max(1, cols);
	if (plainWidth(text) <= width) {
		return [text];
	}

	const rows: string[] = [];
	let row = '';
	let used = 0;
	for (const char of text) {
		const cells = codePointWidth(char.codePointAt(0)!);
		if (cells > 0 && used + cells > width) {
			rows.push(row);
			row = '';
			used = 0;
		}

		row += char;
		used += cells;
	}

	rows.push(row);
	return rows;
}

/** Lines cut into rows of `cols` cells, and for each row whether it continues the row above. */
export function wrapLines(lines: readonly string[], cols: number): {texts: string[]; wrappedRows: boolean[]} {
	const texts: string[] = [];
	const wrappedRows: boolean[] = [];
	for (const line of lines) {
		for (const [index, row] of wrapLine(line, cols).entries()) {
			texts.push(row);
			wrappedRows.push(index > 0);
		}
	}

	return {texts, wrappedRows};
}

/** Escapes a literal for a regular expression: copy mode's searches, `grep -F`; text, never a pattern. */
export function escapeRegExp(query: string): string {
	// Only the syntax characters: the `u` flag refuses escapes of anything else (`\-`).
	return query.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Case-insensitive unless the query holds a capital letter, as tmux and vim's smartcase. */
export function searchPattern(query: string, caseSensitive?: boolean): RegExp {
	const sensitive = caseSensitive ?? query !== query.toLowerCase();
	return new RegExp(escapeRegExp(query), sensitive ? 'gu' : 'giu');
}

type Line = {first: number; texts: string[]; joined: string};

/** The logical line holding `row`: its first row and the texts of its rows. */
function lineAt(rows: TextRows, row: number): Line {
	let first = row;
	while (first > 0 && rows.wrapped(first)) {
		first--;
	}

	const texts: string[] = [];
	for (let next = first; next < rows.count && (next === first || rows.wrapped(next)); next++) {
		texts.push(rows.text(next) ?? '');
	}

	return {first, texts, joined: texts.join('')};
}

/** Where string offset `offset` of a line falls, in cells; at a row's end, on that row (`endOfRow`) or the next. */
function placeOf(line: Line, offset: number, endOfRow: boolean): Place {
	let rest = offset;
	for (const [index, text] of line.texts.entries()) {
		const last = index === line.texts.length - 1;
		if (rest < text.length || (rest === text.length && (endOfRow || last))) {
			return {row: line.first + index, col: plainWidth(text.slice(0, rest))};
		}

		rest -= text.length;
	}

	return {row: line.first + line.texts.length - 1, col: plainWidth(line.texts.at(-1) ?? '')};
}

/** The string offset in a line of cell `col` of its row `row` (a cell inside a wide character: that character). */
function offsetOf(line: Line, place: Place): number {
	let offset = 0;
	for (let index = 0; index < place.row - line.first; index++) {
		offset += line.texts[index]!.length;
	}

	const text = line.texts[place.row - line.first] ?? '';
	let cells = 0;
	let local = 0;
	for (const char of text) {
		const width = codePointWidth(char.codePointAt(0)!);
		if (cells + width > place.col) {
			break;
		}

		cells += width;
		local += char.length;
	}

	return offset + local;
}

export type FindOptions = {
	/** Searching starts just after (before, when `backward`) this cell; the match must not start on it. */
	from: Place;
	backward?: boolean;
	caseSensitive?: boolean;
	/** Rows looked at before giving up (the search can be continued from `next`). Default: all of them. */
	maxRows?: number;
};

export type FindResult = {match: TextMatch} | {match: undefined; /** where to go on, or undefined at the end */ next: Place | undefined};

/**
The first match of `query` after `from` (before it, backward), across wrapped rows; searching stops at the first or
last row (no wrapping around: the caller decides that).
*/
export function findText(rows: TextRows, query: string, options: FindOptions): FindResult {
	if (query === '' || rows.count === 0) {
		return {match: undefined, next: undefined};
	}

	const pattern = searchPattern(query, options.caseSensitive);
	const budget = options.maxRows ?? Number.POSITIVE_INFINITY;
	let looked = 0;
	let row = Math.max(0, Math.min(rows.count - 1, options.from.row));
	let line = lineAt(rows, row);
	// A place off the row's ends (how a continuation is given) takes in the whole line.
	const whole = options.backward ? options.from.col === Number.MAX_SAFE_INTEGER : options.from.col < 0;
	let from: number | undefined = whole ? undefined : offsetOf(line, {row, col: options.from.col});
	for (;;) {
		const starts = matchStarts(pattern, line.joined);
		const found = options.backward
			? starts.findLast(match => from === undefined || match.index < from)
			: starts.find(match => from === undefined || match.index > from);
		if (found) {
			return {match: {start: placeOf(line, found.index, false), end: placeOf(line, found.index + found.length, true)}};
		}

		looked += line.texts.length;
		row = options.backward ? line.first - 1 : line.first + line.texts.length;
		if (row < 0 || row >= rows.count) {
			return {match: undefined, next: undefined};
		}

		if (looked >= budget) {
			return {match: undefined, next: options.backward ? {row, col: Number.MAX_SAFE_INTEGER} : {row, col: -1}};
		}

		line = lineAt(rows, row);
		from = undefined;
	}
}

/** Every match of `pattern` in `text`, as string offsets and lengths. */
function matchStarts(pattern: RegExp, text: string): Array<{index: number; length: number}> {
	const found: Array<{index: number; length: number}> = [];
	pattern.lastIndex = 0;
	for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
		found.push({index: match.index, length: match[0].length});
		if (match[0].length === 0) {
			pattern.lastIndex++;
		}
	}

	return found;
}

/** Every match of `query` that touches rows `first` to `last` (for highlighting what is on screen). */
export function matchesIn(rows: TextRows, query: string, first: number, last: number, caseSensitive?: boolean): TextMatch[] {
	if (query === '' || rows.count === 0) {
		return [];
	}

	const pattern = searchPattern(query, caseSensitive);
	const matches: TextMatch[] = [];
	let row = Math.max(0, first);
	while (row <= Math.min(last, rows.count - 1)) {
		const line = lineAt(rows, row);
		for (const found of matchStarts(pattern, line.joined)) {
			const match = {start: placeOf(line, found.index, false), end: placeOf(line, found.index + found.length, true)};
			if (match.end.row >= first && match.start.row <= last) {
				matches.push(match);
			}
		}

		row = line.first + line.texts.length;
	}

	return matches;
}
